"""Background work of the accounts app: checking and committing imports."""

from __future__ import annotations

from celery import shared_task

from digicampus.accounts import importing
from digicampus.accounts.models import ImportJob


@shared_task
def check_import(*, job_id: int) -> None:
    """Dry-run an uploaded import file and record its bad rows."""
    job = ImportJob.objects.select_related("school").get(pk=job_id)
    try:
        importing.import_job_check(job=job)
    except Exception:
        importing.import_job_fail(job_id=job_id)
        raise


@shared_task
def commit_import(*, job_id: int) -> None:
    """Create every account of a checked import, all or nothing."""
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    try:
        importing.import_job_commit(job=job)
    except Exception:
        importing.import_job_fail(job_id=job_id)
        raise
