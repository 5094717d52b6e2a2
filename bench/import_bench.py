"""Time and peak memory of importing N students with their parents from one .xlsx file.

Runs the check and the commit in this process (as the worker would) against the configured
database, on a school of the seeded district with one class per grade of its current year.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"


def _bench_school(run: int):
    """A school of its own for the import, with 4 grades of 6 classes and an admin."""
    from datetime import date

    from digicampus.accounts.choices import Role
    from digicampus.accounts.models import Membership, User
    from digicampus.org.models import Bureau, Classroom, Grade, School, SchoolYear

    school = School.objects.create(
        bureau=Bureau.objects.first(),
        code=f"BENCH{run}",
        name=f"Bench import {run}",
        level="lower_secondary",
    )
    year = SchoolYear.objects.create(
        school=school,
        name="2026-2027",
        starts_on=date(2026, 9, 5),
        ends_on=date(2027, 5, 31),
        is_current=True,
    )
    for number in range(6, 10):
        grade = Grade.objects.create(school=school, school_year=year, number=number)
        for k in range(1, 7):
            Classroom.objects.create(school=school, grade=grade, name=f"{number}B{k}")
    admin = User.objects.create(education_id=f"bench.admin.{run}", full_name="Bench admin")
    Membership.objects.create(user=admin, role=Role.SCHOOL_ADMIN, school=school)
    return school, admin


def _cleanup(school) -> None:
    """Remove the benchmark's school and every account it created."""
    from digicampus.accounts.models import User

    User.objects.filter(memberships__school=school).delete()
    school.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--label", default="sqlite")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from openpyxl import Workbook

    from digicampus.accounts import importing
    from digicampus.accounts.choices import ImportStatus
    from digicampus.org.models import Classroom

    run = int(time.time())
    school, admin = _bench_school(run)
    classes = list(Classroom.objects.filter(school=school).values_list("name", flat=True))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(importing.column_labels("students"))
    for n in range(args.rows):
        ws.append(
            [
                f"B{run}{n:06d}",
                f"Học sinh {n}",
                "15/03/2013",
                classes[n % len(classes)],
                None,
                None,
                None,
                f"Phụ huynh {n}",
                f"08{run % 10**4:04d}{n:05d}",
                None,
                "Mẹ",
            ]
        )
    out = BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("bench.xlsx", out.getvalue())

    started = time.perf_counter()
    # CELERY_TASK_ALWAYS_EAGER=true: the tasks run here, so the times are the worker's times.
    with transaction.atomic():
        job = importing.import_job_create(
            actor=admin, school=school, kind="students", upload=upload
        )
    job.refresh_from_db()
    checked = time.perf_counter()
    assert job.status == ImportStatus.READY, job.errors[:5]
    importing.import_job_start(actor=admin, job=job)
    job.refresh_from_db()
    done = time.perf_counter()
    assert job.status == ImportStatus.DONE, job.status
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "label": args.label,
        "rows": args.rows,
        "check_s": round(checked - started, 1),
        "commit_s": round(done - checked, 1),
        "total_s": round(done - started, 1),
        "peak_rss_mb": round(peak_mb),
        "accounts_created": job.summary["accounts_created"],
    }
    print(json.dumps(result))
    _cleanup(school)
    Path(ROOT, "bench", "results").mkdir(parents=True, exist_ok=True)
    Path(ROOT, "bench", "results", f"import-{args.label}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    main()
