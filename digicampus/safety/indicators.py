"""Indicators of the safety app; none of them can identify a reporter."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digicampus.core.indicators import IndicatorResult, register
from digicampus.safety import selectors
from digicampus.safety.choices import ABUSE_OPEN_STATES, OPEN_STATES, CaseSource
from digicampus.safety.models import AbuseReport, Case


def _counts(rows: object) -> IndicatorResult:
    per_school = {row["school_id"]: float(row["n"]) for row in rows}  # type: ignore[attr-defined]
    return IndicatorResult(per_school, float(sum(per_school.values())))


@register(
    "safety.open_reports",
    label=_("Moderation cases waiting for the safety team"),
    description=_("Cases from screening and reports not yet decided."),
    unit="count",
)
def open_cases(school_ids: Sequence[int]) -> IndicatorResult:
    rows = Case.objects.filter(school_id__in=school_ids, state__in=OPEN_STATES)
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())


@register(
    "safety.overdue_cases",
    label=_("Overdue moderation cases"),
    description=_("Open cases past their deadline."),
    unit="count",
)
def overdue_cases(school_ids: Sequence[int]) -> IndicatorResult:
    rows = Case.objects.filter(
        school_id__in=school_ids, state__in=OPEN_STATES, due_at__lt=timezone.now()
    )
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())


@register(
    "safety.screening_hits_30d",
    label=_("Posts held or blocked by screening in 30 days"),
    description=_("Content that automatic screening stopped in the last 30 days."),
    unit="count",
)
def screening_hits(school_ids: Sequence[int]) -> IndicatorResult:
    since = timezone.now() - timezone.timedelta(days=30)
    rows = Case.objects.filter(
        school_id__in=school_ids, source=CaseSource.SCREENING, created_at__gte=since
    )
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())


@register(
    "safety.median_hours_to_decide",
    label=_("Median hours to decide a case"),
    description=_("From the case opening to the team's decision, cases decided in 90 days."),
    unit="hours",
)
def median_hours(school_ids: Sequence[int]) -> IndicatorResult:
    since = timezone.now() - timezone.timedelta(days=90)
    rows = Case.objects.filter(
        school_id__in=school_ids, decided_at__gte=since, decided_by__isnull=False
    ).values_list("school_id", "created_at", "decided_at")
    hours: dict[int, list[float]] = {}
    for school_id, created, decided in rows:
        hours.setdefault(school_id, []).append((decided - created).total_seconds() / 3600)
    everything = [h for values in hours.values() for h in values]
    return IndicatorResult(
        {pk: round(median(values), 1) for pk, values in hours.items()},
        round(median(everything), 1) if everything else 0.0,
    )


@register(
    "safety.open_abuse_reports",
    label=_("Open abuse reports"),
    description=_("Reports that a child is harmed, not yet referred or closed."),
    unit="count",
)
def open_abuse(school_ids: Sequence[int]) -> IndicatorResult:
    rows = AbuseReport.objects.filter(school_id__in=school_ids, state__in=ABUSE_OPEN_STATES)
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())


@register(
    "safety.conduct_acceptance",
    label=_("Accepted the code of conduct"),
    description=_("Share of the school's members who accepted the current code and rules."),
)
def conduct_acceptance(school_ids: Sequence[int]) -> IndicatorResult:
    rates = selectors.conduct_acceptance_rates(school_ids)
    per_school = {pk: round(rate * 100, 1) for pk, rate in rates.items()}
    overall = round(sum(per_school.values()) / len(per_school), 1) if per_school else 0.0
    return IndicatorResult(per_school, overall)
