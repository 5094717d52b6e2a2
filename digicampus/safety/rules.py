"""Who may see and do what in safety.

The school's team (its collaborators and admins) works the queue. The bureau sees statistics
and only the cases and abuse reports escalated to it. Reporters see their own reports, authors
the decisions about their content. An abuse report's reporter is known only to its handlers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility
from digicampus.org.models import School
from digicampus.safety.choices import CaseState
from digicampus.safety.models import (
    AbuseReport,
    Case,
    CodeOfConduct,
    ConductAcceptance,
    Feedback,
    PostingSuspension,
    Report,
    SafetySettings,
    SchoolSafety,
    TeamMember,
)


def team_school_ids(scope: Scope) -> frozenset[int]:
    """Schools whose safety team the user belongs to (their admins and collaborators): they
    see users' content in every state and decide about it."""
    return scope.admin_school_ids | scope.collaborator_school_ids


def abuse_handler_q(user: Any, scope: Scope) -> Q:
    """Abuse reports the user handles, and so may know who sent them."""
    chosen = TeamMember.objects.filter(user_id=user.pk, handles_abuse=True).values("school_id")
    return (
        Q(school_id__in=scope.admin_school_ids)
        | Q(school_id__in=chosen)
        | Q(school_id__in=scope.bureau_school_ids, escalated_at__isnull=False)
    )


@register_visibility(Case)
def _cases(user: Any, scope: Scope) -> Q:
    return (
        Q(school_id__in=team_school_ids(scope))
        | Q(author_id=user.pk)
        | Q(school_id__in=scope.bureau_school_ids, state=CaseState.ESCALATED)
    )


@register_visibility(Report)
def _reports(user: Any, scope: Scope) -> Q:
    return Q(reporter_id=user.pk) | Q(school_id__in=team_school_ids(scope))


@register_visibility(AbuseReport)
def _abuse(user: Any, scope: Scope) -> Q:
    return (
        Q(reporter_id=user.pk)
        | abuse_handler_q(user, scope)
        | Q(classroom_id__in=scope.homeroom_class_ids)
    )


@register_visibility(Feedback)
def _feedback(user: Any, scope: Scope) -> Q:
    return Q(sender_id=user.pk) | Q(assignee_id=user.pk) | Q(school_id__in=team_school_ids(scope))


@register_visibility(TeamMember)
def _team(user: Any, scope: Scope) -> Q:
    """Everyone at a school may know who its team is, to know whom to turn to."""
    return Q(school_id__in=scope.school_ids)


@register_visibility(CodeOfConduct)
def _codes(user: Any, scope: Scope) -> Q:
    schools = School.objects.filter(pk__in=scope.school_ids).values("bureau_id")
    return Q(bureau_id__in=schools) | Q(bureau_id__in=scope.bureau_ids)


@register_visibility(SafetySettings)
def _settings(user: Any, scope: Scope) -> Q:
    return Q(bureau_id__in=scope.bureau_ids)


@register_visibility(SchoolSafety)
def _school_pages(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.school_ids)


@register_visibility(ConductAcceptance)
def _acceptances(user: Any, scope: Scope) -> Q:
    return Q(user_id=user.pk) | Q(school_id__in=scope.managed_school_ids)


@register_visibility(PostingSuspension)
def _suspensions(user: Any, scope: Scope) -> Q:
    return Q(user_id=user.pk) | Q(school_id__in=team_school_ids(scope))


@register_rule("safety.view_queue")
def _queue(user: Any, scope: Scope, school: Any) -> bool:
    return school.pk in team_school_ids(scope)


@register_rule("safety.handle_case")
def _handle_case(user: Any, scope: Scope, case: Case) -> bool:
    if case.school_id in team_school_ids(scope):
        return True
    return case.state == CaseState.ESCALATED and case.school_id in scope.bureau_school_ids


@register_rule("safety.handle_abuse")
def _handle_abuse(user: Any, scope: Scope, report: AbuseReport) -> bool:
    return AbuseReport.objects.filter(abuse_handler_q(user, scope), pk=report.pk).exists()


# Seeing who sent an abuse report is the same as handling it.
register_rule("safety.see_abuse_reporter")(_handle_abuse)


@register_rule("safety.route_feedback")
def _route(user: Any, scope: Scope, feedback: Feedback) -> bool:
    return feedback.school_id in team_school_ids(scope)


@register_rule("safety.answer_feedback")
def _answer(user: Any, scope: Scope, feedback: Feedback) -> bool:
    return feedback.assignee_id == user.pk or feedback.school_id in team_school_ids(scope)


@register_rule("safety.manage_team")
def _manage_team(user: Any, scope: Scope, school: Any) -> bool:
    return school.pk in scope.admin_school_ids


@register_rule("safety.manage_bureau")
def _manage_bureau(user: Any, scope: Scope, bureau: Any) -> bool:
    return bureau.pk in scope.bureau_ids


@register_rule("safety.view_statistics")
def _statistics(user: Any, scope: Scope, school: Any) -> bool:
    return school.pk in (scope.managed_school_ids | scope.collaborator_school_ids)
