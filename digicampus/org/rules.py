"""Who may see and do what on the organisation tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility
from digicampus.org.models import Classroom, Grade, School, SchoolYear, SubjectGroup


@register_visibility(School)
def _schools(user: Any, scope: Scope) -> Q:
    return Q(pk__in=scope.school_ids)


@register_visibility(SchoolYear)
def _years(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.staff_school_ids | scope.reviewer_school_ids)


@register_visibility(Grade)
def _grades(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.staff_school_ids | scope.reviewer_school_ids)


@register_visibility(Classroom)
def _classrooms(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.staff_school_ids) | Q(
        pk__in=scope.student_class_ids | scope.child_class_ids
    )


@register_visibility(SubjectGroup)
def _subject_groups(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.staff_school_ids)


def _school_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, School):
        return obj.pk
    return obj.school_id


@register_rule("org.manage_school")
def _manage_school(user: Any, scope: Scope, obj: Any) -> bool:
    """School admins of the school and bureau admins over it manage its year, classes, groups."""
    return _school_id(obj) in scope.managed_school_ids


@register_rule("org.view_roster")
def _view_roster(user: Any, scope: Scope, classroom: Classroom) -> bool:
    """Staff of the school and students of the class see the class list."""
    return classroom.school_id in scope.staff_school_ids or classroom.pk in scope.student_class_ids


@register_rule("org.export_roster")
def _export_roster(user: Any, scope: Scope, classroom: Classroom) -> bool:
    """Managers, teachers of the school and the homeroom teacher export the class list."""
    return (
        classroom.school_id in scope.managed_school_ids
        or classroom.school_id in scope.teacher_school_ids
        or classroom.pk in scope.homeroom_class_ids
    )
