"""Writes on reports: sending one, handling it. The reporter and the team are told."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.messaging import services as messaging
from digicampus.messaging.choices import Channel, NotificationKind
from digicampus.org.models import School
from digicampus.safety import selectors
from digicampus.safety.errors import SafetyError
from digicampus.safety.models import Report


@transaction.atomic
def report_create(
    *, actor: Any, school: School, category: str, text: str, link: str = ""
) -> Report:
    """Send a report to a school the actor belongs to; its safety team is notified."""
    if school.pk not in permissions.scope_of(actor).school_ids:
        raise PermissionDenied("safety.report")
    if not text.strip() and not link:
        raise DomainError(SafetyError.EMPTY_REPORT, _("Describe what you received or saw."))
    report = Report(school=school, reporter=actor, category=category, text=text, link=link)
    report.full_clean()
    report.save()
    audit.record(actor=actor, verb="safety.report", target=report, school_id=school.pk)
    messaging.notification_create(
        sender=None,
        kind=NotificationKind.SYSTEM,
        audience={"users": selectors.safety_team_ids(school=school)},
        school=school,
        template="report_new",
        params={"category": report.get_category_display()},
        body=text[:500],
        url=report.get_absolute_url(),
        channels=[Channel.IN_APP, Channel.EMAIL],
    )
    return report


@transaction.atomic
def report_handle(*, actor: Any, report: Report, state: str, resolution: str) -> Report:
    """The safety team moves a report on and answers the reporter."""
    permissions.require(actor, "safety.handle_report", report)
    report.state = state
    report.resolution = resolution
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.full_clean()
    report.save(update_fields=["state", "resolution", "handled_by", "handled_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="safety.report_handle",
        target=report,
        school_id=report.school_id,
        data={"state": state},
    )
    if report.reporter_id:
        messaging.notification_create(
            sender=actor,
            kind=NotificationKind.SYSTEM,
            audience={"users": [report.reporter_id]},
            school=report.school,
            template="report_handled",
            params={"state": report.get_state_display()},
            body=resolution,
            url=report.get_absolute_url(),
            channels=[Channel.IN_APP],
        )
    return report
