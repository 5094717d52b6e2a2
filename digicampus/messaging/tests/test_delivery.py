"""The notification service: fan-out, channels, retries, idempotency, e-mail and SMS."""

import json
import socket
import threading
from datetime import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from digicampus.accounts.tests.factories import make_parent_of
from digicampus.messaging import services
from digicampus.messaging.choices import Channel, DeliveryState, NotificationKind
from digicampus.messaging.models import ChannelPreference, Delivery


def _notify(district, **kwargs):
    return services.notification_create(
        sender=district.teacher,
        kind=NotificationKind.SYSTEM,
        audience={"parents_of_classes": [district.classroom.pk]},
        school=district.school,
        subject="Field trip tomorrow",
        body="Bring water.",
        **kwargs,
    )


def test_fan_out_reaches_every_parent_of_the_class_once(
    district, django_capture_on_commit_callbacks
):
    classmate_parent = make_parent_of(district.classmate)

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(district)
    services.notification_fan_out(notification_id=notification.pk)  # a retried task

    in_app = Delivery.objects.filter(notification=notification, channel=Channel.IN_APP)
    assert set(in_app.values_list("recipient_id", flat=True)) == {
        district.parent.pk,
        classmate_parent.pk,
    }
    notification.refresh_from_db()
    assert notification.recipient_count == 2


def test_same_idempotency_key_creates_one_notification(district):
    first = _notify(district, idempotency_key="trip-2026-11-24")
    second = _notify(district, idempotency_key="trip-2026-11-24")

    assert first.pk == second.pk


def test_email_goes_to_those_with_an_address_in_their_language(
    district, django_capture_on_commit_callbacks
):
    district.parent.email = "me@example.vn"
    district.parent.language = "vi"
    district.parent.save()
    other = make_parent_of(district.classmate)
    ChannelPreference.objects.create(user=other, email=False)
    other.email = "no@example.vn"
    other.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_entry_create(
            actor=district.teacher,
            classroom=district.classroom,
            kind="comment",
            body="Học tốt.",
            student=district.student,
        )

    assert [m.to for m in mail.outbox] == [["me@example.vn"]]
    assert (
        "Sổ liên lạc" in mail.outbox[0].subject
        or district.student.full_name in mail.outbox[0].subject
    )
    sent = Delivery.objects.get(channel=Channel.EMAIL)
    assert sent.state == DeliveryState.SENT


class FlakyProvider(BaseHTTPRequestHandler):
    """A local SMS provider that fails every third call and records what it accepted."""

    calls = 0
    accepted: dict[str, int] = {}

    def do_POST(self):
        type(self).calls += 1
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if type(self).calls % 3 == 0:
            self.send_response(503)
            self.end_headers()
            return
        self.accepted[payload["id"]] = self.accepted.get(payload["id"], 0) + 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": "p-" + payload["id"]}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_provider(settings):
    FlakyProvider.calls, FlakyProvider.accepted = 0, {}
    server = HTTPServer(("127.0.0.1", 0), FlakyProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY = "http"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_HTTP_TOKEN = "test"
    yield FlakyProvider
    server.shutdown()


def test_sms_provider_errors_are_retried_and_each_sms_is_sent_once(
    district, flaky_provider, django_capture_on_commit_callbacks
):
    parents = [make_parent_of(district.student)]
    for n in range(8):
        parent = make_parent_of(district.classmate)
        parent.phone = f"09120000{n:02d}"
        parent.save()
        ChannelPreference.objects.create(user=parent, sms=True)
        parents.append(parent)

    with django_capture_on_commit_callbacks(execute=True):
        _notify(district)

    sms = Delivery.objects.filter(channel=Channel.SMS)
    assert sms.count() == 8
    assert set(sms.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert sorted(flaky_provider.accepted.values()) == [1] * 8
    assert flaky_provider.calls > 8


def test_an_sms_that_keeps_failing_ends_in_the_dead_letter_list(
    client, district, settings, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY = "http"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    parent = district.parent
    parent.phone = "0912000099"
    parent.save()
    ChannelPreference.objects.create(user=parent, sms=True)

    with django_capture_on_commit_callbacks(execute=True):
        _notify(district)

    failed = Delivery.objects.get(channel=Channel.SMS)
    assert failed.state == DeliveryState.FAILED
    assert failed.attempts == 5
    client.force_login(district.school_admin)
    page = client.get(f"/messages/schools/{district.school.pk}/failed/").content.decode()
    assert parent.full_name in page


def test_sms_waits_for_the_end_of_quiet_hours(district, monkeypatch):
    from digicampus.messaging.services import _in_quiet_hours

    preference = ChannelPreference(
        user=district.parent, sms=True, quiet_from=time(21), quiet_until=time(6)
    )
    late = timezone.make_aware(timezone.datetime(2026, 11, 23, 22, 30))
    noon = timezone.make_aware(timezone.datetime(2026, 11, 23, 12, 0))

    assert _in_quiet_hours(preference, late).total_seconds() == 7.5 * 3600
    assert _in_quiet_hours(preference, noon) is None


def test_email_reaches_a_real_smtp_server(district, settings, django_capture_on_commit_callbacks):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Collect(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = (
            "127.0.0.1",
            controller.server.sockets[0].getsockname()[1],
        )
        district.parent.email = "family@example.vn"
        district.parent.save()
        with django_capture_on_commit_callbacks(execute=True):
            _notify(district, channels=[Channel.EMAIL])
    finally:
        controller.stop()

    assert len(received) == 1
    assert received[0]["To"] == "family@example.vn"
    assert "delivery-" in received[0]["Message-ID"]


def test_a_stalled_fan_out_is_found_and_finished_by_running_it_again(district, settings):
    from datetime import timedelta

    from digicampus.messaging.choices import FanOutState
    from digicampus.messaging.models import Notification
    from digicampus.messaging.tasks import resume_stalled_fan_outs

    notification = _notify(district)
    Notification.objects.filter(pk=notification.pk).update(
        fan_out_state=FanOutState.RUNNING,
        fan_out_heartbeat=timezone.now() - timedelta(minutes=10),
    )

    assert resume_stalled_fan_outs() == 1

    notification.refresh_from_db()
    assert notification.fan_out_state == FanOutState.DONE
    assert Delivery.objects.filter(notification=notification, channel=Channel.IN_APP).count() == 1


def test_a_scheduled_announcement_waits_for_its_time(
    district, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from digicampus.messaging import tasks
    from digicampus.messaging.services import notification_stalled_ids

    scheduled = []
    monkeypatch.setattr(
        tasks.fan_out_notification, "apply_async", lambda **kwargs: scheduled.append(kwargs)
    )
    later = timezone.now() + timedelta(hours=3)

    with django_capture_on_commit_callbacks(execute=True):
        notification = services.announcement_create(
            actor=district.school_admin,
            audience="class_parents",
            classrooms=[district.classroom],
            title="Họp phụ huynh",
            body="Tối nay",
            send_at=later,
        ).notification

    assert scheduled == [{"kwargs": {"notification_id": notification.pk}, "eta": later}]
    assert notification_stalled_ids(older_than=timedelta(0)) == []
    assert not Delivery.objects.filter(notification=notification).exists()


def test_delivery_figures_per_channel_are_in_the_registry(
    district, django_capture_on_commit_callbacks
):
    from digicampus.core.indicators import indicator_values

    district.parent.email = "p@example.vn"
    district.parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(district)

    email = indicator_values("messaging.email_delivery_rate_30d", [district.school.pk])
    read = indicator_values("messaging.read_rate_30d", [district.school.pk])

    assert email.per_school[district.school.pk] == 100.0
    assert read.per_school[district.school.pk] == 0.0


def test_the_sms_provider_reports_delivery(
    client, district, settings, django_capture_on_commit_callbacks
):
    settings.SMS_HTTP_TOKEN = "provider-secret"
    district.parent.phone = "0912000001"
    district.parent.save()
    ChannelPreference.objects.create(user=district.parent, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(district)
    sms = Delivery.objects.get(channel=Channel.SMS)

    refused = client.post(
        "/api/v1/messaging/sms/status",
        {"id": f"delivery-{sms.pk}", "status": "delivered"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer wrong",
    )
    accepted = client.post(
        "/api/v1/messaging/sms/status",
        {"id": f"delivery-{sms.pk}", "status": "delivered"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer provider-secret",
    )

    sms.refresh_from_db()
    assert refused.status_code == 401
    assert accepted.status_code == 204
    assert sms.state == DeliveryState.DELIVERED
