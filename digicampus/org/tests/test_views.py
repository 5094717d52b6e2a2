from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of
from digicampus.core.models import AuditEntry
from digicampus.org.models import Classroom, Grade, SchoolYear
from digicampus.org.tests.factories import SchoolYearFactory


def test_school_admin_builds_the_year_grades_and_classes(client, district):
    client.force_login(district.school_admin)

    response = client.post(
        reverse("org:year_create", args=[district.school.pk]),
        {
            "name": "2027-2028",
            "starts_on": "2027-09-05",
            "ends_on": "2028-05-31",
            "make_current": "on",
        },
    )
    year = SchoolYear.objects.get(school=district.school, name="2027-2028")
    client.post(reverse("org:grade_create", args=[year.pk]), {"number": 7})
    grade = Grade.objects.get(school_year=year, number=7)
    client.post(
        reverse("org:classroom_create", args=[grade.pk]),
        {"name": "7A1", "homeroom_teacher": district.teacher.pk},
    )

    assert response.status_code == 302
    assert year.is_current
    assert not SchoolYear.objects.get(pk=district.classroom.grade.school_year_id).is_current
    classroom = Classroom.objects.get(grade=grade, name="7A1")
    assert classroom.homeroom_teacher == district.teacher
    assert AuditEntry.objects.filter(verb="org.class_create").exists()


def test_invalid_year_keeps_what_was_typed(client, district):
    client.force_login(district.school_admin)

    response = client.post(
        reverse("org:year_create", args=[district.school.pk]),
        {"name": "2030-2031", "starts_on": "2031-09-05", "ends_on": "2030-05-31"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="2030-2031"' in body
    assert "must end after it starts" in body


def test_overlapping_year_is_refused_with_a_message(client, district):
    client.force_login(district.school_admin)

    response = client.post(
        reverse("org:year_create", args=[district.school.pk]),
        {"name": "again", "starts_on": "2026-10-01", "ends_on": "2027-03-01"},
    )

    assert "overlaps" in response.content.decode()


def test_homeroom_teacher_must_teach_at_the_school(client, district):
    client.force_login(district.school_admin)
    grade = district.classroom.grade

    response = client.post(
        reverse("org:classroom_create", args=[grade.pk]),
        {"name": "6Z", "homeroom_teacher": district.other_school_teacher.pk},
    )

    assert response.status_code == 200
    assert not Classroom.objects.filter(name="6Z").exists()


def test_teacher_cannot_change_the_school_year(client, district):
    client.force_login(district.teacher)

    response = client.get(reverse("org:year_create", args=[district.school.pk]))

    assert response.status_code == 403


def test_homeroom_teacher_exports_the_class_list(client, district):
    client.force_login(district.teacher)

    response = client.get(reverse("org:classroom_export", args=[district.classroom.pk]))

    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([district.student.full_name, district.classmate.full_name])
    assert district.parent.full_name in [row[4] for row in sheet.iter_rows(values_only=True)]


def test_student_cannot_export_the_class_list(client, district):
    client.force_login(district.student)

    response = client.get(reverse("org:classroom_export", args=[district.classroom.pk]))

    assert response.status_code == 403


def _add_students(classroom, n):
    for _ in range(n):
        make_parent_of(make_member(Role.STUDENT, classroom=classroom))


def test_class_roster_queries_do_not_grow_with_students(client, district):
    client.force_login(district.school_admin)
    url = reverse("org:classroom_detail", args=[district.classroom.pk])
    client.get(url)  # warm the scope cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _add_students(district.classroom, 15)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)


def test_other_year_classes_do_not_leak_into_the_school_home(client, district):
    SchoolYearFactory(
        school=district.school,
        name="2019-2020",
        is_current=False,
        starts_on="2019-09-05",
        ends_on="2020-05-31",
    )
    client.force_login(district.school_admin)

    response = client.get("/")

    assert district.classroom.name in response.content.decode()
