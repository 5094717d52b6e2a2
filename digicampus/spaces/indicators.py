"""Indicators of learning spaces, for the bureau's dashboards and plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership
from digicampus.core.indicators import IndicatorResult, register, share
from digicampus.spaces.choices import ACTIVE_DAYS, SpaceKind, SpaceRole
from digicampus.spaces.models import Assignment, Course, Space, Submission
from digicampus.spaces.selectors import complete_course_q


def _counts(rows: object) -> IndicatorResult:
    per_school = {row["school_id"]: float(row["n"]) for row in rows}  # type: ignore[attr-defined]
    return IndicatorResult(per_school, float(sum(per_school.values())))


def _active_share(school_ids: Sequence[int], role: str, space_role: str) -> IndicatorResult:
    """Share of the school's people in `role` whose personal space saw a post or upload by its
    owner in the last ACTIVE_DAYS days."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    people = dict(
        Membership.objects.filter(school_id__in=school_ids, role=role)
        .values("school_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("school_id", "n")
        .order_by()
    )
    active = dict(
        Space.objects.filter(
            school_id__in=school_ids,
            kind=SpaceKind.PERSONAL,
            role=space_role,
            last_activity_at__gte=since,
        )
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
        .order_by()
    )
    per_school = {sid: share(active.get(sid, 0), people.get(sid, 0)) for sid in school_ids}
    return IndicatorResult(per_school, share(sum(active.values()), sum(people.values())))


@register(
    "spaces.active_teachers_share",
    label=_("Teachers with an active space"),
    description=_("Share of teachers who posted or uploaded in their space in the last 30 days."),
)
def active_teachers_share(school_ids: Sequence[int]) -> IndicatorResult:
    return _active_share(school_ids, Role.TEACHER, SpaceRole.TEACHER)


@register(
    "spaces.active_students_share",
    label=_("Students with an active space"),
    description=_("Share of students who posted or uploaded in their space in the last 30 days."),
)
def active_students_share(school_ids: Sequence[int]) -> IndicatorResult:
    return _active_share(school_ids, Role.STUDENT, SpaceRole.STUDENT)


@register(
    "spaces.complete_courses",
    label=_("Courses with complete units"),
    description=_("Courses whose every unit has all the standard resources."),
    unit="count",
)
def complete_courses(school_ids: Sequence[int]) -> IndicatorResult:
    rows = Course.objects.filter(complete_course_q(), school_id__in=school_ids)
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())


@register(
    "spaces.homework_set",
    label=_("Homework set"),
    description=_("Homework set by teachers for their classes."),
    unit="count",
)
def homework_set(school_ids: Sequence[int]) -> IndicatorResult:
    rows = Assignment.objects.filter(school_id__in=school_ids)
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())


@register(
    "spaces.homework_graded",
    label=_("Homework graded"),
    description=_("Submissions of homework that a teacher has graded."),
    unit="count",
)
def homework_graded(school_ids: Sequence[int]) -> IndicatorResult:
    rows = Submission.objects.filter(school_id__in=school_ids, graded_at__isnull=False)
    return _counts(rows.values("school_id").annotate(n=Count("pk")).order_by())
