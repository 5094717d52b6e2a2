"""Indicators measured from home–school messages: how many are read and delivered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digicampus.core.indicators import IndicatorResult, register, share
from digicampus.messaging.choices import OUT_STATES, Channel
from digicampus.messaging.models import Delivery


def _rate(school_ids: Sequence[int], base: Q, hit: Q) -> IndicatorResult:
    since = timezone.now() - timedelta(days=30)
    rows = Delivery.objects.filter(
        base, notification__school_id__in=school_ids, notification__created_at__gte=since
    )
    per_school = {
        row["notification__school_id"]: share(row["hit"], row["total"])
        for row in rows.values("notification__school_id").annotate(
            total=Count("pk"), hit=Count("pk", filter=hit)
        )
    }
    overall = rows.aggregate(total=Count("pk"), hit=Count("pk", filter=hit))
    return IndicatorResult(per_school, share(overall["hit"], overall["total"]))


@register(
    "messaging.read_rate_30d",
    label=_("Messages read by families"),
    description=_("Share of in-app messages of the last 30 days that their recipients opened."),
)
def read_rate(school_ids: Sequence[int]) -> IndicatorResult:
    return _rate(school_ids, Q(channel=Channel.IN_APP), Q(read_at__isnull=False))


@register(
    "messaging.email_delivery_rate_30d",
    label=_("E-mail delivered"),
    description=_("Share of e-mail messages of the last 30 days that were sent."),
)
def email_delivery_rate(school_ids: Sequence[int]) -> IndicatorResult:
    return _rate(school_ids, Q(channel=Channel.EMAIL), Q(state__in=OUT_STATES))


@register(
    "messaging.sms_delivery_rate_30d",
    label=_("SMS delivered"),
    description=_("Share of SMS messages of the last 30 days that were sent."),
)
def sms_delivery_rate(school_ids: Sequence[int]) -> IndicatorResult:
    return _rate(school_ids, Q(channel=Channel.SMS), Q(state__in=OUT_STATES))
