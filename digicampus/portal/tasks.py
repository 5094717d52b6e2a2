"""Background work of the portals: scheduled articles whose time has come."""

from __future__ import annotations

from celery import shared_task

from digicampus.portal import services


@shared_task
def publish_due_articles() -> int:
    """Run every minute by the scheduler; safe to run twice (readers see a due article even
    before it runs)."""
    return services.articles_publish_due()
