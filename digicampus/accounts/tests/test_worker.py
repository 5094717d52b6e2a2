"""The scaled path: an import runs in a real Celery worker process on Redis."""

import pytest

from digicampus.accounts import importing
from digicampus.accounts.choices import ImportStatus
from digicampus.accounts.models import ImportJob, User
from digicampus.accounts.tests.xlsx import STUDENT_HEADER, student_row, upload
from tests.celery_worker import (
    needs_postgres_and_redis,
    publish_to_test_broker,
    start_worker,
    wait_until,
    worker_env,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(tmp_path, settings):
    needs_postgres_and_redis()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    process = start_worker(worker_env(settings, tmp_path))
    undo = publish_to_test_broker()
    yield process
    undo()
    process.terminate()
    process.wait(timeout=20)


def test_import_is_checked_and_committed_by_a_real_worker(district, worker):
    rows = [student_row(n, district.classroom.name) for n in range(1, 6)]

    job = importing.import_job_create(
        actor=district.school_admin,
        school=district.school,
        kind="students",
        upload=upload(STUDENT_HEADER, rows),
    )
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status != ImportStatus.VALIDATING)
    job.refresh_from_db()
    assert job.status == ImportStatus.READY, job.errors
    importing.import_job_start(actor=district.school_admin, job=job)
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status != ImportStatus.IMPORTING)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert User.objects.filter(education_id__startswith="HS").count() == 5
    assert job.slips
