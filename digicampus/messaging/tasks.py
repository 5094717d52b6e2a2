"""Background work of messaging: fan-out and sending, both safe to run again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db.utils import InterfaceError, OperationalError

from digicampus.messaging import services

# A lost database connection (a restart, a fail-over) fails the task; it is tried again with
# growing pauses, and since both tasks are idempotent nothing is sent twice.
DB_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 8,
}


@shared_task(acks_late=True, **DB_RETRY)
def fan_out_notification(*, notification_id: int) -> int:
    """Create one delivery per recipient and channel, then queue the sends."""
    return services.notification_fan_out(notification_id=notification_id)


@shared_task(acks_late=True, bind=True, **DB_RETRY)
def send_deliveries(self, *, delivery_ids: list[int], attempt: int = 1) -> None:
    """Send e-mail and SMS deliveries; retry the failed ones later with growing pauses."""
    retry = services.deliveries_send(delivery_ids=delivery_ids)
    if retry:
        countdown = settings.MESSAGING_RETRY_SECONDS * 2 ** (attempt - 1)
        send_deliveries.apply_async(
            kwargs={"delivery_ids": retry, "attempt": attempt + 1}, countdown=countdown
        )


@shared_task
def resume_stalled_fan_outs() -> int:
    """Start again every fan-out whose worker died (safe: fan-out is idempotent)."""
    ids = services.notification_stalled_ids(
        older_than=timedelta(seconds=settings.MESSAGING_STALL_SECONDS)
    )
    for notification_id in ids:
        fan_out_notification.delay(notification_id=notification_id)
    return len(ids)


@worker_ready.connect
def _resume_on_start(**kwargs: Any) -> None:
    # A worker that starts (again) picks up what a dead one left half-done.
    resume_stalled_fan_outs.delay()
