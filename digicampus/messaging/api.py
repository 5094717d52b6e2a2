"""API: the inbox for mobile apps, paged by cursor."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema

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
