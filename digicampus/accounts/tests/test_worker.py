"""The scaled path: an import runs in a real Celery worker process on Redis.

Only on PostgreSQL (the worker must reach the test database from another process) with
REDIS_URL set; `.ci/run` runs the suite that way.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app
from digicampus.accounts import importing
from digicampus.accounts.choices import ImportStatus
from digicampus.accounts.models import ImportJob, User
from digicampus.accounts.tests.xlsx import STUDENT_HEADER, student_row, upload

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgres_and_redis():
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("runs against PostgreSQL and Redis (see .ci/run)")


@pytest.fixture
def worker(tmp_path, settings):
    _needs_postgres_and_redis()
    broker = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/14"
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(media)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(media),
        "DIGICAMPUS_VAR_DIR": str(tmp_path / "var"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
    )
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=broker, task_always_eager=False)
    _reset_connections()
    try:
        yield process
    finally:
        app.conf.update(**previous)
        _reset_connections()
        process.terminate()
        process.wait(timeout=20)


def _reset_connections():
    """Make the app connect again with its current broker settings."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def _wait_for(job, statuses, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job stayed {job.status}")


def test_import_is_checked_and_committed_by_a_real_worker(district, worker):
    rows = [student_row(n, district.classroom.name) for n in range(1, 6)]

    job = importing.import_job_create(
        actor=district.school_admin,
        school=district.school,
        kind="students",
        upload=upload(STUDENT_HEADER, rows),
    )
    _wait_for(job, {ImportStatus.READY, ImportStatus.INVALID, ImportStatus.FAILED})
    assert job.status == ImportStatus.READY, job.errors
    importing.import_job_start(actor=district.school_admin, job=job)
    _wait_for(job, {ImportStatus.DONE, ImportStatus.FAILED})

    assert job.status == ImportStatus.DONE
    assert User.objects.filter(education_id__startswith="HS").count() == 5
    assert ImportJob.objects.get(pk=job.pk).slips
