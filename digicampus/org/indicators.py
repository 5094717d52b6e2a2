"""Indicators measured from the organisation tree."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from digicampus.core.indicators import IndicatorResult, register, share
from digicampus.org.models import Classroom


@register(
    "org.classes_with_homeroom",
    label=_("Classes with a homeroom teacher"),
    description=_("Share of the current year's classes that have a homeroom teacher."),
)
def classes_with_homeroom(school_ids: Sequence[int]) -> IndicatorResult:
    classes = Classroom.objects.filter(
        school_id__in=school_ids, grade__school_year__is_current=True
    )
    counted = Count("pk", filter=Q(homeroom_teacher__isnull=False))
    per_school = {
        row["school_id"]: share(row["with"], row["total"])
        for row in classes.values("school_id").annotate(total=Count("pk"), **{"with": counted})
    }
    overall = classes.aggregate(total=Count("pk"), **{"with": counted})
    return IndicatorResult(per_school, share(overall["with"], overall["total"]))
