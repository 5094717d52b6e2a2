"""What each role's home page shows; a constant number of queries whatever the school size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Paginator

from digicampus.accounts import selectors
from digicampus.accounts.choices import Role
from digicampus.accounts.models import User
from digicampus.core import permissions
from digicampus.core.indicators import indicator_values
from digicampus.org import selectors as org_selectors
from digicampus.org.models import School, SubjectGroup

BUREAU_PAGE_SIZE = 25


def _bureau(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    search = params.get("q", "").strip()
    all_ids = list(org_selectors.school_list(actor=user).values_list("pk", flat=True))
    found = (
        list(org_selectors.school_list(actor=user, search=search).values_list("pk", flat=True))
        if search
        else all_ids
    )
    # Page through ids (already in name order) and load only the page's schools.
    page = Paginator(found, BUREAU_PAGE_SIZE).get_page(params.get("page"))
    by_id = {s.pk: s for s in School.objects.visible_to(user).filter(pk__in=list(page))}
    schools = [by_id[pk] for pk in page]
    students = indicator_values("accounts.students", all_ids)
    teachers = indicator_values("accounts.teachers", all_ids)
    active = indicator_values("accounts.active_30d", all_ids)
    rows = [
        {
            "school": s,
            "students": int(students.per_school.get(s.pk, 0)),
            "teachers": int(teachers.per_school.get(s.pk, 0)),
            "active": active.per_school.get(s.pk, 0.0),
        }
        for s in schools
    ]
    return {
        "rows": rows,
        "page": page,
        "search": search,
        "school_count": len(all_ids),
        "total_students": int(students.overall),
        "total_teachers": int(teachers.overall),
        "active_overall": active.overall,
    }


def _school(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    scope = permissions.scope_of(user)
    school = School.objects.filter(pk__in=scope.admin_school_ids).order_by("name").first()
    if school is None:
        return {}
    counts = {
        "students": int(indicator_values("accounts.students", [school.pk]).overall),
        "teachers": int(indicator_values("accounts.teachers", [school.pk]).overall),
    }
    signed_in = indicator_values("accounts.signed_in", [school.pk]).overall
    active = indicator_values("accounts.active_30d", [school.pk]).overall
    classes = list(
        org_selectors.classroom_list(actor=user, school=school).select_related("grade__school_year")
    )
    # The classes are those of the current year; ask for the year itself only when none exist.
    year = (
        classes[0].grade.school_year
        if classes
        else org_selectors.school_year_current(school=school)
    )
    return {
        "school": school,
        "year": year,
        "classes": classes,
        "counts": counts,
        "signed_in": signed_in,
        "active": active,
    }


def _teacher(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    scope = permissions.scope_of(user)
    return {
        "schools": list(School.objects.filter(pk__in=scope.staff_school_ids)),
        "homeroom_classes": org_selectors.classroom_list(actor=user, ids=scope.homeroom_class_ids),
        "groups": list(
            SubjectGroup.objects.filter(pk__in=scope.subject_group_ids).select_related("school")
        ),
    }


def _reviewer(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    return {"schools": org_selectors.school_list(actor=user)}


def _student(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    scope = permissions.scope_of(user)
    classes = list(
        org_selectors.classroom_list(actor=user, ids=scope.student_class_ids).select_related(
            "school"
        )
    )
    return {"classes": classes, "parents": User.objects.filter(child_links__child=user)}


def _parent(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    return {"children": selectors.children_of(parent=user)}


_BUILDERS = {
    "bureau": _bureau,
    "school": _school,
    "teacher": _teacher,
    "reviewer": _reviewer,
    "student": _student,
    "parent": _parent,
}


def home_context(user: User, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    """The template and context of the user's home page (`params`: the query string)."""
    kind = selectors.user_home_kind(user)
    builder = _BUILDERS.get(kind)
    context = builder(user, params) if builder else {}
    context["kind"] = kind
    context["roles"] = [Role(r).label for r in selectors.user_roles(user)]
    return f"accounts/home_{kind}.html", context
