"""Home–school messaging at district scale, on the seeded benchmark district.

1. A bureau announcement to every parent of every school: how long the sending call takes
   (what the request pays) and how long the fan-out takes until every in-app delivery exists.
2. The ceiling: a plain `bulk_create` of the same number of delivery rows.
3. E-mail: SMTP throughput to a local aiosmtpd server.
4. A parent's inbox with 5,000 messages: p95 of rendering the inbox page (test client, in
   process) and of the inbox query.
Everything the benchmark creates is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"


def p95(values: list[float]) -> float:
    values = sorted(values)
    return round(values[int(len(values) * 0.95) - 1], 1)


def _send_worker(ids: list[int]) -> None:
    from django.db import connections

    from digicampus.messaging import services

    connections.close_all()
    for start in range(0, len(ids), 200):
        services.deliveries_send(delivery_ids=ids[start : start + 200])


def _send_with_workers(ids: list[int], workers: int) -> int:
    """E-mails per second sent by `workers` processes, each taking its share of the ids."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_send_worker, args=(ids[n::workers],)) for n in range(workers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return round(len(ids) / (time.perf_counter() - started))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="sqlite")
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--inbox", type=int, default=5000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from digicampus.accounts.models import User
    from digicampus.messaging import selectors, services
    from digicampus.messaging.choices import Channel, DeliveryState, NotificationKind
    from digicampus.messaging.models import Delivery, Notification
    from digicampus.org.models import School

    bureau_admin = User.objects.get(education_id="demo.bureau")
    schools = list(School.objects.all())
    result: dict[str, object] = {"label": args.label}
    created: list[int] = []

    # 1. The request: store the announcement and schedule its fan-out.
    started = time.perf_counter()
    with transaction.atomic():
        announcement = services.announcement_create(
            actor=bureau_admin,
            audience="district_parents",
            schools=schools,
            title="Benchmark",
            body="District announcement benchmark.",
        )
    result["send_request_ms"] = round((time.perf_counter() - started) * 1000, 1)
    notification_id = announcement.notification_id
    created.append(notification_id)

    # The fan-out, as the worker runs it.
    started = time.perf_counter()
    recipients = services.notification_fan_out(notification_id=notification_id)
    fan_out_s = time.perf_counter() - started
    result["recipients"] = recipients
    result["fan_out_s"] = round(fan_out_s, 1)
    result["fan_out_rows_per_s"] = round(
        Delivery.objects.filter(notification_id=notification_id).count() / fan_out_s
    )

    # 2. The ceiling: the same rows with one plain bulk_create.
    ceiling = Notification.objects.create(
        kind=NotificationKind.SYSTEM, subject="ceiling", body="", audience={}
    )
    created.append(ceiling.pk)
    ids = list(
        Delivery.objects.filter(
            notification_id=notification_id, channel=Channel.IN_APP
        ).values_list("recipient_id", flat=True)
    )
    started = time.perf_counter()
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [
                Delivery(
                    notification_id=ceiling.pk,
                    recipient_id=pk,
                    channel=Channel.IN_APP,
                    state=DeliveryState.SENT,
                )
                for pk in ids
            ],
            batch_size=2000,
        )
    result["bulk_create_rows_per_s"] = round(len(ids) / (time.perf_counter() - started))

    # 3. E-mail to a local SMTP server.
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ):
            parents = list(User.objects.filter(pk__in=ids[: args.emails]))
            for parent in parents:
                parent.email = f"bench{parent.pk}@example.invalid"
            User.objects.bulk_update(parents, ["email"], batch_size=1000)
            mail = services.notification_create(
                sender=bureau_admin,
                kind=NotificationKind.SYSTEM,
                audience={"users": [p.pk for p in parents]},
                subject="Benchmark e-mail",
                body="Body.",
                channels=[Channel.EMAIL],
            )
            created.append(mail.pk)
            services.notification_fan_out(notification_id=mail.pk)
            queued = list(Delivery.objects.filter(notification=mail).values_list("pk", flat=True))
            result["emails_per_s_one_worker"] = _send_with_workers(queued, 1)
            Delivery.objects.filter(notification=mail).update(
                state=DeliveryState.QUEUED, attempts=0
            )
            result["emails_per_s_two_workers"] = _send_with_workers(queued, 2)
            result["emails_sent"] = Delivery.objects.filter(
                notification=mail, state=DeliveryState.SENT
            ).count()
            User.objects.filter(pk__in=[p.pk for p in parents]).update(email=None)
    finally:
        controller.stop()

    # 4. A parent's inbox with many messages.
    parent = User.objects.get(education_id="demo.parent")
    notes = Notification.objects.bulk_create(
        [
            Notification(
                kind=NotificationKind.SYSTEM, subject=f"Message {n}", body="Text", audience={}
            )
            for n in range(args.inbox)
        ],
        batch_size=1000,
    )
    created += [n.pk for n in notes]
    Delivery.objects.bulk_create(
        [
            Delivery(
                notification=n, recipient=parent, channel=Channel.IN_APP, state=DeliveryState.SENT
            )
            for n in notes
        ],
        batch_size=1000,
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(parent)
    client.get("/messages/")
    pages, queries = [], []
    for _ in range(200):
        started = time.perf_counter()
        assert client.get("/messages/").status_code == 200
        pages.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        selectors.inbox(user=parent)
        queries.append((time.perf_counter() - started) * 1000)
    result["inbox_messages"] = Delivery.objects.filter(recipient=parent).count()
    result["inbox_page_p95_ms"] = p95(pages)
    result["inbox_page_median_ms"] = round(statistics.median(pages), 1)
    result["inbox_query_p95_ms"] = p95(queries)

    # Clean up.
    announcement.delete()
    for start in range(0, len(created), 900):
        Notification.objects.filter(pk__in=created[start : start + 900]).delete()
    print(json.dumps(result))
    Path(ROOT, "bench", "results").mkdir(parents=True, exist_ok=True)
    Path(ROOT, "bench", "results", f"messaging-{args.label}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    main()
