import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from digicampus.accounts import importing
from digicampus.accounts.backends import activation_code_matches
from digicampus.accounts.choices import ImportStatus, Role
from digicampus.accounts.models import Guardianship, ImportJob, Membership, User
from digicampus.accounts.tests.factories import UserFactory
from digicampus.accounts.tests.xlsx import STUDENT_HEADER, student_row, upload
from digicampus.org.tests.factories import SubjectGroupFactory


def start(client, school, file, kind="students"):
    return client.post(
        reverse("accounts:import_list", args=[school.pk]), {"kind": kind, "file": file}
    )


def test_school_admin_imports_students_with_parents_in_two_steps(
    client, district, django_capture_on_commit_callbacks
):
    client.force_login(district.school_admin)
    rows = [student_row(n, district.classroom.name) for n in range(1, 4)]
    rows.append(student_row(4, district.classroom.name, parent_phone="0977777777"))  # siblings
    rows.append(student_row(5, district.classroom.name, parent_phone="0977777777"))

    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, district.school, upload(STUDENT_HEADER, rows))
    job = ImportJob.objects.get()

    assert response.status_code == 302
    assert job.status == ImportStatus.READY
    assert job.summary == {"students": 5, "new_parents": 4, "existing_parents": 0}
    assert not User.objects.filter(education_id="HS00001").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:import_commit", args=[job.pk]))
    job.refresh_from_db()

    assert job.status == ImportStatus.DONE
    student = User.objects.get(education_id="HS00004")
    assert student.must_change_password
    assert not student.has_usable_password()
    assert Membership.objects.filter(
        user=student, role=Role.STUDENT, classroom=district.classroom
    ).exists()
    sibling_parent = User.objects.get(phone="0977777777")
    assert Guardianship.objects.filter(parent=sibling_parent).count() == 2
    slips = load_workbook(job.slips.open("rb"))
    codes = {row[1]: row[3] for row in slips.active.iter_rows(min_row=2, values_only=True)}
    assert activation_code_matches(student, codes["HS00004"])
    printable = client.get(reverse("accounts:import_slips_print", args=[job.pk])).content.decode()
    assert codes["HS00004"] in printable
    assert printable.count('data-testid="slip"') == 9  # five students and four parents


def test_bad_rows_are_reported_in_the_users_language_and_nothing_is_created(
    client, district, django_capture_on_commit_callbacks
):
    UserFactory(education_id="HS00001")
    district.school_admin.language = "vi"
    district.school_admin.save()
    client.force_login(district.school_admin)
    rows = [
        student_row(1, district.classroom.name),  # duplicate ID in the database
        student_row(2, "9Z9"),  # unknown class
        student_row(3, district.classroom.name, parent_phone="12ab"),  # bad phone
        student_row(4, district.classroom.name),
        student_row(4, district.classroom.name, parent_phone="0911111111"),  # duplicate in file
    ]

    with django_capture_on_commit_callbacks(execute=True):
        start(client, district.school, upload(STUDENT_HEADER, rows))
    job = ImportJob.objects.get()
    page = client.get(reverse("accounts:import_detail", args=[job.pk])).content.decode()

    assert job.status == ImportStatus.INVALID
    codes = sorted((e["row"], e["code"]) for e in job.errors)
    assert codes == [
        (2, "duplicate_education_id"),
        (3, "unknown_class"),
        (4, "bad_phone"),
        (6, "duplicate_education_id"),
    ]
    assert "không hợp lệ" in page or "đã được sử dụng" in page
    assert User.objects.filter(education_id__startswith="HS").count() == 1


def test_a_file_that_is_not_xlsx_is_refused_by_its_content(client, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(district.school_admin)
    fake = SimpleUploadedFile("students.xlsx", b"Education ID,Full name\n1,A\n")

    response = start(client, district.school, fake)

    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_commit_is_all_or_nothing_when_data_changed_after_the_check(
    district, django_capture_on_commit_callbacks
):
    rows = [student_row(n, district.classroom.name) for n in range(1, 4)]
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(
            actor=district.school_admin,
            school=district.school,
            kind="students",
            upload=upload(STUDENT_HEADER, rows),
        )
    job.refresh_from_db()
    UserFactory(education_id="HS00003")  # someone else took an ID meanwhile

    importing.import_job_commit(job=job)

    assert job.status == ImportStatus.INVALID
    assert not User.objects.filter(education_id__in=["HS00001", "HS00002"]).exists()


def test_teachers_import_joins_subject_groups(district, django_capture_on_commit_callbacks):
    group = SubjectGroupFactory(school=district.school, name="Tổ Toán")
    header = ["Education ID", "Full name", "Date of birth", "Phone", "E-mail", "Subject group"]
    rows = [["GV001", "Nguyễn Văn An", "01/02/1985", "0988000111", "an@truong.edu.vn", "tổ toán"]]
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(
            actor=district.school_admin,
            school=district.school,
            kind="teachers",
            upload=upload(header, rows),
        )
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_job_start(actor=district.school_admin, job=job)

    teacher = User.objects.get(education_id="GV001")
    assert Membership.objects.filter(user=teacher, subject_group=group).exists()


def test_headers_may_be_written_in_chinese(district, django_capture_on_commit_callbacks):
    with translation.override("zh-hans"):
        header = importing.column_labels("students")
    rows = [student_row(1, district.classroom.name)]
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(
            actor=district.school_admin,
            school=district.school,
            kind="students",
            upload=upload(header, rows),
        )
    job.refresh_from_db()

    assert job.status == ImportStatus.READY, job.errors


@pytest.mark.parametrize("who", ["teacher", "other_school_admin", "student"])
def test_only_managers_of_the_school_may_import(client, district, who):
    client.force_login(getattr(district, who))

    response = client.get(reverse("accounts:import_list", args=[district.school.pk]))

    assert response.status_code in (403, 404)


def test_import_progress_page_polls_while_running(client, district):
    job = ImportJob.objects.create(
        school=district.school,
        kind="students",
        original_name="a.xlsx",
        file="a.xlsx",
        status=ImportStatus.IMPORTING,
        total_rows=1000,
    )
    importing.progress_set(job.pk, 250, 1000)
    client.force_login(district.school_admin)

    response = client.get(reverse("accounts:import_detail", args=[job.pk]), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert "25%" in body
