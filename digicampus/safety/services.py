"""Writes on reports: sending one, handling it. The reporter and the team are told."""

from __future__ import annotations

from collections.abc import Callable
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
from digicampus.safety.choices import ReportCategory, ReportState
from digicampus.safety.errors import SafetyError
from digicampus.safety.models import Report
from digicampus.safety.screening import HOLD, Screening, screen

# What each screening category becomes as a report.
SCREENING_CATEGORY = {
    "scam": ReportCategory.SCAM,
    "personal_data": ReportCategory.PERSONAL_DATA,
}
# content label → function(content_id) that publishes held content, set by the owning app.
_releasers: dict[str, Callable[[int], None]] = {}


def content_release_register(label: str, release: Callable[[int], None]) -> None:
    """An app that screens its content says how to publish it once the team releases it."""
    _releasers[label] = release


def content_screen(
    *,
    school: School,
    author: Any,
    text: str,
    content_label: str,
    content_id: int,
    personal_data: bool = True,
) -> Screening:
    """Screen a new piece of user content. When it must be held, a report goes to the school's
    safety team, who may release it; the caller keeps the content unpublished meanwhile."""
    result = screen(text, personal_data=personal_data)
    if result.decision == HOLD:
        category = SCREENING_CATEGORY.get(result.categories[0], ReportCategory.HARMFUL)
        report = Report.objects.create(
            school=school,
            reporter=None,
            category=category,
            text=text,
            content_label=content_label,
            content_id=content_id,
        )
        audit.record(
            actor=author,
            verb="safety.screening_hold",
            target=report,
            school_id=school.pk,
            data=result.as_dict(),
        )
        messaging.notification_create(
            sender=None,
            kind=NotificationKind.SYSTEM,
            audience={"users": selectors.safety_team_ids(school=school)},
            school=school,
            template="report_new",
            params={"category": report.get_category_display()},
            body=text[:500],
            url=report.get_absolute_url(),
            channels=[Channel.IN_APP],
        )
    return result


@transaction.atomic
def report_release(*, actor: Any, report: Report) -> Report:
    """The team finds held content harmless: it is published and the case is dismissed."""
    permissions.require(actor, "safety.handle_report", report)
    release = _releasers.get(report.content_label)
    if release is None or report.content_id is None:
        raise DomainError(SafetyError.EMPTY_REPORT, _("There is nothing to release."))
    release(report.content_id)
    report.state = ReportState.DISMISSED
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["state", "handled_by", "handled_at", "updated_at"])
    audit.record(actor=actor, verb="safety.release", target=report, school_id=report.school_id)
    return report


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
