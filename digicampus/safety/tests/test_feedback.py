"""Feedback and petitions: a student sends, the team routes, the person responsible answers."""

from django.urls import reverse

from digicampus.core.indicators import indicator_values
from digicampus.messaging import selectors as messaging_selectors
from digicampus.safety import services
from digicampus.safety.models import Feedback


def test_student_sends_team_routes_teacher_answers_student_sees(
    client, district, django_capture_on_commit_callbacks
):
    client.force_login(district.student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("safety:feedback_create"),
            {
                "school": district.school.pk,
                "kind": "petition",
                "subject": "Xin thêm giờ mở thư viện",
                "body": "Chúng em muốn thư viện mở đến 17 giờ.",
            },
        )
    feedback = Feedback.objects.get()
    assert len(messaging_selectors.inbox(user=district.collaborator)) == 1

    client.force_login(district.collaborator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(feedback.get_absolute_url(), {"assignee": district.teacher.pk})
    feedback.refresh_from_db()
    assert feedback.state == "routed"
    assert len(messaging_selectors.inbox(user=district.teacher)) == 1

    client.force_login(district.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(feedback.get_absolute_url(), {"reply": "Từ tuần sau thư viện mở đến 17 giờ."})
    feedback.refresh_from_db()
    assert feedback.state == "answered"

    client.force_login(district.student)
    page = client.get(feedback.get_absolute_url()).content.decode()
    assert "Từ tuần sau" in page
    assert len(messaging_selectors.inbox(user=district.student)) == 1


def test_others_do_not_read_someone_elses_feedback(client, district):
    feedback = services.feedback_create(
        actor=district.student, school=district.school, kind="feedback", subject="A", body="B"
    )
    for user in (district.classmate, district.parent, district.other_school_admin):
        client.force_login(user)
        assert client.get(feedback.get_absolute_url()).status_code == 404


def test_a_bad_form_keeps_what_was_typed(client, district):
    client.force_login(district.student)

    response = client.post(
        reverse("safety:feedback_create"),
        {"school": district.school.pk, "kind": "petition", "subject": "", "body": "Nội dung dài"},
    )

    assert response.status_code == 200
    assert "Nội dung dài" in response.content.decode()


def test_routing_goes_only_to_staff_of_the_school(district):
    feedback = services.feedback_create(
        actor=district.parent, school=district.school, kind="feedback", subject="A", body="B"
    )
    import pytest

    from digicampus.core.errors import DomainError

    with pytest.raises(DomainError):
        services.feedback_route(
            actor=district.collaborator, feedback=feedback, assignee=district.other_school_teacher
        )
    assert indicator_values("safety.open_reports", [district.school.pk]).overall == 0
