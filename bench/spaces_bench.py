"""Learning spaces under load (issue 3): 1,000,000 space posts and 300,000 homework
submissions in the district of bench/run.sh.

Seeds once per database (a marker in var/bench/ and the bench assignment in the database say it
is done): every school's spaces (`spaces_ensure`), then 1,000,000 feed posts in bulk, 5,000 of
them in demo.teacher's space and 5,000 in the class space of demo.student's class, the rest
spread over all spaces and written by their owners (theme spaces: a member of the school);
500 guestbook notes in demo.teacher's space; three homework assignments per class set by its
homeroom teacher with a submission from every student (about 300,000), the two past ones
graded; and in demo.teacher's class one assignment that 40 students handed in. Posts and
submissions are inserted with `bulk_create`, published, without screening each one (screening
is measured by bench/screening_bench.py). `last_activity_at` is then set from the posts, and
PostgreSQL is ANALYZEd.

Then it starts gunicorn like bench/http_load.py and measures, with N concurrent users:
demo.teacher's space page as demo.student, the class space of demo.student's class as
demo.student, and the grading view of the 40-submission assignment as demo.teacher.

    DIGICAMPUS_VAR_DIR=$PWD/var/bench/sqlite .venv/bin/python bench/spaces_bench.py --label sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/digicampus_bench \\
        DIGICAMPUS_VAR_DIR=$PWD/var/bench/postgres .venv/bin/python bench/spaces_bench.py \\
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
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from http_load import ROOT, Session, run_scenario, start_server

GRADING_TITLE = "Spaces bench: homework handed in by 40 students"
PHRASES = (
    "hôm nay lớp mình học bài mới về phân số em đã hoàn thành bài tập và sưu tầm thêm tài liệu "
    "cô giáo dặn cả lớp ôn tập chương hai chuẩn bị cho bài kiểm tra giữa kỳ "
    "today we read a story and drew a map of the school garden "
    "今天 我们 学习 了 分数 同学们 积极 发言 作业 已 完成"
)
WORDS = PHRASES.split()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def text(rng: random.Random, low: int = 8, high: int = 50) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


# ---------------------------------------------------------------- seeding


def seed_spaces() -> None:
    from django.db import transaction

    from digicampus.org.models import School
    from digicampus.spaces.services import spaces_ensure

    for school in School.objects.order_by("pk"):
        with transaction.atomic():
            spaces_ensure(school=school)


def seed_posts(rng: random.Random, total: int) -> int:
    """Feed posts: 5,000 in demo.teacher's space and in the class space of demo.student's
    class, the rest anywhere; each written by the space's owner or a member of its school."""
    from django.db import transaction
    from django.utils import timezone

    from digicampus.accounts.models import Membership, User
    from digicampus.spaces.models import GuestbookEntry, Space, SpacePost

    teacher = User.objects.get(education_id="demo.teacher")
    student = User.objects.get(education_id="demo.student")
    classroom_id = Membership.objects.get(user=student, role="student").classroom_id
    teacher_space = Space.objects.get(owner=teacher).pk
    class_space = Space.objects.get(classroom_id=classroom_id).pk
    pool: dict[int, list[int]] = {}
    for user_id, school_id in Membership.objects.filter(
        role__in=["student", "teacher"], school__isnull=False
    ).values_list("user_id", "school_id"):
        members = pool.setdefault(school_id, [])
        if len(members) < 40:
            members.append(user_id)
    classmates = list(
        Membership.objects.filter(classroom_id=classroom_id).values_list("user_id", flat=True)
    )
    spaces = list(Space.objects.values_list("pk", "owner_id", "school_id"))
    owner_of = {pk: (owner, school) for pk, owner, school in spaces}
    now = timezone.now()
    plan = [teacher_space] * 5000 + [class_space] * 5000
    plan += [rng.choice(spaces)[0] for _ in range(total - len(plan))]
    written = 0
    for start in range(0, len(plan), 50000):
        with transaction.atomic():
            rows = []
            for space_id in plan[start : start + 50000]:
                owner, school = owner_of[space_id]
                if space_id == class_space:
                    author = rng.choice(classmates)
                else:
                    author = owner or rng.choice(pool[school])
                rows.append(
                    SpacePost(
                        space_id=space_id,
                        author_id=author,
                        kind="note",
                        body=text(rng),
                        created_at=now - timedelta(seconds=rng.randint(0, 365 * 86400)),
                        moderation="published",
                    )
                )
            SpacePost.objects.bulk_create(rows, batch_size=5000)
            written += len(rows)
        print(f"  {written:>9,} posts", flush=True)
    GuestbookEntry.objects.bulk_create(
        [
            GuestbookEntry(
                space_id=teacher_space,
                author_id=rng.choice(classmates),
                body=text(rng, 4, 20),
                created_at=now - timedelta(seconds=rng.randint(0, 365 * 86400)),
            )
            for _ in range(500)
        ]
    )
    return written


def set_activity() -> None:
    """A personal space's last activity is its owner's latest post."""
    from django.db import connection, transaction

    from digicampus.spaces.models import Space, SpacePost

    space, post = Space._meta.db_table, SpacePost._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {space} SET last_activity_at = s.last "  # noqa: S608 - model tables
            f"FROM (SELECT p.space_id, MAX(p.created_at) AS last FROM {post} p "
            f"JOIN {space} o ON o.id = p.space_id AND o.owner_id = p.author_id "
            "GROUP BY p.space_id) AS s "
            f"WHERE {space}.id = s.space_id"
        )


def seed_homework(rng: random.Random) -> tuple[int, int]:
    """Three assignments per class by its homeroom teacher, each handed in by every student
    (the two past ones graded), and the 40-submission assignment of demo.teacher's class."""
    from django.db import transaction
    from django.utils import timezone

    from digicampus.accounts.models import Membership, User
    from digicampus.org.models import Classroom
    from digicampus.spaces.models import Assignment, Submission

    now = timezone.now()
    students: dict[int, list[int]] = {}
    for user_id, classroom_id in Membership.objects.filter(
        role="student", classroom__isnull=False
    ).values_list("user_id", "classroom_id"):
        students.setdefault(classroom_id, []).append(user_id)
    classes = list(
        Classroom.objects.filter(homeroom_teacher__isnull=False).values_list(
            "pk", "school_id", "homeroom_teacher_id"
        )
    )
    n_assignments = n_submissions = 0
    for start in range(0, len(classes), 200):
        with transaction.atomic():
            assignments = [
                Assignment(
                    school_id=school_id,
                    classroom_id=classroom_id,
                    teacher_id=teacher_id,
                    title=f"Bài tập tuần {week}",
                    instructions=text(rng, 10, 30),
                    due_at=now + timedelta(days=7 * (week - 2)),
                )
                for classroom_id, school_id, teacher_id in classes[start : start + 200]
                for week in (1, 2, 3)
            ]
            Assignment.objects.bulk_create(assignments, batch_size=2000)
            rows = []
            for a in assignments:
                past = a.due_at < now
                for student_id in students.get(a.classroom_id, []):
                    submitted = a.due_at - timedelta(hours=rng.randint(-12, 72))
                    rows.append(
                        Submission(
                            school_id=a.school_id,
                            assignment_id=a.pk,
                            student_id=student_id,
                            text=text(rng, 5, 40),
                            submitted_at=submitted,
                            is_late=submitted > a.due_at,
                            score=Decimal(rng.randint(40, 100)) / 10 if past else None,
                            graded_at=a.due_at + timedelta(days=1) if past else None,
                            graded_by_id=a.teacher_id if past else None,
                        )
                    )
            Submission.objects.bulk_create(rows, batch_size=5000)
            n_assignments += len(assignments)
            n_submissions += len(rows)
        print(f"  {n_submissions:>9,} submissions", flush=True)
    teacher = User.objects.get(education_id="demo.teacher")
    classroom = Classroom.objects.get(homeroom_teacher=teacher)
    with transaction.atomic():
        a = Assignment.objects.create(
            school_id=classroom.school_id,
            classroom=classroom,
            teacher=teacher,
            title=GRADING_TITLE,
            instructions=text(rng),
            due_at=now - timedelta(days=1),
        )
        Submission.objects.bulk_create(
            Submission(
                school_id=a.school_id,
                assignment=a,
                student_id=student_id,
                text=text(rng, 20, 60),
                submitted_at=a.due_at - timedelta(hours=rng.randint(-12, 72)),
            )
            for student_id in students[classroom.pk][:40]
        )
    return n_assignments + 1, n_submissions + 40


def seed(label: str, total: int) -> None:
    from django.db import connection

    from digicampus.spaces.models import Assignment, SpacePost

    marker = ROOT / "var" / "bench" / f"{label}-spaces.seeded"
    if marker.exists() and Assignment.objects.filter(title=GRADING_TITLE).exists():
        print(f"[{label}] spaces already seeded ({marker.name})")
        return
    rng = random.Random(3)
    started = time.perf_counter()
    seed_spaces()
    print(f"[{label}] spaces in {time.perf_counter() - started:.1f} s", flush=True)
    posts = seed_posts(rng, total)
    set_activity()
    assignments, submissions = seed_homework(rng)
    # Without fresh statistics SQLite scans the whole post table for one space's count, and
    # PostgreSQL misjudges the joins: both databases are ANALYZEd after the bulk inserts.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(
        f"[{label}] seeded {posts:,} posts ({SpacePost.objects.count():,} in all), "
        f"{assignments:,} assignments, {submissions:,} submissions in {elapsed:.0f} s",
        flush=True,
    )
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        json.dumps(
            {
                "posts": posts,
                "assignments": assignments,
                "submissions": submissions,
                "seconds": round(elapsed),
            }
        )
    )


def targets() -> dict[str, object]:
    from digicampus.accounts.models import Membership
    from digicampus.spaces.models import Assignment, Space, SpacePost, Submission

    classroom_id = Membership.objects.get(
        user__education_id="demo.student", role="student"
    ).classroom_id
    teacher_space = Space.objects.get(owner__education_id="demo.teacher")
    class_space = Space.objects.get(classroom_id=classroom_id)
    assignment = Assignment.objects.get(title=GRADING_TITLE)
    return {
        "teacher_space": teacher_space.pk,
        "teacher_posts": teacher_space.posts.count(),
        "class_space": class_space.pk,
        "class_posts": class_space.posts.count(),
        "assignment": assignment.pk,
        "class_size": Membership.objects.filter(
            role="student", classroom_id=assignment.classroom_id
        ).count(),
        "handed_in": Submission.objects.filter(assignment=assignment).count(),
        "all_posts": SpacePost.objects.count(),
        "all_submissions": Submission.objects.count(),
    }


# ---------------------------------------------------------------- measuring


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--password", default="DigiCampus-2026")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    setup_django()
    seed(args.label, args.posts)
    if args.seed_only:
        return
    where = targets()
    print(f"[{args.label}] {where}")
    env = {**os.environ, "LOG_LEVEL": "ERROR", "AXES_FAILURE_LIMIT": "1000000"}
    server = start_server(args.port, env)
    results: list[dict[str, object]] = []
    try:
        print(f"[{args.label}] {args.users} concurrent users, {args.duration:.0f} s per scenario")
        students = [Session(args.port) for _ in range(args.users)]
        for s in students:
            assert s.sign_in("demo.student", args.password) == 302
            s.accept_conduct()
        teachers = [Session(args.port) for _ in range(args.users)]
        for s in teachers:
            assert s.sign_in("demo.teacher", args.password) == 302
            s.accept_conduct()
        pages = [
            ("teacher space page", students, f"/spaces/{where['teacher_space']}/"),
            ("class theme space", students, f"/spaces/{where['class_space']}/"),
            ("grading view", teachers, f"/spaces/homework/{where['assignment']}/grade/"),
        ]
        for name, sessions, path in pages:
            status, _page = sessions[0].request("GET", path)
            assert status == 200, (path, status)
            results.append(
                run_scenario(
                    name, sessions, lambda s, i, p=path: s.request("GET", p)[0], args.duration
                )
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    Path(args.out, f"spaces-{args.label}.json").write_text(
        json.dumps({"targets": where, "results": results}, indent=2)
    )


if __name__ == "__main__":
    sys.exit(main())
