"""Indicators measured from accounts: who has signed in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership
from digicampus.core.indicators import IndicatorResult, register, share


def _signed_in_share(school_ids: Sequence[int], since: object | None) -> IndicatorResult:
    signed_in = Q(user__last_login__isnull=False)
    if since is not None:
        signed_in &= Q(user__last_login__gte=since)
    members = Membership.objects.filter(school_id__in=school_ids, user__is_active=True)
    per_school = {
        row["school_id"]: share(row["active"], row["total"])
        for row in members.values("school_id").annotate(
            total=Count("user_id", distinct=True),
            active=Count("user_id", filter=signed_in, distinct=True),
        )
    }
    overall = members.aggregate(
        total=Count("user_id", distinct=True),
        active=Count("user_id", filter=signed_in, distinct=True),
    )
    return IndicatorResult(per_school, share(overall["active"], overall["total"]))


def _members_with_role(school_ids: Sequence[int], role: str) -> IndicatorResult:
    members = Membership.objects.filter(school_id__in=school_ids, role=role, user__is_active=True)
    per_school = {
        row["school_id"]: float(row["n"])
        for row in members.values("school_id").annotate(n=Count("user_id", distinct=True))
    }
    return IndicatorResult(per_school, float(sum(per_school.values())))


@register(
    "accounts.students",
    label=_("Students"),
    description=_("Active student accounts of the school."),
    unit="count",
)
def students(school_ids: Sequence[int]) -> IndicatorResult:
    return _members_with_role(school_ids, Role.STUDENT)


@register(
    "accounts.teachers",
    label=_("Teachers"),
    description=_("Active teacher accounts of the school."),
    unit="count",
)
def teachers(school_ids: Sequence[int]) -> IndicatorResult:
    return _members_with_role(school_ids, Role.TEACHER)


@register(
    "accounts.active_30d",
    label=_("Accounts active in the last 30 days"),
    description=_("Share of active accounts of the school that signed in during the last 30 days."),
)
def active_last_30_days(school_ids: Sequence[int]) -> IndicatorResult:
    return _signed_in_share(school_ids, timezone.now() - timedelta(days=30))


@register(
    "accounts.signed_in",
    label=_("Accounts that have signed in"),
    description=_("Share of active accounts of the school that have signed in at least once."),
)
def signed_in_ever(school_ids: Sequence[int]) -> IndicatorResult:
    return _signed_in_share(school_ids, None)
