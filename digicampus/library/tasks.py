"""Background work of the library: previews drawn after an upload, and abandoned chunked
uploads removed."""

from __future__ import annotations

from celery import shared_task

from digicampus.library import services


@shared_task
def make_preview(*, version_id: int) -> bool:
    """Draw the thumbnail of a resource version (an image, or a PDF's first page)."""
    return services.version_preview_make(version_id=version_id)


@shared_task
def make_photo_thumbnail(*, photo_id: int) -> bool:
    """Draw the thumbnail of a photo of the photo library."""
    return services.photo_thumbnail_make(photo_id=photo_id)


@shared_task
def purge_abandoned_uploads() -> int:
    """Run every hour by the scheduler: remove chunked uploads left unfinished for a day."""
    return services.upload_sessions_purge()
