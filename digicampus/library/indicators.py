"""Indicators of the library: quota progress and shared resources per school."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from digicampus.core.indicators import IndicatorResult, register
from digicampus.library import selectors
from digicampus.library.models import Quota
from digicampus.org.models import School


@register(
    "library.quota_progress",
    label=_("Upload quota progress"),
    description=_(
        "Share of this school year's upload quotas met (each type counted up to its target)."
    ),
    unit="percent",
)
def quota_progress(school_ids: Sequence[int]) -> IndicatorResult:
    schools = list(School.objects.filter(pk__in=school_ids))
    per_school: dict[int, float] = {}
    done_all = target_all = 0
    for bureau_id in {s.bureau_id for s in schools}:
        quotas = selectors.current_quotas(bureau_id=bureau_id)
        rows = selectors.quota_progress(
            schools=[s for s in schools if s.bureau_id == bureau_id], quotas=quotas
        )
        for row in rows:
            per_school[row.school.pk] = row.percent
            done_all += sum(min(d, t) for _, d, t in row.cells)
            target_all += sum(t for _, _, t in row.cells)
    overall = round(100.0 * done_all / target_all, 1) if target_all else 0.0
    return IndicatorResult(per_school, overall)


@register(
    "library.resources_this_year",
    label=_("Resources contributed this school year"),
    description=_("Resources shared at least with the school since the year's quotas began."),
    unit="count",
)
def resources_this_year(school_ids: Sequence[int]) -> IndicatorResult:
    quota = Quota.objects.filter(bureau__schools__pk__in=school_ids).order_by("-starts_on").first()
    if quota is None:
        return IndicatorResult({}, 0.0)
    rows = (
        selectors.counted_resources(school_ids, quota.starts_on, quota.ends_on)
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_school = {row["school_id"]: float(row["n"]) for row in rows}
    return IndicatorResult(per_school, float(sum(per_school.values())))
