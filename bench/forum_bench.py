"""Forum and public portal under load (issue 5): 2,000,000 forum posts in the district.

Seeds once per database (a marker in var/bench/ and the 2,000-reply topic in the database say
it is done): every school's default boards, a portal with published articles for every school,
then 2,000,000 posts in bulk, spread over topics of 5-100 posts in all boards, with many topics
in the class board of demo.student's class and one topic there with exactly 2,000 replies.
Posts are inserted published with `bulk_create` and are NOT screened one by one (screening is
measured by bench/screening_bench.py and bench/post_with_screening.py); topic counters
(first_post, reply_count, last_post_at) are then set with SQL, and PostgreSQL is ANALYZEd.

Then it starts gunicorn like bench/http_load.py and measures, with N concurrent users: the big
class board's page and page 50 of the 2,000-reply topic as demo.student, and the first
school's public portal home page without login. Needs the district of bench/run.sh (seed_demo).

    DIGICAMPUS_VAR_DIR=$PWD/var/bench/sqlite .venv/bin/python bench/forum_bench.py --label sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/digicampus_bench \\
        DIGICAMPUS_VAR_DIR=$PWD/var/bench/postgres .venv/bin/python bench/forum_bench.py \\
        --label postgres
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from http_load import ROOT, Session, run_scenario, start_server

BIG_TITLE = "Forum bench: topic with 2,000 replies"
TOPIC_PREFIX = "Forum bench"
PHRASES = (
    "hôm nay lớp mình học bài mới về phân số thầy cô giao bài tập về nhà các bạn nhớ nộp "
    "đúng hạn nhé câu hỏi số ba khó quá ai giải giúp mình với cảm ơn mọi người đã trả lời "
    "tuần sau có kiểm tra giữa kỳ môn toán văn anh sinh hoạt lớp vào chiều thứ sáu "
    "the homework for tomorrow is on page twelve please bring your notebook and a pencil "
    "明天 数学 作业 第十二页 请 带 笔记本 谢谢 老师 同学们 加油"
)
WORDS = PHRASES.split()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def text(rng: random.Random, low: int = 8, high: int = 60) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


# ---------------------------------------------------------------- seeding


def seed_boards_and_sites(rng: random.Random) -> None:
    """Default boards for every school; a portal for every school, with three published
    articles in its news column (site_create for the first school, bulk for the others)."""
    from django.utils import timezone, translation

    from digicampus.org.models import School
    from digicampus.portal.html import ascii_slug
    from digicampus.portal.models import Article, Column, Site
    from digicampus.portal.services import DEFAULT_COLUMNS, board_defaults, site_create

    schools = list(School.objects.order_by("pk"))
    with translation.override("vi"):
        for school in schools:
            board_defaults(school=school)
        if not Site.objects.filter(school=schools[0]).exists():
            site_create(actor=None, school=schools[0])
        taken = set(Site.objects.values_list("slug", flat=True))
        sites = []
        for school in School.objects.filter(site__isnull=True).order_by("pk"):
            base = ascii_slug(school.name, max_length=60) or ascii_slug(school.code)
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            sites.append(Site(school=school, name=school.name, slug=slug))
        Site.objects.bulk_create(sites)
        Column.objects.bulk_create(
            Column(site=site, name=str(kind.label), slug=slug, kind=kind, position=i * 10)
            for site in sites
            for i, (kind, slug) in enumerate(DEFAULT_COLUMNS)
        )
        now = timezone.now()
        articles = []
        for site in Site.objects.filter(school__isnull=False).order_by("pk"):
            have = Article.objects.filter(site=site, state="published").count()
            news = Column.objects.filter(site=site, slug="news").first()
            for n in range(have, 3):
                articles.append(
                    Article(
                        site=site,
                        column=news,
                        title=text(rng, 6, 10),
                        slug=f"bench-{n + 1}",
                        summary=text(rng, 10, 16),
                        body="".join(f"<p>{text(rng, 40, 80)}</p>" for _ in range(3)),
                        state="published",
                        published_at=now - timedelta(days=n + 1),
                    )
                )
        Article.objects.bulk_create(articles, batch_size=1000)


def topic_plan(rng: random.Random, total: int, big_board: int, boards: list[int], big: int):
    """(board id, number of posts) of every topic: the 2,000-reply topic first, then 3,000
    topics in the big class board, then topics of 5-100 posts anywhere until `total`."""
    plan = [(big_board, big + 1)]
    left = total - big - 1
    for _ in range(3000):
        n = min(rng.randint(5, 100), left)
        if n <= 0:
            break
        plan.append((big_board, n))
        left -= n
    while left > 0:
        n = min(rng.randint(5, 100), left)
        plan.append((rng.choice(boards), n))
        left -= n
    return plan


def chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def seed_posts(rng: random.Random, total: int, big: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from digicampus.accounts.models import Membership, User
    from digicampus.portal.models import Board, Post, Topic

    student = User.objects.get(education_id="demo.student")
    classroom_id = Membership.objects.get(user=student, role="student").classroom_id
    big_board = Board.objects.get(classroom_id=classroom_id).pk
    boards = list(Board.objects.values_list("pk", "school_id"))
    # Authors: up to 40 members (students and teachers) per school; the big board's own class.
    authors: dict[int, list[int]] = {}
    for user_id, school_id in Membership.objects.filter(
        role__in=["student", "teacher"], school__isnull=False
    ).values_list("user_id", "school_id"):
        pool = authors.setdefault(school_id, [])
        if len(pool) < 40:
            pool.append(user_id)
    classmates = list(
        Membership.objects.filter(classroom_id=classroom_id).values_list("user_id", flat=True)
    )
    school_of = dict(boards)
    plan = topic_plan(rng, total, big_board, [b for b, _ in boards], big)
    now = timezone.now()
    first_topic_id = None
    written = 0
    for part in chunks(plan, 1000):
        with transaction.atomic():
            topics = []
            starts = []
            for board_id, n in part:
                start = now - timedelta(days=365) + timedelta(seconds=rng.randint(0, 360 * 86400))
                if n == big + 1:
                    start = now - timedelta(days=30)
                starts.append(start)
                pool = classmates if board_id == big_board else authors[school_of[board_id]]
                title = BIG_TITLE if n == big + 1 else f"{TOPIC_PREFIX}: {text(rng, 4, 9)}"
                topics.append(
                    Topic(
                        board_id=board_id,
                        author_id=rng.choice(pool),
                        title=title[:200],
                        created_at=start,
                        last_post_at=start,
                    )
                )
            Topic.objects.bulk_create(topics, batch_size=5000)
            if first_topic_id is None:
                first_topic_id = topics[0].pk
            posts = []
            for topic, start, (board_id, n) in zip(topics, starts, part, strict=True):
                pool = classmates if board_id == big_board else authors[school_of[board_id]]
                step = 60 if n > 1000 else 1800
                for k in range(n):
                    posts.append(
                        Post(
                            topic_id=topic.pk,
                            author_id=topic.author_id if k == 0 else rng.choice(pool),
                            body=text(rng),
                            created_at=start + timedelta(seconds=k * step + rng.randint(0, 59)),
                            moderation="published",
                        )
                    )
                if len(posts) >= 50000:
                    Post.objects.bulk_create(posts, batch_size=5000)
                    written += len(posts)
                    posts = []
            Post.objects.bulk_create(posts, batch_size=5000)
            written += len(posts)
        print(f"  {written:>9,} posts", flush=True)
    set_counters(first_topic_id)
    return {"topics": len(plan), "posts": written, "big_board": big_board}


def set_counters(first_topic_id: int) -> None:
    """Counters of the topics written here, in one grouped UPDATE (the rules of
    services.topic_counters_refresh: published replies only; the first post is the earliest,
    which is also the lowest id since each topic's posts were inserted in order). PostgreSQL is
    ANALYZEd first: without statistics it answers per-topic subqueries with a bitmap AND over
    the whole moderation index."""
    from django.db import connection, transaction

    from digicampus.portal.models import Post, Topic

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    post_table, topic_table = Post._meta.db_table, Topic._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {topic_table} SET first_post_id = s.first, "  # noqa: S608 - model tables
            "reply_count = s.published - 1, last_post_at = s.last "
            "FROM (SELECT topic_id, MIN(id) AS first, "
            "COUNT(*) FILTER (WHERE moderation = 'published') AS published, "
            "MAX(created_at) FILTER (WHERE moderation = 'published') AS last "
            f"FROM {post_table} WHERE topic_id >= %s GROUP BY topic_id) AS s "
            f"WHERE {topic_table}.id = s.topic_id",
            [first_topic_id],
        )


def seed(label: str, total: int, big: int) -> None:
    from django.db import connection

    from digicampus.portal.models import Post, Topic

    marker = ROOT / "var" / "bench" / f"{label}-forum.seeded"
    if marker.exists() and Topic.objects.filter(title=BIG_TITLE).exists():
        print(f"[{label}] forum already seeded ({marker.name})")
        return
    rng = random.Random(5)
    started = time.perf_counter()
    seed_boards_and_sites(rng)
    print(f"[{label}] boards and portals in {time.perf_counter() - started:.1f} s", flush=True)
    done = seed_posts(rng, total, big)
    with connection.cursor() as cursor:
        # Statistics for the planner, on both databases (seed_demo's were taken before the
        # forum had any rows); on PostgreSQL also the visibility map that index-only scans
        # need, as autovacuum would set it on a live server after bulk inserts.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elapsed = time.perf_counter() - started
    print(
        f"[{label}] seeded {done['topics']:,} topics, {done['posts']:,} posts "
        f"(forum now {Post.objects.count():,} posts) in {elapsed:.0f} s",
        flush=True,
    )
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({**done, "seconds": round(elapsed)}))


def targets() -> dict[str, object]:
    from digicampus.accounts.models import Membership
    from digicampus.org.models import School
    from digicampus.portal.models import Board, Site, Topic

    topic = Topic.objects.get(title=BIG_TITLE)
    classroom_id = Membership.objects.get(
        user__education_id="demo.student", role="student"
    ).classroom_id
    board = Board.objects.get(classroom_id=classroom_id)
    first = School.objects.order_by("pk").first()
    return {
        "board": board.pk,
        "board_topics": board.topics.count(),
        "topic": topic.pk,
        "topic_replies": topic.reply_count,
        "site": Site.objects.get(school=first).slug,
    }


# ---------------------------------------------------------------- measuring


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--posts", type=int, default=2_000_000)
    parser.add_argument("--big-replies", type=int, default=2000)
    parser.add_argument("--password", default="DigiCampus-2026")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    setup_django()
    seed(args.label, args.posts, args.big_replies)
    if args.seed_only:
        return
    where = targets()
    print(
        f"[{args.label}] board {where['board']} ({where['board_topics']:,} topics), "
        f"topic {where['topic']} ({where['topic_replies']:,} replies), portal /p/{where['site']}/"
    )
    env = {**os.environ, "LOG_LEVEL": "ERROR", "AXES_FAILURE_LIMIT": "1000000"}
    server = start_server(args.port, env)
    results: list[dict[str, object]] = []
    try:
        print(f"[{args.label}] {args.users} concurrent users, {args.duration:.0f} s per scenario")
        students = [Session(args.port) for _ in range(args.users)]
        for s in students:
            assert s.sign_in("demo.student", args.password) == 302
            s.accept_conduct()
        pages = {
            "board page": f"/forum/boards/{where['board']}/",
            "topic page 50": f"/forum/topics/{where['topic']}/?page=50",
        }
        for name, path in pages.items():
            status, _page = students[0].request("GET", path)
            assert status == 200, (path, status)
            results.append(
                run_scenario(
                    name, students, lambda s, i, p=path: s.request("GET", p)[0], args.duration
                )
            )
        readers = [Session(args.port) for _ in range(args.users)]
        home = f"/p/{where['site']}/"
        assert readers[0].request("GET", home)[0] == 200
        results.append(
            run_scenario(
                "portal home (public)",
                readers,
                lambda s, i: s.request("GET", home)[0],
                args.duration,
            )
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    Path(args.out, f"forum-{args.label}.json").write_text(
        json.dumps({"targets": where, "results": results}, indent=2)
    )


if __name__ == "__main__":
    sys.exit(main())
