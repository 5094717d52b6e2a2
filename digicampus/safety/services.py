"""Writes of safety: screening content, reports and the cases they open, moderation decisions
and appeals, abuse reports and their escalation, feedback, the team and the code of conduct.

Every app's user content goes through `content_screen` when written and may be reported with
`report_create(content=...)`; nothing else in the platform screens or reports."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership, User
from digicampus.accounts.services import membership_grant
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.library.models import StoredFile
from digicampus.messaging import services as messaging
from digicampus.messaging.choices import Channel, NotificationKind
from digicampus.org.models import Bureau, School
from digicampus.safety import screening, selectors
from digicampus.safety.choices import (
    OPEN_STATES,
    AbuseSeverity,
    AbuseState,
    CaseAction,
    CaseSource,
    CaseState,
    FeedbackState,
    Moderation,
    ReportCategory,
)
from digicampus.safety.errors import SafetyError
from digicampus.safety.models import (
    AbuseReport,
    Case,
    CodeOfConduct,
    ConductAcceptance,
    Feedback,
    ModeratedContent,
    PostingSuspension,
    Report,
    SafetySettings,
    SchoolSafety,
    TeamMember,
)
from digicampus.safety.screening import Screening

# Reasons shown to authors, stored untranslated and translated when shown.
HELD_REASON = gettext_noop("Waiting for a check by the school's safety team.")
BLOCKED_REASON = gettext_noop("Not published: it contains words that are not allowed here.")
REPORTED_REASON = gettext_noop("Hidden after several reports, until the safety team checks it.")


def _hours_from_now(hours: float) -> datetime:
    return timezone.now() + timedelta(hours=hours)


def _notify(
    *,
    users: list[int],
    school: School | None,
    template: str,
    params: dict[str, Any],
    url: str,
    body: str = "",
    channels: tuple[str, ...] = (Channel.IN_APP,),
    sender: User | None = None,
    bureau: Bureau | None = None,
) -> None:
    if not users:
        return
    messaging.notification_create(
        sender=sender,
        kind=NotificationKind.SYSTEM,
        audience={"users": sorted(set(users))},
        school=school,
        bureau=bureau,
        template=template,
        params=params,
        body=body[:500],
        url=url,
        channels=list(channels),
    )


def _set_moderation(content: ModeratedContent, state: str, reason: str = "") -> None:
    """Change a content's state and let its app react (announce it, recount its topic...)."""
    previous = content.moderation
    content.moderation = state
    content.moderation_reason = reason
    type(content)._default_manager.filter(pk=content.pk).update(
        moderation=state, moderation_reason=reason
    )
    if previous != state:
        content.moderation_changed(previous)


def _content_of(case: Case) -> ModeratedContent | None:
    return selectors.content_get(case.content_label, case.content_id)


# ---------------------------------------------------------------- screening


def posting_check(*, author: User, school: School) -> None:
    """Refuse to let a suspended user post in the school; apps call it before saving."""
    until = selectors.posting_suspended_until(user=author, school_id=school.pk)
    if until is not None:
        raise DomainError(
            SafetyError.SUSPENDED,
            _("You may not post until %(time)s, after a decision of the school's safety team.")
            % {"time": timezone.localtime(until).strftime("%d/%m/%Y %H:%M")},
        )


def content_screen(
    *, content: ModeratedContent, author: User, personal_data: bool = True
) -> Screening:
    """Screen a piece of content its app has just saved, with the bureau's policy.

    Harmless content stays published. Held content waits for the school's team; blocked content
    is removed at once with a reason, and its author may appeal. Either way a case records it.
    The app looks at `content.moderation` afterwards to decide whether to announce it."""
    school = content.school
    settings = selectors.school_settings(school=school)
    result = screening.screen(
        content.moderation_text(),
        personal_data=personal_data,
        policy=selectors.policy_of(settings),
    )
    if result.decision not in (screening.HOLD, screening.BLOCK):
        return result
    blocked = result.decision == screening.BLOCK
    case = Case.objects.create(
        school=school,
        source=CaseSource.SCREENING,
        category=result.categories[0],
        categories=result.categories,
        severity=result.severity,
        content_label=content.moderation_label,
        content_id=content.pk,
        author=author,
        excerpt=content.moderation_text()[:4000],
        state=CaseState.ACTIONED if blocked else CaseState.NEW,
        action=CaseAction.DELETE if blocked else "",
        reason=BLOCKED_REASON if blocked else "",
        decided_at=timezone.now() if blocked else None,
        due_at=_hours_from_now(settings.case_deadline_hours),
    )
    _set_moderation(
        content,
        Moderation.DELETED if blocked else Moderation.HELD,
        BLOCKED_REASON if blocked else HELD_REASON,
    )
    audit.record(
        actor=author,
        verb="safety.screening_block" if blocked else "safety.screening_hold",
        target=case,
        school_id=school.pk,
        data=result.as_dict(),
    )
    if not blocked:
        users = selectors.team_ids(school=school)
        if "self_harm" in result.categories:
            # A child may be in distress: the homeroom teacher hears of it too.
            users += selectors.homeroom_teacher_ids(student_id=author.pk)
        _notify(
            users=users,
            school=school,
            template="case_new",
            params={"category": case.get_category_display()},
            url=case.get_absolute_url(),
            body=case.excerpt,
        )
    return result


# ---------------------------------------------------------------- reports and cases


@transaction.atomic
def report_create(
    *,
    actor: User,
    category: str,
    text: str = "",
    link: str = "",
    school: School | None = None,
    content: ModeratedContent | None = None,
) -> Report:
    """Report content on the platform, or something seen elsewhere to a school the actor
    belongs to. Reports of the same content join one case; enough distinct reporters hide
    the content until the team checks it."""
    if category not in ReportCategory.values:
        raise DomainError(SafetyError.BAD_CHOICE, _("Choose a reason."))
    if content is not None:
        if not selectors.content_visible(actor=actor, content=content):
            raise PermissionDenied("safety.report")
        school = content.school
    elif school is None or school.pk not in permissions.scope_of(actor).school_ids:
        raise PermissionDenied("safety.report")
    elif not text.strip() and not link:
        raise DomainError(SafetyError.EMPTY_REPORT, _("Describe what you received or saw."))
    settings = selectors.school_settings(school=school)
    case = None
    if content is not None:
        case = (
            Case.objects.select_for_update()
            .filter(
                content_label=content.moderation_label,
                content_id=content.pk,
                state__in=OPEN_STATES,
            )
            .first()
        )
    if case is None:
        case = Case.objects.create(
            school=school,
            source=CaseSource.REPORT,
            category=category,
            content_label=content.moderation_label if content else "",
            content_id=content.pk if content else None,
            author_id=getattr(content, "author_id", None),
            excerpt=(content.moderation_text() if content else text)[:4000],
            link=link,
            due_at=_hours_from_now(settings.case_deadline_hours),
        )
    report = Report(
        case=case, school=school, reporter=actor, category=category, text=text, link=link
    )
    report.full_clean(exclude=["case", "school"])
    report.save()
    case.reporter_count = case.reports.values("reporter_id").distinct().count()
    case.save(update_fields=["reporter_count", "updated_at"])
    # The reporter is on the report row, readable by the team only; the audit log, which the
    # bureau can read too, does not name them.
    audit.record(actor=None, verb="safety.report", target=case, school_id=school.pk)
    if (
        content is not None
        and content.moderation == Moderation.PUBLISHED
        and case.reporter_count >= settings.auto_hide_reporters
    ):
        _set_moderation(content, Moderation.HIDDEN, REPORTED_REASON)
        audit.record(actor=None, verb="safety.auto_hide", target=case, school_id=school.pk)
    if case.reporter_count == 1:
        _notify(
            users=selectors.team_ids(school=school),
            school=school,
            template="report_new",
            params={"category": report.get_category_display()},
            url=case.get_absolute_url(),
            body=case.excerpt,
            channels=(Channel.IN_APP, Channel.EMAIL),
        )
    return report


@transaction.atomic
def case_take(*, actor: User, case: Case, assignee: User | None = None) -> Case:
    """A team member takes a case, or gives it to another member of the team."""
    permissions.require(actor, "safety.handle_case", case)
    assignee = assignee or actor
    if assignee.pk not in selectors.team_ids(school=case.school):
        raise DomainError(SafetyError.BAD_CHOICE, _("Choose a member of the school's team."))
    case.assignee = assignee
    if case.state == CaseState.NEW:
        case.state = CaseState.IN_REVIEW
    case.save(update_fields=["assignee", "state", "updated_at"])
    audit.record(
        actor=actor,
        verb="safety.case_assign",
        target=case,
        school_id=case.school_id,
        data={"assignee": assignee.pk},
    )
    if assignee.pk != actor.pk:
        _notify(
            users=[assignee.pk],
            school=case.school,
            template="case_new",
            params={"category": case.get_category_display()},
            url=case.get_absolute_url(),
            body=case.excerpt,
        )
    return case


def _apply(case: Case, action: str, reason: str, suspend_days: int) -> None:
    """Carry out a decision on the case's content and author."""
    content = _content_of(case)
    if action in (CaseAction.RESTORE, CaseAction.DISMISS):
        if content is not None and content.moderation != Moderation.PUBLISHED:
            _set_moderation(content, Moderation.PUBLISHED)
        PostingSuspension.objects.filter(case=case).delete()
    elif action in (CaseAction.HIDE, CaseAction.SUSPEND) and content is not None:
        _set_moderation(content, Moderation.HIDDEN, reason)
    elif action == CaseAction.DELETE and content is not None:
        _set_moderation(content, Moderation.DELETED, reason)
    if action == CaseAction.SUSPEND and case.author_id:
        PostingSuspension.objects.create(
            school=case.school,
            user_id=case.author_id,
            until=_hours_from_now(24 * max(suspend_days, 1)),
            case=case,
            reason=reason,
        )


@transaction.atomic
def case_decide(
    *,
    actor: User,
    case: Case,
    action: str,
    reason: str = "",
    resolution: str = "",
    suspend_days: int = 0,
) -> Case:
    """Decide a case: hide, delete, warn, suspend posting, restore or dismiss. The author is
    told the reason; reporters get the answer meant for them."""
    permissions.require(actor, "safety.handle_case", case)
    if case.state == CaseState.APPEALED:
        raise DomainError(SafetyError.BAD_STATE, _("This case is under appeal."))
    if action not in CaseAction.values:
        raise DomainError(SafetyError.BAD_CHOICE, _("Choose an action."))
    needs_author = (CaseAction.WARN, CaseAction.SUSPEND)
    if action in needs_author and not case.author_id:
        raise DomainError(SafetyError.BAD_CHOICE, _("This case has no author on the platform."))
    if action not in (CaseAction.DISMISS, CaseAction.RESTORE) and not reason.strip():
        raise DomainError(SafetyError.REASON_REQUIRED, _("Give the reason the author will see."))
    _apply(case, action, reason, suspend_days)
    case.action = action
    case.reason = reason
    case.resolution = resolution
    case.state = CaseState.DISMISSED if action == CaseAction.DISMISS else CaseState.ACTIONED
    case.decided_by = actor
    case.decided_at = timezone.now()
    case.save()
    audit.record(
        actor=actor,
        verb=f"safety.case_{action}",
        target=case,
        school_id=case.school_id,
        data={"reason": reason, "suspend_days": suspend_days},
    )
    if case.author_id and action not in (CaseAction.DISMISS, CaseAction.RESTORE):
        _notify(
            users=[case.author_id],
            school=case.school,
            template="case_decided",
            params={"action": case.get_action_display()},
            url=case.get_absolute_url(),
            body=reason,
        )
    reporters = list(case.reports.exclude(reporter=None).values_list("reporter_id", flat=True))
    _notify(
        users=reporters,
        school=case.school,
        template="report_handled",
        params={"state": case.get_state_display()},
        url=reverse("safety:my_reports"),
        body=resolution,
    )
    return case


@transaction.atomic
def case_escalate(*, actor: User, case: Case, note: str) -> Case:
    """The school asks the bureau to look at a case it cannot settle alone."""
    permissions.require(actor, "safety.handle_case", case)
    case.state = CaseState.ESCALATED
    case.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        verb="safety.case_escalate",
        target=case,
        school_id=case.school_id,
        data={"note": note},
    )
    _notify(
        users=selectors.bureau_admin_ids(bureau_id=case.school.bureau_id),
        school=None,
        bureau=case.school.bureau,
        template="case_escalated",
        params={"school": case.school.name},
        url=case.get_absolute_url(),
        body=note,
    )
    return case


@transaction.atomic
def case_appeal(*, actor: User, case: Case, text: str) -> Case:
    """The author asks for a decision about their content to be looked at again."""
    if case.author_id != actor.pk:
        raise PermissionDenied("safety.appeal")
    if case.state != CaseState.ACTIONED or case.action == CaseAction.RESTORE:
        raise DomainError(SafetyError.BAD_STATE, _("This decision cannot be appealed."))
    if not text.strip():
        raise DomainError(SafetyError.REASON_REQUIRED, _("Say why the decision is wrong."))
    settings = selectors.school_settings(school=case.school)
    case.state = CaseState.APPEALED
    case.appeal_text = text
    case.appealed_at = timezone.now()
    case.due_at = _hours_from_now(settings.case_deadline_hours)
    case.save()
    audit.record(actor=actor, verb="safety.appeal", target=case, school_id=case.school_id)
    others = [pk for pk in selectors.team_ids(school=case.school) if pk != case.decided_by_id]
    _notify(
        users=others,
        school=case.school,
        template="appeal_new",
        params={"category": case.get_category_display()},
        url=case.get_absolute_url(),
        body=text,
    )
    return case


@transaction.atomic
def appeal_decide(*, actor: User, case: Case, uphold: bool, answer: str) -> Case:
    """A second reviewer, not the one who decided first, settles the appeal."""
    permissions.require(actor, "safety.handle_case", case)
    if case.state != CaseState.APPEALED:
        raise DomainError(SafetyError.BAD_STATE, _("This case is not under appeal."))
    if case.decided_by_id == actor.pk:
        raise DomainError(
            SafetyError.SECOND_REVIEWER, _("Another member of the team must review the appeal.")
        )
    if not answer.strip():
        raise DomainError(SafetyError.REASON_REQUIRED, _("Write the answer the author will see."))
    if not uphold:
        _apply(case, CaseAction.RESTORE, "", 0)
    case.state = CaseState.CLOSED
    case.appeal_answer = answer
    case.appeal_decided_by = actor
    case.save()
    audit.record(
        actor=actor,
        verb="safety.appeal_uphold" if uphold else "safety.appeal_grant",
        target=case,
        school_id=case.school_id,
        data={"answer": answer},
    )
    _notify(
        users=[case.author_id] if case.author_id else [],
        school=case.school,
        template="appeal_decided",
        params={},
        url=case.get_absolute_url(),
        body=answer,
    )
    return case


# ---------------------------------------------------------------- abuse reports

ABUSE_CHANNELS = {
    AbuseSeverity.SERIOUS: (Channel.IN_APP, Channel.EMAIL, Channel.SMS),
    AbuseSeverity.HIGH: (Channel.IN_APP, Channel.EMAIL, Channel.SMS),
    AbuseSeverity.MEDIUM: (Channel.IN_APP, Channel.EMAIL),
    AbuseSeverity.LOW: (Channel.IN_APP, Channel.EMAIL),
}


@transaction.atomic
def abuse_report_create(
    *,
    actor: User,
    school: School,
    severity: str,
    where: str,
    description: str,
    child: User | None = None,
    child_name: str = "",
    evidence: list[StoredFile] | None = None,
) -> AbuseReport:
    """Report that a child is harmed. The homeroom teacher, the principal and the designated
    handlers are told at once, without the reporter's name; unhandled, it goes to the bureau."""
    if school.pk not in permissions.scope_of(actor).school_ids:
        raise PermissionDenied("safety.abuse_report")
    if child is not None:
        if not selectors.abuse_children(actor=actor).filter(pk=child.pk).exists():
            raise PermissionDenied("safety.abuse_report")
        if not selectors.abuse_children(actor=actor, school=school).filter(pk=child.pk).exists():
            raise DomainError(SafetyError.BAD_CHOICE, _("This child is not at the chosen school."))
    if child is None and not child_name.strip():
        raise DomainError(SafetyError.EMPTY_REPORT, _("Say which child this is about."))
    if not description.strip():
        raise DomainError(SafetyError.EMPTY_REPORT, _("Describe what happened."))
    settings = selectors.school_settings(school=school)
    hours = (
        settings.abuse_serious_hours
        if severity == AbuseSeverity.SERIOUS
        else settings.abuse_other_hours
    )
    classroom = None
    if child is not None:
        child_name = child_name or child.full_name
        membership = (
            Membership.objects.filter(user=child, role=Role.STUDENT, school=school)
            .select_related("classroom")
            .first()
        )
        classroom = membership.classroom if membership else None
    report = AbuseReport(
        school=school,
        reporter=actor,
        child=child,
        child_name=child_name,
        classroom=classroom,
        severity=severity,
        where=where,
        description=description,
        due_at=_hours_from_now(hours),
    )
    report.full_clean()
    report.save()
    if evidence:
        report.evidence.set(evidence)
    # Confidential: the audit log does not name the reporter (see report_create).
    audit.record(actor=None, verb="safety.abuse_report", target=report, school_id=school.pk)
    users = selectors.abuse_handler_ids(school=school)
    if classroom is not None and classroom.homeroom_teacher_id:
        users.append(classroom.homeroom_teacher_id)
    _notify(
        users=[pk for pk in users if pk != actor.pk],
        school=school,
        template="abuse_new",
        params={"severity": report.get_severity_display()},
        url=report.get_absolute_url(),
        channels=ABUSE_CHANNELS[severity],
    )
    return report


@transaction.atomic
def abuse_update(
    *, actor: User, report: AbuseReport, state: str, note: str = "", outcome: str = ""
) -> AbuseReport:
    """A handler moves the report on; each step, with its note, is the case history."""
    permissions.require(actor, "safety.handle_abuse", report)
    if state not in AbuseState.values or state == AbuseState.ESCALATED:
        raise DomainError(SafetyError.BAD_CHOICE, _("Choose a state."))
    report.state = state
    report.handler = actor
    if outcome:
        report.outcome = outcome
    report.save(update_fields=["state", "handler", "outcome", "updated_at"])
    audit.record(
        actor=actor,
        verb="safety.abuse_update",
        target=report,
        school_id=report.school_id,
        data={"state": state, "note": note},
    )
    if outcome and report.reporter_id:
        _notify(
            users=[report.reporter_id],
            school=report.school,
            template="report_handled",
            params={"state": report.get_state_display()},
            url=report.get_absolute_url(),
            body=outcome,
        )
    return report


def abuse_escalate_overdue(*, now: datetime | None = None) -> int:
    """Hand to the bureau every abuse report nobody settled by its deadline; returns how many."""
    now = now or timezone.now()
    count = 0
    overdue = AbuseReport.objects.filter(
        state__in=(AbuseState.NEW, AbuseState.IN_REVIEW), due_at__lt=now
    ).select_related("school__bureau")
    for report in overdue:
        with transaction.atomic():
            updated = AbuseReport.objects.filter(
                pk=report.pk, state__in=(AbuseState.NEW, AbuseState.IN_REVIEW)
            ).update(state=AbuseState.ESCALATED, escalated_at=now)
            if not updated:
                continue
            audit.record(
                actor=None,
                verb="safety.abuse_escalate",
                target=report,
                school_id=report.school_id,
            )
            bureau = report.school.bureau
            users = selectors.bureau_admin_ids(bureau_id=bureau.pk)
            users += selectors.abuse_handler_ids(school=report.school)
            _notify(
                users=users,
                school=None,
                bureau=bureau,
                template="abuse_escalated",
                params={"school": report.school.name},
                url=report.get_absolute_url(),
                channels=(Channel.IN_APP, Channel.EMAIL, Channel.SMS),
            )
            count += 1
    return count


# ---------------------------------------------------------------- feedback and petitions


@transaction.atomic
def feedback_create(*, actor: User, school: School, kind: str, subject: str, body: str) -> Feedback:
    """A student or parent sends feedback or a petition; the team routes it."""
    if school.pk not in permissions.scope_of(actor).school_ids:
        raise PermissionDenied("safety.feedback")
    settings = selectors.school_settings(school=school)
    feedback = Feedback(
        school=school,
        sender=actor,
        kind=kind,
        subject=subject,
        body=body,
        due_at=_hours_from_now(24 * settings.feedback_days),
    )
    feedback.full_clean()
    feedback.save()
    audit.record(actor=actor, verb="safety.feedback", target=feedback, school_id=school.pk)
    _notify(
        users=selectors.team_ids(school=school),
        school=school,
        template="feedback_new",
        params={"subject": subject},
        url=feedback.get_absolute_url(),
        body=body,
    )
    return feedback


@transaction.atomic
def feedback_route(*, actor: User, feedback: Feedback, assignee: User) -> Feedback:
    """The team passes feedback to the staff member who must answer it."""
    permissions.require(actor, "safety.route_feedback", feedback)
    if not selectors.assignable_staff(school=feedback.school).filter(pk=assignee.pk).exists():
        raise DomainError(SafetyError.BAD_CHOICE, _("Choose a member of the school's staff."))
    feedback.assignee = assignee
    feedback.state = FeedbackState.ROUTED
    feedback.save(update_fields=["assignee", "state", "updated_at"])
    audit.record(
        actor=actor,
        verb="safety.feedback_route",
        target=feedback,
        school_id=feedback.school_id,
        data={"assignee": assignee.pk},
    )
    _notify(
        users=[assignee.pk],
        school=feedback.school,
        template="feedback_routed",
        params={"subject": feedback.subject},
        url=feedback.get_absolute_url(),
        body=feedback.body,
    )
    return feedback


@transaction.atomic
def feedback_reply(*, actor: User, feedback: Feedback, reply: str, close: bool = False) -> Feedback:
    """The person responsible (or the team) answers; the sender sees it."""
    permissions.require(actor, "safety.answer_feedback", feedback)
    if not reply.strip():
        raise DomainError(SafetyError.REASON_REQUIRED, _("Write the answer."))
    feedback.reply = reply
    feedback.replied_by = actor
    feedback.replied_at = timezone.now()
    feedback.state = FeedbackState.CLOSED if close else FeedbackState.ANSWERED
    feedback.save()
    audit.record(
        actor=actor, verb="safety.feedback_reply", target=feedback, school_id=feedback.school_id
    )
    _notify(
        users=[feedback.sender_id] if feedback.sender_id else [],
        school=feedback.school,
        template="feedback_answered",
        params={"subject": feedback.subject},
        url=feedback.get_absolute_url(),
        body=reply,
    )
    return feedback


# ---------------------------------------------------------------- the team


@transaction.atomic
def team_member_save(
    *, actor: User, school: School, user: User, duty: str, handles_abuse: bool
) -> TeamMember:
    """Add someone to the school's collaborator team or change their duties. Staff join the
    queue (the collaborator role); selected students take duties but never see the queue."""
    permissions.require(actor, "safety.manage_team", school)
    roles = set(Membership.objects.filter(user=user, school=school).values_list("role", flat=True))
    staff = bool(roles & {Role.SCHOOL_ADMIN, Role.TEACHER, Role.COLLABORATOR})
    if not staff and Role.STUDENT not in roles:
        raise DomainError(
            SafetyError.BAD_CHOICE, _("Choose a teacher or a student of this school.")
        )
    if handles_abuse and not staff:
        raise DomainError(SafetyError.BAD_CHOICE, _("Only staff may handle abuse reports."))
    member, _created = TeamMember.objects.update_or_create(
        school=school, user=user, defaults={"duty": duty, "handles_abuse": handles_abuse}
    )
    if staff and Role.COLLABORATOR not in roles and Role.SCHOOL_ADMIN not in roles:
        membership_grant(actor=actor, user=user, role=Role.COLLABORATOR, school=school)
    audit.record(
        actor=actor,
        verb="safety.team_member",
        target=user,
        school_id=school.pk,
        data={"duty": duty, "handles_abuse": handles_abuse},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> None:
    permissions.require(actor, "safety.manage_team", member.school)
    Membership.objects.filter(
        user=member.user, school=member.school, role=Role.COLLABORATOR
    ).delete()
    permissions.scope_changed(member.user)
    audit.record(
        actor=actor,
        verb="safety.team_member_remove",
        target=member.user,
        school_id=member.school_id,
    )
    member.delete()


@transaction.atomic
def school_safety_update(
    *, actor: User, school: School, conduct_rules: str, team_rules: str
) -> SchoolSafety:
    """The school's own rules; changing the conduct rules asks everyone to accept again."""
    permissions.require(actor, "safety.manage_team", school)
    page, _created = SchoolSafety.objects.get_or_create(school=school)
    if page.conduct_rules.strip() != conduct_rules.strip():
        page.conduct_revision += 1
    page.conduct_rules = conduct_rules
    page.team_rules = team_rules
    page.save()
    audit.record(
        actor=actor,
        verb="safety.school_rules",
        target=page,
        school_id=school.pk,
        data={"revision": page.conduct_revision},
    )
    return page


# ---------------------------------------------------------------- code of conduct and settings


@transaction.atomic
def conduct_publish(
    *, actor: User, bureau: Bureau, title: str, body_vi: str, body_zh_hans: str, body_en: str
) -> CodeOfConduct:
    """Publish a new version of the bureau's code; everyone accepts it at their next visit."""
    permissions.require(actor, "safety.manage_bureau", bureau)
    latest = selectors.current_code(bureau_id=bureau.pk)
    code = CodeOfConduct(
        bureau=bureau,
        version=(latest.version + 1) if latest else 1,
        title=title,
        body_vi=body_vi,
        body_zh_hans=body_zh_hans,
        body_en=body_en,
        published_by=actor,
    )
    code.full_clean()
    code.save()
    audit.record(actor=actor, verb="safety.conduct_publish", target=code)
    return code


def conduct_accept(*, actor: User, code: CodeOfConduct, school: School) -> ConductAcceptance:
    page = SchoolSafety.objects.filter(school=school).first()
    acceptance, _created = ConductAcceptance.objects.get_or_create(
        user=actor,
        code=code,
        school=school,
        school_revision=page.conduct_revision if page else 0,
    )
    return acceptance


@transaction.atomic
def settings_update(*, actor: User, bureau: Bureau, **fields: Any) -> SafetySettings:
    permissions.require(actor, "safety.manage_bureau", bureau)
    settings, _created = SafetySettings.objects.get_or_create(bureau=bureau)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    audit.record(
        actor=actor, verb="safety.settings", target=settings, data={"fields": list(fields)}
    )
    return settings
