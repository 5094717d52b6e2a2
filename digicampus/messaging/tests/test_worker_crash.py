"""Reliability of the fan-out with real workers: a worker killed in the middle of a
10,000-recipient fan-out, and another one started; every recipient ends with exactly one
delivery."""

import signal
import time

import pytest
from django.contrib.auth.hashers import make_password

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Guardianship, Membership, User
from digicampus.messaging import services
from digicampus.messaging.choices import Channel, NotificationKind
from digicampus.messaging.models import Delivery
from tests.celery_worker import (
    needs_postgres_and_redis,
    publish_to_test_broker,
    start_worker,
    wait_until,
    worker_env,
)

pytestmark = pytest.mark.django_db(transaction=True)
FAMILIES = 10_000


def _families(district):
    password = make_password(None)
    parents = User.objects.bulk_create(
        [
            User(education_id=f"PB{n:06d}", full_name=f"Parent {n}", password=password)
            for n in range(FAMILIES)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [Membership(user=p, role=Role.PARENT, school=district.school) for p in parents],
        batch_size=2000,
    )
    Guardianship.objects.bulk_create(
        [Guardianship(parent=p, child=district.student) for p in parents], batch_size=2000
    )


def test_killed_worker_leaves_no_recipient_without_or_with_two_deliveries(
    district, tmp_path, settings
):
    needs_postgres_and_redis()
    _families(district)
    env = worker_env(settings, tmp_path, MESSAGING_FAN_OUT_BATCH="50", MESSAGING_STALL_SECONDS="2")
    first = start_worker(env)
    undo = publish_to_test_broker()
    try:
        notification = services.notification_create(
            sender=district.school_admin,
            kind=NotificationKind.SYSTEM,
            audience={"parents_of_schools": [district.school.pk]},
            school=district.school,
            subject="Họp phụ huynh",
            body="Thứ Bảy, 8 giờ.",
            channels=[Channel.IN_APP],
        )
        deliveries = Delivery.objects.filter(notification=notification)
        wait_until(lambda: deliveries.count() >= 500)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
        assert deliveries.count() < FAMILIES + 1, "the fan-out finished before the kill"
        time.sleep(3)  # longer than MESSAGING_STALL_SECONDS: the fan-out now counts as stalled

        second = start_worker(env)
        try:
            wait_until(lambda: deliveries.count() == FAMILIES + 1, seconds=120, step=0.5)
        finally:
            second.terminate()
            second.wait(timeout=20)
    finally:
        undo()

    per_recipient = deliveries.values_list("recipient_id", flat=True)
    assert len(per_recipient) == len(set(per_recipient)) == FAMILIES + 1


def test_a_database_outage_during_fan_out_loses_nothing(district, tmp_path, settings):
    from django.db import connection

    needs_postgres_and_redis()
    _families(district)
    env = worker_env(settings, tmp_path, MESSAGING_FAN_OUT_BATCH="50")
    worker = start_worker(env)
    undo = publish_to_test_broker()
    try:
        notification = services.notification_create(
            sender=district.school_admin,
            kind=NotificationKind.SYSTEM,
            audience={"parents_of_schools": [district.school.pk]},
            school=district.school,
            subject="Họp phụ huynh",
            body="Thứ Bảy.",
            channels=[Channel.IN_APP],
        )
        deliveries = Delivery.objects.filter(notification=notification)
        wait_until(lambda: deliveries.count() >= 500)
        with connection.cursor() as cursor:  # every other session of this database drops
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert deliveries.count() < FAMILIES + 1, "the fan-out finished before the outage"
        wait_until(lambda: deliveries.count() == FAMILIES + 1, seconds=120, step=0.5)
    finally:
        undo()
        worker.terminate()
        worker.wait(timeout=20)

    per_recipient = deliveries.values_list("recipient_id", flat=True)
    assert len(per_recipient) == len(set(per_recipient)) == FAMILIES + 1
