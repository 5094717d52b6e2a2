"""Scope resolution from memberships, and who may see and do what with accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Guardianship, ImportJob, Membership, User
from digicampus.core.permissions import (
    Scope,
    register_rule,
    register_scope_resolver,
    register_visibility,
)
from digicampus.org.models import Classroom, School

STAFF_ROLES = (Role.SCHOOL_ADMIN, Role.TEACHER, Role.COLLABORATOR)


def resolve_scope(user: User) -> Scope:
    """Compute what the user's memberships and parent links cover, in at most four queries."""
    if user.is_superuser:
        return Scope(user_id=user.pk, is_superuser=True)
    sets: dict[str, set[int]] = {
        name: set()
        for name in (
            "bureau",
            "reviewer",
            "admin",
            "teacher",
            "collaborator",
            "group",
            "student_class",
            "student_school",
        )
    }
    rows = Membership.objects.filter(user_id=user.pk).values_list(
        "role", "bureau_id", "school_id", "classroom_id", "subject_group_id"
    )
    for role, bureau_id, school_id, classroom_id, group_id in rows:
        if role == Role.BUREAU_ADMIN and bureau_id:
            sets["bureau"].add(bureau_id)
        elif role == Role.EXPERT_REVIEWER and school_id:
            sets["reviewer"].add(school_id)
        elif role == Role.SCHOOL_ADMIN:
            sets["admin"].add(school_id)
        elif role == Role.TEACHER:
            sets["teacher"].add(school_id)
            if group_id:
                sets["group"].add(group_id)
        elif role == Role.COLLABORATOR:
            sets["collaborator"].add(school_id)
        elif role == Role.STUDENT:
            sets["student_school"].add(school_id)
            if classroom_id:
                sets["student_class"].add(classroom_id)
    bureau_school_ids: set[int] = set()
    if sets["bureau"]:
        bureau_school_ids = set(
            School.objects.filter(bureau_id__in=sets["bureau"]).values_list("pk", flat=True)
        )
    homeroom = set(
        Classroom.objects.filter(homeroom_teacher_id=user.pk).values_list("pk", flat=True)
    )
    child_ids: set[int] = set()
    child_classes: set[int] = set()
    child_schools: set[int] = set()
    for child_id, classroom_id, school_id in Membership.objects.filter(
        role=Role.STUDENT, user__parent_links__parent_id=user.pk
    ).values_list("user_id", "classroom_id", "school_id"):
        child_ids.add(child_id)
        child_schools.add(school_id)
        if classroom_id:
            child_classes.add(classroom_id)
    return Scope(
        user_id=user.pk,
        bureau_ids=frozenset(sets["bureau"]),
        bureau_school_ids=frozenset(bureau_school_ids),
        reviewer_school_ids=frozenset(sets["reviewer"]),
        admin_school_ids=frozenset(sets["admin"]),
        teacher_school_ids=frozenset(sets["teacher"]),
        collaborator_school_ids=frozenset(sets["collaborator"]),
        homeroom_class_ids=frozenset(homeroom),
        subject_group_ids=frozenset(sets["group"]),
        student_class_ids=frozenset(sets["student_class"]),
        student_school_ids=frozenset(sets["student_school"]),
        child_ids=frozenset(child_ids),
        child_class_ids=frozenset(child_classes),
        child_school_ids=frozenset(child_schools),
    )


register_scope_resolver(resolve_scope)


def _members(**filters: Any) -> Any:
    return Membership.objects.filter(**filters).values("user_id")


@register_visibility(User)
def _users(user: Any, scope: Scope) -> Q:
    """Managers see everyone of their schools; teachers their school's staff and students and
    the parents of their homeroom classes; students their classmates, teachers and parents;
    parents their children and their children's teachers."""
    q = Q(pk=user.pk)
    if scope.managed_school_ids:
        q |= Q(pk__in=_members(school_id__in=scope.managed_school_ids))
    work = scope.teacher_school_ids | scope.collaborator_school_ids
    if work:
        q |= Q(pk__in=_members(school_id__in=work, role__in=(*STAFF_ROLES, Role.STUDENT)))
    if scope.homeroom_class_ids:
        q |= Q(
            pk__in=Guardianship.objects.filter(
                child__memberships__classroom_id__in=scope.homeroom_class_ids
            ).values("parent_id")
        )
    if scope.reviewer_school_ids:
        q |= Q(
            pk__in=_members(
                school_id__in=scope.reviewer_school_ids,
                role__in=(Role.SCHOOL_ADMIN, Role.TEACHER),
            )
        )
    if scope.student_class_ids:
        q |= Q(pk__in=_members(classroom_id__in=scope.student_class_ids, role=Role.STUDENT))
        q |= Q(pk__in=_members(school_id__in=scope.student_school_ids, role__in=STAFF_ROLES))
        q |= Q(pk__in=Guardianship.objects.filter(child_id=user.pk).values("parent_id"))
    if scope.child_ids:
        q |= Q(pk__in=scope.child_ids)
        q |= Q(pk__in=_members(school_id__in=scope.child_school_ids, role=Role.TEACHER))
    return q


@register_visibility(Membership)
def _memberships(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.staff_school_ids) | Q(user_id=user.pk)


@register_visibility(ImportJob)
def _imports(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.managed_school_ids)


@register_rule("accounts.import_people")
def _import_people(user: Any, scope: Scope, school: School) -> bool:
    """School admins and bureau admins import people into a school."""
    return school.pk in scope.managed_school_ids


@register_rule("accounts.manage_user")
def _manage_user(user: Any, scope: Scope, target: User) -> bool:
    """Managers of a school the target belongs to may reset, disable or re-enable the account."""
    if target.pk == user.pk or target.is_superuser:
        return False
    school_ids = {m.school_id for m in target.memberships.all()}
    return bool(school_ids & scope.managed_school_ids)


STAFF_GRANTABLE = (Role.SCHOOL_ADMIN, Role.TEACHER, Role.COLLABORATOR)


@register_rule("accounts.grant_role")
def _grant_role(user: Any, scope: Scope, target: tuple[School, str]) -> bool:
    """Managers of a school give its staff roles; bureau admins also name expert reviewers.
    Student and parent roles come from classes and imports, not from this rule."""
    school, role = target
    if role in STAFF_GRANTABLE:
        return school.pk in scope.managed_school_ids
    if role == Role.EXPERT_REVIEWER:
        return school.bureau_id in scope.bureau_ids
    return False


@register_rule("accounts.view_audit")
def _view_audit(user: Any, scope: Scope, school: School | None) -> bool:
    """Managers read the audit log of their schools."""
    if school is None:
        return bool(scope.managed_school_ids)
    return school.pk in scope.managed_school_ids
