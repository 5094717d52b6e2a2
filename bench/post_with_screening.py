"""Time forum replies end to end in-process (save, screen, counters), on a seeded database.

    DATABASE_URL=... .venv/bin/python bench/post_with_screening.py [--posts 200]

Needs a database seeded by `manage.py seed_demo`; writes the replies it times into one new
topic of the first class board."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def main() -> None:
    import django

    django.setup()
    from digicampus.accounts.models import User
    from digicampus.portal import services
    from digicampus.portal.models import Board

    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200)
    args = parser.parse_args()
    student = User.objects.get(education_id="demo.student")
    board = Board.objects.filter(audience="class", classroom__memberships__user=student).first()
    topic = services.topic_create(
        actor=student, board=board, title="Benchmark", body="Bài 5 làm thế nào?"
    ).topic
    times = []
    for i in range(args.posts):
        start = time.perf_counter()
        services.post_reply(actor=student, topic=topic, body=f"Dùng định lý Pi-ta-go nhé ({i})")
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
    print(f"{args.posts} replies: p50 {p50:.1f} ms, p95 {p95:.1f} ms (save + screen + counters)")


if __name__ == "__main__":
    main()
