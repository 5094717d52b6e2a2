"""Background work of safety: abuse reports nobody settled in time go to the bureau."""

from __future__ import annotations

from celery import shared_task

from digicampus.safety import services


@shared_task
def escalate_overdue_abuse_reports() -> int:
    """Run every few minutes by the scheduler; safe to run twice."""
    return services.abuse_escalate_overdue()
