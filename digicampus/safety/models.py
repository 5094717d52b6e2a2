"""Reports of harmful or fake information sent to a school's safety team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digicampus.core.models import ScopedManager, TimeStampedModel
from digicampus.org.models import School
from digicampus.safety.choices import ReportCategory, ReportState


class Report(TimeStampedModel):
    """Something harmful, fake or fraudulent that a user brings to the school's attention,
    such as a suspicious message a parent received, with the team's handling of it."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    category = models.CharField(_("category"), max_length=20, choices=ReportCategory.choices)
    text = models.TextField(_("what was received or seen"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolution = models.TextField(_("answer to the reporter"), blank=True)
    # Set when screening held a piece of content: which one, so that the team can release it.
    content_label = models.CharField(_("content kind"), max_length=60, blank=True)
    content_id = models.PositiveBigIntegerField(_("content id"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "state"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("safety:report_detail", args=[self.pk])
