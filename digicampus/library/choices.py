from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    """What a stored file is, as detected from its content (never from its name)."""

    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Image")
    OFFICE = "office", _("Office document")
    VIDEO = "video", _("Video")


MB = 1024 * 1024
# Largest accepted size per kind, in bytes.
SIZE_LIMITS = {
    FileKind.PDF: 30 * MB,
    FileKind.IMAGE: 15 * MB,
    FileKind.OFFICE: 30 * MB,
    FileKind.VIDEO: 1024 * MB,
}
