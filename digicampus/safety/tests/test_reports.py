"""Reports: a parent forwards a scam; reports of the same content merge into one case; enough
distinct reporters hide the content until the team checks it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from digicampus.core.indicators import indicator_values
from digicampus.messaging import selectors as messaging_selectors
from digicampus.safety import services
from digicampus.safety.models import Case, Report, SafetySettings

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
    assert report.case.source == "report"
    assert len(messaging_selectors.inbox(user=district.collaborator)) == 1
    assert len(messaging_selectors.inbox(user=district.school_admin)) == 1
    assert messaging_selectors.inbox(user=district.teacher) == []
    assert indicator_values("safety.open_reports", [district.school.pk]).overall == 1


def test_an_empty_report_keeps_what_was_typed(client, district):
    client.force_login(district.parent)

    response = client.post(
        reverse("safety:report_create"),
        {"school": district.school.pk, "category": "scam", "text": "  "},
    )

    assert response.status_code == 200
    assert "Describe what you received or saw." in response.content.decode()
    assert not Report.objects.exists()


def test_the_team_answers_and_the_parent_sees_the_answer(
    client, district, django_capture_on_commit_callbacks
):
    report = services.report_create(
        actor=district.parent, school=district.school, category="scam", text=SCAM
    )
    client.force_login(district.collaborator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("safety:case_decide", args=[report.case.pk]),
            {
                "action": "dismiss",
                "resolution": "Đây là tin giả; trường không thu qua chuyển khoản.",
            },
        )

    report.case.refresh_from_db()
    assert report.case.state == "dismissed"
    assert report.case.decided_by == district.collaborator
    client.force_login(district.parent)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "tin giả" in page
    assert len(messaging_selectors.inbox(user=district.parent)) == 1


def test_reports_of_the_same_content_merge_and_hide_it_at_the_threshold(district, message_of):
    SafetySettings.objects.create(bureau=district.bureau, auto_hide_reporters=2)
    message = message_of("Xem ảnh này đi")

    first = services.report_create(actor=district.teacher, category="harmful", content=message)
    again = services.report_create(actor=district.teacher, category="harmful", content=message)
    message.refresh_from_db()
    assert first.case_id == again.case_id
    assert message.moderation == "published"

    services.report_create(actor=district.parent, category="bullying", content=message)

    message.refresh_from_db()
    case = Case.objects.get()
    assert case.reporter_count == 2
    assert message.moderation == "hidden"


def test_nobody_reports_content_they_cannot_see(district, message_of):
    message = message_of("Xin chào cô")

    with pytest.raises(PermissionDenied):
        services.report_create(actor=district.other_parent, category="harmful", content=message)


def test_the_report_form_about_content_asks_no_school(client, district, message_of):
    message = message_of("Xin chào cô")
    client.force_login(district.teacher)
    url = reverse("safety:report_create") + f"?content=messaging.conversationmessage:{message.pk}"

    page = client.get(url).content.decode()
    response = client.post(url, {"category": "harmful", "text": ""})

    assert 'name="school"' not in page
    conversation = client.get(message.get_absolute_url()).content.decode()
    assert 'data-testid="report-message"' in conversation
    assert Report.objects.get().case.content_id == message.pk
    assert response.status_code == 302
    client.force_login(district.other_parent)
    assert client.get(url).status_code == 404


def test_the_author_never_learns_who_reported(client, district, message_of):
    message = message_of("Xin chào cô")
    report = services.report_create(actor=district.teacher, category="harmful", content=message)
    services.case_decide(
        actor=district.collaborator, case=report.case, action="hide", reason="Không phù hợp"
    )
    client.force_login(district.parent)

    page = client.get(report.case.get_absolute_url()).content.decode()

    assert "Không phù hợp" in page
    assert district.teacher.full_name not in page
    assert client.get(report.get_absolute_url()).status_code == 404
