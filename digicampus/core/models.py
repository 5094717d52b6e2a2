"""Base models shared by every app, and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digicampus.core.permissions import visible_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may see."""

    def visible_to(self, user: User | AnonymousUser | Any) -> ScopedQuerySet:
        """Rows of this model the user may see, as decided by the app's `rules.py`."""
        return self.filter(visible_q(self.model, user))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class TimeStampedModel(models.Model):
    """Adds creation and modification times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One recorded action on accounts, roles or sensitive records; never edited."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    school_id = models.BigIntegerField(_("school"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"


class SearchEntry(models.Model):
    """The search service's copy of one row of another app, normalised for matching
    (`core.search`); the database's own full-text index is built over these columns."""

    kind = models.CharField(_("kind"), max_length=64)
    object_id = models.BigIntegerField(_("object id"))
    title_exact = models.TextField(_("title"), blank=True)
    title_folded = models.TextField(_("title without diacritics"), blank=True)
    body_exact = models.TextField(_("text"), blank=True)
    body_folded = models.TextField(_("text without diacritics"), blank=True)
    keys = models.TextField(_("keys"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="core_search_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
