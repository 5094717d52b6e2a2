from decimal import Decimal

from digicampus.core.indicators import indicator_values
from digicampus.spaces import services
from digicampus.spaces.choices import SlotKind
from digicampus.spaces.tests.factories import course, homework, space_of, unit


def test_active_share_counts_owners_who_posted_in_30_days(district):
    services.post_create(actor=district.teacher, space=space_of(district.teacher), body="x")
    space_of(district.student)
    ids = [district.school.pk, district.other_school.pk]

    teachers = indicator_values("spaces.active_teachers_share", ids)
    students = indicator_values("spaces.active_students_share", ids)

    assert teachers.per_school[district.school.pk] == 100.0
    assert students.per_school[district.school.pk] == 0.0
    assert teachers.per_school[district.other_school.pk] == 0.0


def test_a_course_is_complete_when_every_unit_fills_every_slot(district):
    full = course(district.teacher, title="Đủ")
    u = unit(full)
    for slot in SlotKind.values:
        services.unit_resource_add(
            actor=district.teacher, unit=u, slot=slot, link="https://example.org/r"
        )
    unit(course(district.teacher, title="Thiếu"))

    result = indicator_values("spaces.complete_courses", [district.school.pk])

    assert result.per_school == {district.school.pk: 1.0}


def test_homework_set_and_graded_are_counted_per_school(district):
    assignment = homework(district.teacher, district.classroom)
    homework(district.teacher, district.classroom)
    services.submission_save(actor=district.student, assignment=assignment, text="a")
    services.submission_save(actor=district.classmate, assignment=assignment, text="b")
    services.grades_save(
        actor=district.teacher,
        assignment=assignment,
        grades={district.student.pk: (Decimal(8), "")},
    )

    set_ = indicator_values("spaces.homework_set", [district.school.pk])
    graded = indicator_values("spaces.homework_graded", [district.school.pk])

    assert set_.overall == 2
    assert graded.overall == 1
