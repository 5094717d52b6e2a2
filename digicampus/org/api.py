"""API: schools, classes and class members, all narrowed to the caller's scope."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from digicampus.accounts import selectors as accounts_selectors
from digicampus.org import selectors
from digicampus.org.models import Classroom, School

router = Router(tags=["organisation"])


class SchoolOut(Schema):
    id: int
    code: str
    name: str
    level: str
    address: str


class ClassroomOut(Schema):
    id: int
    name: str
    school_id: int
    grade: int
    school_year: str
    homeroom_teacher_id: int | None
    homeroom_teacher_name: str | None
    student_count: int


class MemberOut(Schema):
    id: int
    education_id: str
    full_name: str


def _classroom_out(c: Classroom) -> dict[str, object]:
    return {
        "id": c.pk,
        "name": c.name,
        "school_id": c.school_id,
        "grade": c.grade.number,
        "school_year": c.grade.school_year.name,
        "homeroom_teacher_id": c.homeroom_teacher_id,
        "homeroom_teacher_name": c.homeroom_teacher.full_name if c.homeroom_teacher else None,
        "student_count": getattr(c, "student_count", 0),
    }


@router.get("/schools", response=list[SchoolOut])
@paginate
def school_list(request: HttpRequest, q: str = "") -> object:
    """Schools the caller may see."""
    return selectors.school_list(actor=request.user, search=q)


@router.get("/schools/{school_id}", response=SchoolOut)
def school_get(request: HttpRequest, school_id: int) -> School:
    """One school in the caller's scope."""
    return get_object_or_404(School.objects.visible_to(request.user), pk=school_id)


@router.get("/schools/{school_id}/classes", response=list[ClassroomOut])
@paginate
def school_classes(request: HttpRequest, school_id: int) -> object:
    """Classes of the school's current year that the caller may see."""
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_id)
    classes = selectors.classroom_list(actor=request.user, school=school).select_related(
        "grade__school_year"
    )
    return [_classroom_out(c) for c in classes]


@router.get("/classes/{class_id}", response=ClassroomOut)
def classroom_get(request: HttpRequest, class_id: int) -> dict[str, object]:
    """One class in the caller's scope."""
    classroom = (
        selectors.classroom_list(actor=request.user, ids=[class_id])
        .select_related("grade__school_year")
        .get()
    )
    return _classroom_out(classroom)


@router.get("/classes/{class_id}/members", response=list[MemberOut])
@paginate
def classroom_members(request: HttpRequest, class_id: int) -> object:
    """Students of a class, for those who may see its list."""
    classroom = selectors.classroom_get(actor=request.user, pk=class_id)
    return accounts_selectors.classroom_students(actor=request.user, classroom=classroom)
