"""Reads of reports."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership
from digicampus.core import permissions
from digicampus.org.models import School
from digicampus.safety.models import Report


def report_queue(*, actor: Any, school: School, state: str = "") -> QuerySet[Report]:
    """The school's reports for its safety team, oldest open first."""
    permissions.require(actor, "safety.view_queue", school)
    qs = Report.objects.filter(school=school).select_related("reporter", "handled_by")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "created_at")


def my_reports(*, actor: Any) -> QuerySet[Report]:
    """Reports the actor sent, newest first."""
    return Report.objects.filter(reporter=actor).select_related("school")


def reportable_schools(*, actor: Any) -> QuerySet[School]:
    """Schools the actor may report to: where they study, work, or their children study."""
    return School.objects.filter(pk__in=permissions.scope_of(actor).school_ids).order_by("name")


def safety_team_ids(*, school: School) -> list[int]:
    """Accounts that handle the school's reports: its collaborators and school admins."""
    return list(
        Membership.objects.filter(
            Q(role=Role.COLLABORATOR) | Q(role=Role.SCHOOL_ADMIN), school=school
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
