"""Abuse reports: a confidential path, told at once to the homeroom teacher and the principal,
escalated to the bureau when nobody settles it in time."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from digicampus.messaging import selectors as messaging_selectors
from digicampus.messaging.models import Notification
from digicampus.safety import services
from digicampus.safety.models import AbuseReport, TeamMember


def _report(district, **extra):
    fields = {
        "actor": district.parent,
        "school": district.school,
        "child": district.student,
        "severity": "serious",
        "where": "online",
        "description": "Một người lạ nhắn tin đe doạ con tôi trên mạng xã hội.",
    }
    return services.abuse_report_create(**(fields | extra))


def test_parent_reports_and_the_homeroom_teacher_and_principal_are_told(
    client, district, django_capture_on_commit_callbacks
):
    client.force_login(district.parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("safety:abuse_create"),
            {
                "school": district.school.pk,
                "child": district.student.pk,
                "severity": "serious",
                "where": "online",
                "description": "Con tôi bị bắt nạt trong nhóm chat của lớp.",
            },
        )

    report = AbuseReport.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.classroom == district.classroom
    assert len(messaging_selectors.inbox(user=district.teacher)) == 1
    assert len(messaging_selectors.inbox(user=district.school_admin)) == 1
    assert messaging_selectors.inbox(user=district.collaborator) == []
    notification = Notification.objects.get()
    assert district.parent.full_name not in notification.body
    assert "sms" in notification.channels
    hours = (report.due_at - report.created_at).total_seconds() / 3600
    assert 11.9 < hours <= 12


def test_only_handlers_see_who_reported(client, district):
    report = _report(district)
    designated = district.collaborator
    TeamMember.objects.create(school=district.school, user=designated, handles_abuse=True)

    client.force_login(district.teacher)
    homeroom_page = client.get(report.get_absolute_url()).content.decode()
    assert district.parent.full_name not in homeroom_page
    assert "đe doạ" in homeroom_page

    for handler in (district.school_admin, designated):
        client.force_login(handler)
        assert district.parent.full_name in client.get(report.get_absolute_url()).content.decode()

    for outsider in (district.classmate, district.other_school_admin, district.bureau_admin):
        client.force_login(outsider)
        assert client.get(report.get_absolute_url()).status_code == 404


def test_a_parent_names_only_their_own_child(district):
    with pytest.raises(PermissionDenied):
        _report(district, child=district.classmate)

    report = _report(district, child=None, child_name="Một bạn lớp 6A")
    assert report.classroom is None


def test_unhandled_reports_go_to_the_bureau(client, district, django_capture_on_commit_callbacks):
    report = _report(district)
    later = timezone.now() + timezone.timedelta(hours=13)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.abuse_escalate_overdue(now=later) == 1
    assert services.abuse_escalate_overdue(now=later) == 0

    report.refresh_from_db()
    assert report.state == "escalated"
    assert len(messaging_selectors.inbox(user=district.bureau_admin)) == 1
    client.force_login(district.bureau_admin)
    assert client.get(report.get_absolute_url()).status_code == 200


def test_a_report_taken_in_hand_is_not_escalated_once_referred(district):
    report = _report(district)
    services.abuse_update(
        actor=district.school_admin, report=report, state="referred", note="Đã báo công an xã"
    )

    assert services.abuse_escalate_overdue(now=timezone.now() + timezone.timedelta(days=3)) == 0


def test_handlers_write_the_history_and_answer_the_reporter(
    client, district, django_capture_on_commit_callbacks
):
    report = _report(district)
    client.force_login(district.school_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            report.get_absolute_url(),
            {"state": "in_review", "note": "Đã gặp học sinh", "outcome": "Nhà trường đang xử lý."},
        )

    page = client.get(report.get_absolute_url()).content.decode()
    assert "Đã gặp học sinh" in page
    client.force_login(district.parent)
    mine = client.get(report.get_absolute_url()).content.decode()
    assert "Nhà trường đang xử lý." in mine
    assert "Đã gặp học sinh" not in mine
    client.force_login(district.teacher)
    assert client.post(report.get_absolute_url(), {"state": "closed"}).status_code == 403


def test_evidence_is_checked_by_content_and_served_to_handlers(client, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(district.parent)
    fake = SimpleUploadedFile("screenshot.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        reverse("safety:abuse_create"),
        {
            "school": district.school.pk,
            "child": district.student.pk,
            "severity": "high",
            "where": "online",
            "description": "Ảnh chụp tin nhắn đe doạ",
            "evidence": fake,
        },
    )
    assert response.status_code == 200
    assert "Ảnh chụp tin nhắn đe doạ" in response.content.decode()
    assert not AbuseReport.objects.exists()


def test_the_audit_log_never_names_the_reporter(district):
    from digicampus.core.models import AuditEntry

    _report(district)
    services.report_create(
        actor=district.parent, school=district.school, category="other", text="x"
    )

    assert not AuditEntry.objects.filter(actor=district.parent).exists()
