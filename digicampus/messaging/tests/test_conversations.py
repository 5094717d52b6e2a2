from datetime import time

import pytest
from django.urls import reverse

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of
from digicampus.core.errors import DomainError
from digicampus.messaging import selectors, services
from digicampus.messaging.models import Conversation, ConversationPolicy


@pytest.fixture
def open_all_day(district):
    return ConversationPolicy.objects.create(
        school=district.school, hours_from=time(0, 0), hours_until=time(23, 59, 59)
    )


def test_parent_writes_to_the_homeroom_teacher_who_replies(
    client, district, open_all_day, django_capture_on_commit_callbacks
):
    client.force_login(district.parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("messaging:conversation_create", args=[district.student.pk]),
            {"teacher": district.teacher.pk, "body": "Cô cho em xin lịch kiểm tra."},
        )
    conversation = Conversation.objects.get()
    client.force_login(district.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(conversation.get_absolute_url(), {"body": "Thứ Năm tuần sau ạ."})

    assert response.url == conversation.get_absolute_url()
    assert [m.author for m in conversation.messages.all()] == [district.parent, district.teacher]
    assert len(selectors.inbox(user=district.teacher)) == 1
    assert len(selectors.inbox(user=district.parent)) == 1


def test_outside_the_schools_hours_a_parent_is_told_when_to_write(district):
    ConversationPolicy.objects.create(
        school=district.school, hours_from=time(0, 0), hours_until=time(0, 0, 1)
    )

    with pytest.raises(DomainError) as refused:
        services.conversation_start(
            actor=district.parent,
            student=district.student,
            teacher=district.teacher,
            body="Xin chào",
        )

    assert refused.value.code == "outside_hours"


def test_homeroom_only_rule_refuses_other_teachers(district, open_all_day):
    other_teacher = make_member(Role.TEACHER, school=district.school)
    assert other_teacher in selectors.allowed_teachers(student=district.student)
    open_all_day.homeroom_only = True
    open_all_day.save()

    assert list(selectors.allowed_teachers(student=district.student)) == [district.teacher]
    with pytest.raises(DomainError):
        services.conversation_start(
            actor=district.parent, student=district.student, teacher=other_teacher, body="Xin chào"
        )


def test_a_conversation_is_private_to_its_parent_and_teacher(client, district, open_all_day):
    conversation = services.conversation_start(
        actor=district.parent, student=district.student, teacher=district.teacher, body="Riêng tư"
    )

    for outsider in (
        make_parent_of(district.classmate),
        district.school_admin,
        district.other_school_teacher,
    ):
        client.force_login(outsider)
        assert client.get(conversation.get_absolute_url()).status_code == 404


def test_parent_cannot_write_about_someone_elses_child(client, district, open_all_day):
    client.force_login(district.parent)

    response = client.get(reverse("messaging:conversation_create", args=[district.classmate.pk]))

    assert response.status_code == 404


def test_school_admin_sets_the_rules(client, district):
    client.force_login(district.school_admin)

    client.post(
        reverse("messaging:conversation_policy", args=[district.school.pk]),
        {"homeroom_only": "on", "hours_from": "06:30", "hours_until": "21:00"},
    )

    policy = ConversationPolicy.objects.get(school=district.school)
    assert policy.homeroom_only
    assert policy.hours_until == time(21, 0)


def test_an_insult_is_held_until_the_safety_team_releases_it(
    client, district, open_all_day, django_capture_on_commit_callbacks
):
    from digicampus.safety.models import Case

    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.conversation_start(
            actor=district.parent,
            student=district.student,
            teacher=district.teacher,
            body="Cô dạy n.g.u quá",
        )
    client.force_login(district.teacher)
    hidden = client.get(conversation.get_absolute_url()).content.decode()
    case = Case.objects.get()

    assert "dạy n.g.u" not in hidden
    assert selectors.inbox(user=district.teacher) == []
    assert case.source == "screening"
    assert len(selectors.inbox(user=district.collaborator)) == 1

    client.force_login(district.collaborator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("safety:case_decide", args=[case.pk]), {"action": "dismiss"})
    client.force_login(district.teacher)

    assert "dạy n.g.u" in client.get(conversation.get_absolute_url()).content.decode()
    assert len(selectors.inbox(user=district.teacher)) == 1


def test_the_author_sees_the_message_is_held(client, district, open_all_day):
    conversation = services.conversation_start(
        actor=district.parent,
        student=district.student,
        teacher=district.teacher,
        body="chuyển khoản 500k để nhận quà",
    )
    client.force_login(district.parent)

    page = client.get(conversation.get_absolute_url()).content.decode()

    assert 'data-testid="held"' in page
