from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of
from digicampus.messaging import selectors, services
from digicampus.messaging.models import Announcement


def _consent_form(client, district, capture):
    client.force_login(district.school_admin)
    with capture(execute=True):
        client.post(
            reverse("messaging:announcement_create"),
            {
                "audience": "class_parents",
                "classrooms": [district.classroom.pk],
                "title": "Giấy đồng ý tham quan",
                "body": "Xin ký xác nhận.",
                "confirmation": "signature",
            },
        )
    return Announcement.objects.get()


def test_school_admin_sends_a_consent_form_and_sees_who_signed(
    client, district, django_capture_on_commit_callbacks
):
    classmate_parent = make_parent_of(district.classmate)
    announcement = _consent_form(client, district, django_capture_on_commit_callbacks)
    client.force_login(district.parent)

    wrong = client.post(
        reverse("messaging:announcement_confirm", args=[announcement.pk]),
        {"signature": "Someone Else"},
        follow=True,
    )
    client.post(
        reverse("messaging:announcement_confirm", args=[announcement.pk]),
        {"signature": f"  {district.parent.full_name.upper()} "},
    )
    receipts = selectors.announcement_receipts(
        actor=district.school_admin, announcement=announcement
    )

    assert "Type your full name" in wrong.content.decode()
    assert receipts["recipients"] == 2
    assert receipts["confirmed"] == 1
    assert list(receipts["pending"]) == [classmate_parent]


def test_reminder_goes_only_to_those_who_have_not_confirmed(
    client, district, django_capture_on_commit_callbacks
):
    classmate_parent = make_parent_of(district.classmate)
    announcement = _consent_form(client, district, django_capture_on_commit_callbacks)
    services.announcement_confirm(
        actor=district.parent, announcement=announcement, signature=district.parent.full_name
    )
    client.force_login(district.school_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:announcement_remind", args=[announcement.pk]))

    assert len(selectors.inbox(user=classmate_parent)) == 2
    assert len(selectors.inbox(user=district.parent)) == 1


def test_teacher_cannot_announce_to_another_schools_class(client, district):
    client.force_login(district.teacher)

    client.post(
        reverse("messaging:announcement_create"),
        {
            "audience": "class_parents",
            "classrooms": [district.other_classroom.pk],
            "title": "x",
            "body": "y",
            "confirmation": "none",
        },
    )

    assert not Announcement.objects.exists()


def test_parent_cannot_send_announcements(client, district):
    client.force_login(district.parent)

    assert client.get(reverse("messaging:announcement_create")).status_code == 403


def test_bureau_announces_to_all_parents_of_chosen_schools(
    client, district, django_capture_on_commit_callbacks
):
    client.force_login(district.bureau_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("messaging:announcement_create"),
            {
                "audience": "district_parents",
                "schools": [district.school.pk, district.other_school.pk],
                "title": "Thông báo của Phòng",
                "body": "Nội dung.",
                "confirmation": "none",
            },
        )

    assert len(selectors.inbox(user=district.parent)) == 1
    assert len(selectors.inbox(user=district.other_parent)) == 1
    assert selectors.inbox(user=district.teacher) == []


def test_inbox_page_queries_do_not_grow_with_messages(
    client, district, django_capture_on_commit_callbacks
):
    client.force_login(district.parent)
    client.get(reverse("messaging:inbox"))
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_entry_create(
            actor=district.teacher, classroom=district.classroom, kind="comment", body="1"
        )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("messaging:inbox"))
    for n in range(5):
        other_teacher = make_member(Role.TEACHER, school=district.school)
        with django_capture_on_commit_callbacks(execute=True):
            services.contact_entry_create(
                actor=other_teacher, classroom=district.classroom, kind="comment", body=str(n)
            )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("messaging:inbox"))

    assert len(many) == len(few)


def test_inbox_api_pages_by_cursor_and_marks_read(
    client, district, django_capture_on_commit_callbacks
):
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.contact_entry_create(
                actor=district.teacher, classroom=district.classroom, kind="comment", body=str(n)
            )
    client.force_login(district.parent)

    first = client.get("/api/v1/messaging/inbox?limit=2").json()
    second = client.get(f"/api/v1/messaging/inbox?limit=2&before={first['next_cursor']}").json()
    read = client.post(f"/api/v1/messaging/inbox/{first['items'][0]['id']}/read").json()

    assert [i["body"] for i in first["items"]] == ["2", "1"]
    assert [i["body"] for i in second["items"]] == ["0"]
    assert first["unread"] == 3
    assert read["read"] is True


def test_school_admin_announces_to_the_parents_of_a_grade(
    client, district, django_capture_on_commit_callbacks
):
    from digicampus.org.tests.factories import ClassroomFactory

    other_grade_class = ClassroomFactory(
        grade__school_year=district.classroom.grade.school_year, grade__number=7
    )
    other_grade_parent = make_parent_of(make_member(Role.STUDENT, classroom=other_grade_class))
    client.force_login(district.school_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("messaging:announcement_create"),
            {
                "audience": "grade_parents",
                "grades": [district.classroom.grade_id],
                "title": "Khối 6",
                "body": "Họp phụ huynh khối 6.",
                "confirmation": "none",
            },
        )

    assert len(selectors.inbox(user=district.parent)) == 1
    assert selectors.inbox(user=other_grade_parent) == []


def test_an_attached_consent_form_reaches_recipients_only(
    client, district, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n%%EOF\n"
    client.force_login(district.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("messaging:announcement_create"),
            {
                "audience": "class_parents",
                "classrooms": [district.classroom.pk],
                "title": "Giấy đồng ý",
                "body": "Xem tệp đính kèm.",
                "confirmation": "click",
                "attachment": SimpleUploadedFile("dong-y.pdf", pdf),
            },
        )
    announcement = Announcement.objects.get()
    stored = announcement.attachments.get()
    url = reverse("messaging:announcement_attachment", args=[announcement.pk, stored.pk])

    client.force_login(district.parent)
    download = client.get(url)
    client.force_login(district.other_parent)
    refused = client.get(url)

    assert b"".join(download.streaming_content) == pdf
    assert refused.status_code == 404


def test_a_disguised_attachment_keeps_the_form_and_says_why(client, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(district.school_admin)

    response = client.post(
        reverse("messaging:announcement_create"),
        {
            "audience": "class_parents",
            "classrooms": [district.classroom.pk],
            "title": "Giữ nguyên tiêu đề",
            "body": "x",
            "confirmation": "none",
            "attachment": SimpleUploadedFile("a.pdf", b"MZ not really a pdf"),
        },
    )

    body = response.content.decode()
    assert "not accepted here" in body
    assert 'value="Giữ nguyên tiêu đề"' in body
    assert not Announcement.objects.exists()
