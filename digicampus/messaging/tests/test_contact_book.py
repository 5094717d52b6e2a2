import pytest
from django.urls import reverse

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of
from digicampus.core.errors import DomainError
from digicampus.messaging import selectors, services
from digicampus.messaging.models import ContactEntry


def inbox_subjects(user):
    return [d.notification.subject_text() for d in selectors.inbox(user=user)]


def test_teacher_writes_to_one_family_and_only_that_family_is_told(
    client, district, django_capture_on_commit_callbacks
):
    classmate_parent = make_parent_of(district.classmate)
    client.force_login(district.teacher)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("messaging:classroom_contact_book", args=[district.classroom.pk]),
            {"student": district.student.pk, "kind": "result", "body": "Toán: 9 điểm"},
        )

    assert response.status_code == 302
    assert len(inbox_subjects(district.parent)) == 1
    assert inbox_subjects(classmate_parent) == []


def test_results_are_never_written_to_a_whole_class(district):
    with pytest.raises(DomainError):
        services.contact_entry_create(
            actor=district.teacher, classroom=district.classroom, kind="result", body="Bảng điểm"
        )


def test_whole_class_entry_reaches_every_family_of_the_class(
    district, django_capture_on_commit_callbacks
):
    classmate_parent = make_parent_of(district.classmate)

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_entry_create(
            actor=district.teacher,
            classroom=district.classroom,
            kind="comment",
            body="Mai đi tham quan, mang nước.",
        )

    assert len(inbox_subjects(district.parent)) == 1
    assert len(inbox_subjects(classmate_parent)) == 1
    assert inbox_subjects(district.other_parent) == []


def test_parent_reads_and_replies_and_the_teacher_is_told(
    client, district, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.contact_entry_create(
            actor=district.teacher,
            classroom=district.classroom,
            kind="comment",
            body="Em cần ôn bài.",
            student=district.student,
        )
    client.force_login(district.parent)
    notification_id = selectors.inbox(user=district.parent)[0].notification_id

    opened = client.get(reverse("messaging:open", args=[notification_id]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(entry.get_absolute_url(), {"body": "Cảm ơn cô."})

    assert opened.url == entry.get_absolute_url()
    assert selectors.inbox(user=district.parent)[0].read_at is not None
    assert entry.replies.get().author == district.parent
    assert len(inbox_subjects(district.teacher)) == 1


def test_parents_see_only_their_own_childrens_entries(
    client, district, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.contact_entry_create(
            actor=district.teacher,
            classroom=district.classroom,
            kind="reward",
            body="Khen thưởng.",
            student=district.student,
        )
    classmate_parent = make_parent_of(district.classmate)
    client.force_login(classmate_parent)

    assert client.get(entry.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("messaging:child_contact_book", args=[district.student.pk])).status_code
        == 404
    )
    assert list(ContactEntry.objects.visible_to(classmate_parent)) == []


def test_student_reads_own_contact_book(client, district, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_entry_create(
            actor=district.teacher,
            classroom=district.classroom,
            kind="comment",
            body="Lớp trực nhật.",
        )
    client.force_login(district.student)

    page = client.get(reverse("messaging:child_contact_book", args=[district.student.pk]))

    assert "Lớp trực nhật." in page.content.decode()


def test_teacher_of_another_school_cannot_write(client, district):
    client.force_login(district.other_school_teacher)

    response = client.get(reverse("messaging:classroom_contact_book", args=[district.classroom.pk]))

    assert response.status_code == 404


def test_the_years_summary_groups_entries_by_kind_for_family_and_teacher(client, district):
    services.contact_entry_create(
        actor=district.teacher,
        classroom=district.classroom,
        kind="reward",
        body="Học sinh giỏi tháng",
        student=district.student,
    )
    services.contact_entry_create(
        actor=district.teacher,
        classroom=district.classroom,
        kind="attendance",
        body="Nghỉ có phép",
        student=district.student,
    )
    services.contact_entry_create(
        actor=district.teacher,
        classroom=district.classroom,
        kind="result",
        body="Điểm của bạn khác",
        student=district.classmate,
    )
    url = reverse("messaging:contact_book_summary", args=[district.student.pk])

    for reader in (district.parent, district.teacher):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert page.count('data-testid="summary-group"') == 2
        assert "Học sinh giỏi tháng" in page
        assert "Điểm của bạn khác" not in page

    client.force_login(make_parent_of(district.classmate))
    assert client.get(url).status_code == 404


def test_teacher_sees_who_has_read_and_reminds_the_rest(
    client, district, django_capture_on_commit_callbacks
):
    classmate_parent = make_parent_of(district.classmate)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.contact_entry_create(
            actor=district.teacher,
            classroom=district.classroom,
            kind="comment",
            body="Nộp sổ liên lạc",
        )
    services.notification_mark_read(delivery=selectors.inbox(user=district.parent)[0])
    client.force_login(district.teacher)

    page = client.get(entry.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:entry_remind", args=[entry.pk]))

    assert "Read by 1 of 2 families" in page
    assert len(selectors.inbox(user=classmate_parent)) == 2
    assert len(selectors.inbox(user=district.parent)) == 1


def test_a_school_may_allow_results_for_a_whole_class(district):
    from digicampus.messaging.models import ConversationPolicy

    ConversationPolicy.objects.create(school=district.school, private_results=False)

    entry = services.contact_entry_create(
        actor=district.teacher,
        classroom=district.classroom,
        kind="result",
        body="Điểm trung bình của lớp: 8,2",
    )

    assert entry.student is None


def test_other_teachers_of_the_school_do_not_read_a_familys_entries(client, district):
    entry = services.contact_entry_create(
        actor=district.teacher,
        classroom=district.classroom,
        kind="discipline",
        body="Đi học muộn 3 lần",
        student=district.student,
    )
    colleague = make_member(Role.TEACHER, school=district.school)
    client.force_login(colleague)

    assert client.get(entry.get_absolute_url()).status_code == 404
    assert (
        "Đi học muộn"
        not in client.get(
            reverse("messaging:classroom_contact_book", args=[district.classroom.pk])
        ).content.decode()
    )

    client.force_login(district.school_admin)
    assert client.get(entry.get_absolute_url()).status_code == 200
