"""Background work of messaging: fan-out and sending, both safe to run again."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from digicampus.messaging import services


@shared_task(acks_late=True)
def fan_out_notification(*, notification_id: int) -> int:
    """Create one delivery per recipient and channel, then queue the sends."""
    return services.notification_fan_out(notification_id=notification_id)


@shared_task(acks_late=True, bind=True)
def send_deliveries(self, *, delivery_ids: list[int], attempt: int = 1) -> None:
    """Send e-mail and SMS deliveries; retry the failed ones later with growing pauses."""
    retry = services.deliveries_send(delivery_ids=delivery_ids)
    if retry:
        countdown = settings.MESSAGING_RETRY_SECONDS * 2 ** (attempt - 1)
        send_deliveries.apply_async(
            kwargs={"delivery_ids": retry, "attempt": attempt + 1}, countdown=countdown
        )
