"""Files stored through the one upload service."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digicampus.core.models import ScopedManager, TimeStampedModel
from digicampus.library.choices import FileKind
from digicampus.org.models import School


class StoredFile(TimeStampedModel):
    """A file checked by content and stored through `STORAGES`; other models point to it and
    decide who may download it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), upload_to="files/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("checksum"), max_length=64)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
