"""API: the inbox for mobile apps, paged by cursor."""

from __future__ import annotations

import hmac
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from digicampus.messaging import selectors, services
from digicampus.messaging.models import Delivery

router = Router(tags=["messaging"])


class InboxItemOut(Schema):
    id: int
    subject: str
    body: str
    url: str
    sender: str | None
    created_at: datetime
    read: bool


class InboxOut(Schema):
    items: list[InboxItemOut]
    next_cursor: int | None
    unread: int


def _item(delivery: Delivery) -> dict[str, object]:
    n = delivery.notification
    return {
        "id": n.pk,
        "subject": n.subject_text(),
        "body": n.body,
        "url": n.url,
        "sender": n.sender.full_name if n.sender else None,
        "created_at": n.created_at,
        "read": delivery.read_at is not None,
    }


@router.get("/inbox", response=InboxOut)
def inbox(request: HttpRequest, before: int | None = None, limit: int = 30) -> dict[str, object]:
    """The caller's messages, newest first; pass `next_cursor` as `before` for older ones."""
    limit = max(1, min(limit, 100))
    items = selectors.inbox(user=request.user, before=before, limit=limit)
    return {
        "items": [_item(d) for d in items],
        "next_cursor": items[-1].notification_id if len(items) == limit else None,
        "unread": selectors.unread_count(user=request.user),
    }


@router.post("/inbox/{notification_id}/read", response=InboxItemOut)
def inbox_read(request: HttpRequest, notification_id: int) -> dict[str, object]:
    """Mark one message read (the read receipt)."""
    try:
        delivery = selectors.notification_for_reader(user=request.user, pk=notification_id)
    except Delivery.DoesNotExist as missing:
        raise Http404 from missing
    return _item(services.notification_mark_read(delivery=delivery))


class SmsReportIn(Schema):
    id: str
    status: str
    error: str = ""


class SmsProviderAuth(HttpBearer):
    """The SMS provider calls back with the token it was given (SMS_HTTP_TOKEN)."""

    def authenticate(self, request: HttpRequest, token: str) -> bool | None:
        expected = settings.SMS_HTTP_TOKEN
        return True if expected and hmac.compare_digest(token, expected) else None


@router.post("/sms/status", auth=SmsProviderAuth(), response={204: None, 404: None})
def sms_status(request: HttpRequest, payload: SmsReportIn) -> Status:
    """Delivery report from the SMS provider: `delivered`, or anything else for a failure."""
    known = services.sms_delivery_report(
        delivery_key=payload.id, delivered=payload.status == "delivered", error=payload.error
    )
    return Status(204 if known else 404, None)
