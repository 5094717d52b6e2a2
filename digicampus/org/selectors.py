"""Reads on the organisation tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from digicampus.core.permissions import visible_q
from digicampus.org.models import Classroom, Grade, School, SchoolYear, SubjectGroup

STUDENT = "student"


def school_list(*, actor: Any, search: str = "") -> QuerySet[School]:
    """Schools the actor may see, by name."""
    qs = School.objects.visible_to(actor).select_related("bureau")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs.order_by("name")


def school_year_list(*, actor: Any, school: School) -> QuerySet[SchoolYear]:
    """The school's years, newest first."""
    return SchoolYear.objects.visible_to(actor).filter(school=school)


def school_year_current(*, school: School) -> SchoolYear | None:
    """The school's current year, if one is open."""
    return SchoolYear.objects.filter(school=school, is_current=True).first()


def grade_list(*, actor: Any, school_year: SchoolYear) -> QuerySet[Grade]:
    """Grades of a year, each with its classes (homeroom teacher and student count loaded)."""
    from django.db.models import Prefetch

    return (
        Grade.objects.visible_to(actor)
        .filter(school_year=school_year)
        .prefetch_related(Prefetch("classrooms", queryset=_classrooms_with_counts()))
    )


def _classrooms_with_counts() -> QuerySet[Classroom]:
    return (
        Classroom.objects.select_related("homeroom_teacher", "grade")
        .annotate(
            student_count=Count("memberships", filter=Q(memberships__role=STUDENT), distinct=True)
        )
        .order_by("grade__number", "name")
    )


def classroom_list(
    *, actor: Any, school: School | None = None, ids: Any = None
) -> QuerySet[Classroom]:
    """Classes the actor may see (of a school's current year, or with given ids), with counts."""
    # The visibility filter of Classroom uses the row's own columns only, so it applies
    # directly instead of through a sub-query.
    qs = _classrooms_with_counts().filter(visible_q(Classroom, actor))
    if school is not None:
        qs = qs.filter(school=school, grade__school_year__is_current=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs


def classroom_get(*, actor: Any, pk: int) -> Classroom:
    """One class in scope, with grade, year, school and homeroom teacher loaded."""
    return (
        Classroom.objects.visible_to(actor)
        .select_related("grade__school_year", "school", "homeroom_teacher")
        .get(pk=pk)
    )


def subject_group_list(*, actor: Any, school: School) -> QuerySet[SubjectGroup]:
    """The school's subject groups with their leader and member count."""
    return (
        SubjectGroup.objects.visible_to(actor)
        .filter(school=school)
        .select_related("leader")
        .annotate(member_count=Count("memberships", distinct=True))
    )
