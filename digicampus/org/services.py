"""Writes on the organisation tree: a school admin builds the school's year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from digicampus.accounts import selectors as accounts_selectors
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.org.errors import OrgError
from digicampus.org.models import Classroom, Grade, School, SchoolYear, SubjectGroup


@transaction.atomic
def school_update(*, actor: Any, school: School, name: str, address: str, level: str) -> School:
    """Change a school's name, level and address."""
    permissions.require(actor, "org.manage_school", school)
    school.name, school.address, school.level = name, address, level
    school.full_clean()
    school.save(update_fields=["name", "address", "level", "updated_at"])
    audit.record(actor=actor, verb="org.school_update", target=school, school_id=school.pk)
    return school


@transaction.atomic
def school_year_create(
    *,
    actor: Any,
    school: School,
    name: str,
    starts_on: date,
    ends_on: date,
    make_current: bool = True,
) -> SchoolYear:
    """Open a school year; by default it becomes the current one."""
    permissions.require(actor, "org.manage_school", school)
    overlapping = SchoolYear.objects.filter(
        school=school, starts_on__lt=ends_on, ends_on__gt=starts_on
    )
    if overlapping.exists():
        raise DomainError(OrgError.YEAR_OVERLAP, _("This school year overlaps another one."))
    if make_current:
        SchoolYear.objects.filter(school=school, is_current=True).update(is_current=False)
    year = SchoolYear(
        school=school, name=name, starts_on=starts_on, ends_on=ends_on, is_current=make_current
    )
    year.full_clean()
    year.save()
    audit.record(actor=actor, verb="org.year_create", target=year, school_id=school.pk)
    return year


@transaction.atomic
def grade_create(*, actor: Any, school_year: SchoolYear, number: int) -> Grade:
    """Add a grade to a school year."""
    permissions.require(actor, "org.manage_school", school_year)
    grade = Grade(school_id=school_year.school_id, school_year=school_year, number=number)
    grade.full_clean()
    grade.save()
    audit.record(actor=actor, verb="org.grade_create", target=grade, school_id=grade.school_id)
    return grade


def _check_teacher(school: School, teacher: Any) -> None:
    if teacher is None:
        return
    if not accounts_selectors.school_teachers(school=school).filter(pk=teacher.pk).exists():
        raise DomainError(
            OrgError.HOMEROOM_NOT_TEACHER, _("The chosen person is not a teacher of this school.")
        )


@transaction.atomic
def classroom_create(
    *, actor: Any, grade: Grade, name: str, homeroom_teacher: Any = None
) -> Classroom:
    """Add a class to a grade, with its homeroom teacher (a teacher of the school)."""
    permissions.require(actor, "org.manage_school", grade)
    _check_teacher(grade.school, homeroom_teacher)
    classroom = Classroom(
        school_id=grade.school_id, grade=grade, name=name, homeroom_teacher=homeroom_teacher
    )
    classroom.full_clean()
    classroom.save()
    permissions.scope_changed(homeroom_teacher)
    audit.record(
        actor=actor, verb="org.class_create", target=classroom, school_id=classroom.school_id
    )
    return classroom


@transaction.atomic
def classroom_update(
    *, actor: Any, classroom: Classroom, name: str, homeroom_teacher: Any = None
) -> Classroom:
    """Rename a class or change its homeroom teacher."""
    permissions.require(actor, "org.manage_school", classroom)
    _check_teacher(classroom.school, homeroom_teacher)
    before = classroom.homeroom_teacher_id
    classroom.name, classroom.homeroom_teacher = name, homeroom_teacher
    classroom.full_clean()
    classroom.save(update_fields=["name", "homeroom_teacher", "updated_at"])
    if before != classroom.homeroom_teacher_id:
        permissions.scope_changed(*(pk for pk in (before, classroom.homeroom_teacher_id) if pk))
    audit.record(
        actor=actor,
        verb="org.class_update",
        target=classroom,
        school_id=classroom.school_id,
        data={"homeroom_before": before, "homeroom_after": classroom.homeroom_teacher_id},
    )
    return classroom


@transaction.atomic
def subject_group_create(
    *, actor: Any, school: School, name: str, leader: Any = None
) -> SubjectGroup:
    """Create a subject group of the school, with an optional leader."""
    permissions.require(actor, "org.manage_school", school)
    _check_teacher(school, leader)
    group = SubjectGroup(school=school, name=name, leader=leader)
    group.full_clean()
    group.save()
    audit.record(actor=actor, verb="org.group_create", target=group, school_id=school.pk)
    return group
