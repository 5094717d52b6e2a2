"""The common cast of the suite: two schools of one district and a person in each role."""

from types import SimpleNamespace

import pytest

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of
from digicampus.org.tests.factories import ClassroomFactory, SchoolFactory, SchoolYearFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached scopes and indicators never outlive a test (ids are reused after rollbacks)."""
    from django.core.cache import caches

    for alias in ("default", "progress"):
        caches[alias].clear()


@pytest.fixture
def district(db):
    """Two schools of one bureau, each with a current year, a class, and every role."""
    school = SchoolFactory()
    other_school = SchoolFactory(bureau=school.bureau)
    classroom = ClassroomFactory(grade__school_year=SchoolYearFactory(school=school))
    other_classroom = ClassroomFactory(grade__school_year=SchoolYearFactory(school=other_school))
    teacher = make_member(Role.TEACHER, school=school)
    classroom.homeroom_teacher = teacher
    classroom.save()
    student = make_member(Role.STUDENT, classroom=classroom)
    other_student = make_member(Role.STUDENT, classroom=other_classroom)
    return SimpleNamespace(
        bureau=school.bureau,
        school=school,
        other_school=other_school,
        classroom=classroom,
        other_classroom=other_classroom,
        bureau_admin=make_member(Role.BUREAU_ADMIN, bureau=school.bureau),
        school_admin=make_member(Role.SCHOOL_ADMIN, school=school),
        other_school_admin=make_member(Role.SCHOOL_ADMIN, school=other_school),
        teacher=teacher,
        other_school_teacher=make_member(Role.TEACHER, school=other_school),
        collaborator=make_member(Role.COLLABORATOR, school=school),
        reviewer=make_member(Role.EXPERT_REVIEWER, school=school),
        student=student,
        classmate=make_member(Role.STUDENT, classroom=classroom),
        other_student=other_student,
        parent=make_parent_of(student),
        other_parent=make_parent_of(other_student),
    )
