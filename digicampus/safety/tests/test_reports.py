"""A parent forwards a suspicious message to the school; the safety team handles it."""

import pytest
from django.urls import reverse

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member
from digicampus.core.indicators import indicator_values
from digicampus.messaging import selectors as messaging_selectors
from digicampus.safety.models import Report

SCAM = "Phụ huynh chuyển khoản học phí vào số tài khoản 0123456789 trước thứ Sáu."


def test_parent_forwards_a_scam_and_the_team_is_told(
    client, district, django_capture_on_commit_callbacks
):
    client.force_login(district.parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("safety:report_create"),
            {"school": district.school.pk, "category": "scam", "text": SCAM},
        )

    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.reporter == district.parent
    assert len(messaging_selectors.inbox(user=district.collaborator)) == 1
    assert len(messaging_selectors.inbox(user=district.school_admin)) == 1
    assert messaging_selectors.inbox(user=district.teacher) == []
    assert indicator_values("safety.open_reports", [district.school.pk]).overall == 1


def test_collaborator_handles_it_and_the_parent_sees_the_answer(
    client, district, django_capture_on_commit_callbacks
):
    from digicampus.safety import services

    report = services.report_create(
        actor=district.parent, school=district.school, category="scam", text=SCAM
    )
    client.force_login(district.collaborator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            report.get_absolute_url(),
            {
                "state": "actioned",
                "resolution": "Đây là tin giả; nhà trường không thu qua chuyển khoản.",
            },
        )

    report.refresh_from_db()
    assert report.state == "actioned"
    assert report.handled_by == district.collaborator
    client.force_login(district.parent)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "tin giả" in page
    assert len(messaging_selectors.inbox(user=district.parent)) == 1


@pytest.mark.parametrize("who", ["teacher", "other_school_admin", "other_parent"])
def test_only_the_reporter_and_the_schools_team_see_a_report(client, district, who):
    from digicampus.safety import services

    report = services.report_create(
        actor=district.parent, school=district.school, category="fake_news", text="Tin đồn nghỉ học"
    )
    client.force_login(getattr(district, who))

    assert client.get(report.get_absolute_url()).status_code == 404


def test_a_parent_cannot_report_to_a_school_they_do_not_belong_to(client, district):
    client.force_login(district.parent)

    response = client.post(
        reverse("safety:report_create"),
        {"school": district.other_school.pk, "category": "scam", "text": SCAM},
    )

    assert response.status_code == 200
    assert not Report.objects.exists()


def test_teacher_cannot_open_the_queue_but_a_new_collaborator_can(client, district):
    client.force_login(district.teacher)
    url = reverse("safety:report_queue", args=[district.school.pk])
    assert client.get(url).status_code == 403

    client.force_login(make_member(Role.COLLABORATOR, school=district.school))
    assert client.get(url).status_code == 200
