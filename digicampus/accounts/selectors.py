"""Reads on accounts: people in scope, class rosters, children, a user's roles and home."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from digicampus.accounts.choices import Role
from digicampus.accounts.models import ImportJob, Membership, User
from digicampus.core import permissions
from digicampus.core.models import AuditEntry
from digicampus.org.models import Classroom, School


def user_home_kind(user: User) -> str:
    """Which home page fits the user's widest role."""
    scope = permissions.scope_of(user)
    if scope.is_superuser or scope.bureau_ids:
        return "bureau"
    if scope.admin_school_ids:
        return "school"
    if scope.teacher_school_ids or scope.collaborator_school_ids:
        return "teacher"
    if scope.reviewer_school_ids:
        return "reviewer"
    if scope.student_class_ids:
        return "student"
    if scope.child_ids:
        return "parent"
    return "none"


def user_roles(user: User) -> list[str]:
    """The roles the user holds anywhere, read from their (cached) scope: homeroom comes from
    the class, parent from a linked child."""
    scope = permissions.scope_of(user)
    held = {
        Role.BUREAU_ADMIN: scope.bureau_ids,
        Role.EXPERT_REVIEWER: scope.reviewer_school_ids,
        Role.SCHOOL_ADMIN: scope.admin_school_ids,
        Role.TEACHER: scope.teacher_school_ids,
        Role.HOMEROOM_TEACHER: scope.homeroom_class_ids,
        Role.COLLABORATOR: scope.collaborator_school_ids,
        Role.STUDENT: scope.student_school_ids,
        Role.PARENT: scope.child_ids,
    }
    return [role.value for role, ids in held.items() if ids]


def user_list(
    *, actor: User, school: School | None = None, role: str | None = None, search: str = ""
) -> QuerySet[User]:
    """People the actor may see, optionally in one school, with one role, matching a search."""
    qs = User.objects.visible_to(actor)
    if school is not None:
        members = Membership.objects.filter(school=school)
        if role:
            members = members.filter(role=role)
        qs = qs.filter(pk__in=members.values("user_id"))
    elif role:
        qs = qs.filter(pk__in=Membership.objects.filter(role=role).values("user_id"))
    if search:
        qs = qs.filter(
            Q(full_name__icontains=search)
            | Q(education_id__icontains=search)
            | Q(phone__icontains=search)
        )
    return qs.order_by("full_name")


def user_get(*, actor: User, pk: int) -> User:
    """One person in the actor's scope, with the memberships the actor may see (as
    `visible_memberships`); DoesNotExist otherwise."""
    return (
        User.objects.visible_to(actor)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(actor).select_related(
                    "school", "bureau", "classroom", "subject_group"
                ),
                to_attr="visible_memberships",
            )
        )
        .get(pk=pk)
    )


def grantable_roles(*, actor: User) -> list[tuple[str, str]]:
    """Roles the actor may give somewhere, as form choices."""
    scope = permissions.scope_of(actor)
    roles = [Role.TEACHER, Role.COLLABORATOR, Role.SCHOOL_ADMIN] if scope.managed_school_ids else []
    if scope.bureau_ids or scope.is_superuser:
        roles.append(Role.EXPERT_REVIEWER)
    return [(r.value, r.label) for r in roles]


def grantable_schools(*, actor: User) -> QuerySet[School]:
    """Schools where the actor may give roles."""
    scope = permissions.scope_of(actor)
    return School.objects.visible_to(actor).filter(
        Q(pk__in=scope.managed_school_ids) | Q(bureau_id__in=scope.bureau_ids)
    )


def classroom_students(*, actor: User, classroom: Classroom) -> QuerySet[User]:
    """Students of a class in name order, for those who may see the class list."""
    permissions.require(actor, "org.view_roster", classroom)
    return (
        User.objects.filter(memberships__classroom=classroom, memberships__role=Role.STUDENT)
        .only("education_id", "full_name")
        .order_by("full_name")
    )


def classroom_roster(*, actor: User, classroom: Classroom) -> list[dict[str, Any]]:
    """The class list as plain rows (no model instances), each student with their parents'
    names and phones, in one query: what the roster page and its Excel export show."""
    permissions.require(actor, "org.view_roster", classroom)
    rows = (
        User.objects.filter(memberships__classroom=classroom, memberships__role=Role.STUDENT)
        .order_by("full_name", "pk", "parent_links__parent__full_name")
        .values_list(
            "pk",
            "education_id",
            "full_name",
            "date_of_birth",
            "parent_links__parent__full_name",
            "parent_links__parent__phone",
        )
    )
    students: dict[int, dict[str, Any]] = {}
    for pk, education_id, full_name, born, parent_name, parent_phone in rows:
        student = students.setdefault(
            pk,
            {
                "id": pk,
                "education_id": education_id,
                "full_name": full_name,
                "date_of_birth": born,
                "parents": [],
            },
        )
        if parent_name is not None:
            student["parents"].append((parent_name, parent_phone or ""))
    return list(students.values())


def children_of(*, parent: User) -> list[dict[str, Any]]:
    """The parent's children, each with their class and school, in one query."""
    rows = (
        Membership.objects.filter(role=Role.STUDENT, user__parent_links__parent=parent)
        .select_related("user", "classroom", "classroom__homeroom_teacher", "school")
        .order_by("user__full_name")
    )
    return [{"child": m.user, "classroom": m.classroom, "school": m.school} for m in rows]


def import_job_list(*, actor: User, school: School) -> QuerySet[ImportJob]:
    """Imports of a school, newest first."""
    return ImportJob.objects.visible_to(actor).filter(school=school).select_related("created_by")


def school_teachers(*, school: School) -> QuerySet[User]:
    """Teachers and school admins of a school, in name order (choices for homeroom, leader)."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            school=school, role__in=(Role.TEACHER, Role.SCHOOL_ADMIN)
        ).values("user_id"),
        is_active=True,
    ).order_by("full_name")


def school_member_counts(*, school_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per school: how many distinct students, teachers and parents hold a membership there."""
    from django.db.models import Count

    counts: dict[int, dict[str, int]] = {sid: {} for sid in school_ids}
    rows = (
        Membership.objects.filter(school_id__in=school_ids)
        .values("school_id", "role")
        .annotate(n=Count("user_id", distinct=True))
    )
    for row in rows:
        counts[row["school_id"]][row["role"]] = row["n"]
    return counts


def audit_list(*, actor: User, school: School) -> QuerySet[AuditEntry]:
    """The audit log of a school, newest first, for those who may read it."""
    permissions.require(actor, "accounts.view_audit", school)
    return AuditEntry.objects.filter(school_id=school.pk).select_related("actor")
