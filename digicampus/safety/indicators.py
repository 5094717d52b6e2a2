"""Indicators of the safety app."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from digicampus.core.indicators import IndicatorResult, register
from digicampus.safety.choices import OPEN_STATES
from digicampus.safety.models import Report


@register(
    "safety.open_reports",
    label=_("Reports waiting for the safety team"),
    description=_("Reports of harmful or fake information not yet handled."),
    unit="count",
)
def open_reports(school_ids: Sequence[int]) -> IndicatorResult:
    rows = Report.objects.filter(school_id__in=school_ids, state__in=OPEN_STATES)
    per_school = {
        row["school_id"]: float(row["n"])
        for row in rows.values("school_id").annotate(n=Count("pk"))
    }
    return IndicatorResult(per_school, float(sum(per_school.values())))
