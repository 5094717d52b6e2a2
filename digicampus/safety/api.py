"""API of safe cyberspace: reports, the moderation queue, appeals, abuse reports, feedback,
the code of conduct and a screening check for integrations."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from digicampus.core import permissions
from digicampus.org.models import School
from digicampus.safety import screening, selectors, services
from digicampus.safety.choices import AbuseSeverity, AbuseWhere, CaseAction, FeedbackKind
from digicampus.safety.models import AbuseReport, Case, Feedback, Report

router = Router(tags=["safety"])


class ReportIn(Schema):
    category: str
    text: str = ""
    link: str = ""
    school_id: int | None = None
    content: str | None = Field(None, description='Content to report, as "app.model:id".')


class ReportOut(Schema):
    id: int
    case_id: int
    category: str
    state: str
    answer: str
    created_at: datetime


def _report_out(report: Report) -> dict[str, object]:
    return {
        "id": report.pk,
        "case_id": report.case_id,
        "category": report.category,
        "state": report.case.state,
        "answer": report.case.resolution,
        "created_at": report.created_at,
    }


@router.post("/reports", response={201: ReportOut})
def report_create(request: HttpRequest, data: ReportIn) -> Status:
    """Report content on the platform (`content`) or something seen elsewhere (`school_id`)."""
    content = None
    if data.content:
        label, _sep, pk = data.content.rpartition(":")
        content = selectors.content_get(label, int(pk) if pk.isdigit() else None)
        if content is None or not selectors.content_visible(actor=request.user, content=content):
            raise Http404
    school = (
        get_object_or_404(School.objects.visible_to(request.user), pk=data.school_id)
        if data.school_id and content is None
        else None
    )
    report = services.report_create(
        actor=request.user,
        category=data.category,
        text=data.text,
        link=data.link,
        school=school,
        content=content,
    )
    return Status(201, _report_out(report))


@router.get("/reports", response=list[ReportOut])
def my_reports(request: HttpRequest) -> list[dict[str, object]]:
    """The caller's reports, newest first, with the team's answer."""
    return [_report_out(r) for r in selectors.my_reports(actor=request.user)[:100]]


class CaseOut(Schema):
    id: int
    school_id: int
    source: str
    category: str
    categories: list[str]
    state: str
    excerpt: str
    reporter_count: int
    assignee_id: int | None
    due_at: datetime
    overdue: bool
    action: str
    reason: str


def _case_out(case: Case) -> dict[str, object]:
    return {
        "id": case.pk,
        "school_id": case.school_id,
        "source": case.source,
        "category": case.category,
        "categories": case.categories,
        "state": case.state,
        "excerpt": case.excerpt,
        "reporter_count": case.reporter_count,
        "assignee_id": case.assignee_id,
        "due_at": case.due_at,
        "overdue": case.is_overdue,
        "action": case.action,
        "reason": case.reason,
    }


@router.get("/schools/{school_id}/cases", response=list[CaseOut])
def case_queue(request: HttpRequest, school_id: int, state: str = "") -> list[dict[str, object]]:
    """The school's moderation queue (its team only), nearest deadline first."""
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_id)
    cases = selectors.case_queue(actor=request.user, school=school, state=state)
    return [_case_out(c) for c in cases[:200]]


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)


@router.get("/cases/{case_id}", response=CaseOut)
def case_detail(request: HttpRequest, case_id: int) -> dict[str, object]:
    return _case_out(_case(request, case_id))


# Fields of bodies sent to an id are optional: the id is checked first (404 outside the
# caller's scope), then the service refuses what is missing with a translated message.
class DecisionIn(Schema):
    action: str = Field("", description=", ".join(CaseAction.values))
    reason: str = ""
    resolution: str = ""
    suspend_days: int = 0


class DecisionOut(Schema):
    state: str
    action: str
    reason: str
    decided_at: datetime | None


@router.get("/cases/{case_id}/decision", response=DecisionOut)
def case_decision(request: HttpRequest, case_id: int) -> Case:
    """The decision taken on a case, if any."""
    return _case(request, case_id)


@router.post("/cases/{case_id}/decision", response=CaseOut)
def case_decide(request: HttpRequest, case_id: int, data: DecisionIn) -> dict[str, object]:
    case = services.case_decide(actor=request.user, case=_case(request, case_id), **data.dict())
    return _case_out(case)


class AppealIn(Schema):
    text: str = ""


class AppealOut(Schema):
    state: str
    appeal_text: str
    appealed_at: datetime | None
    appeal_answer: str


@router.get("/cases/{case_id}/appeal", response=AppealOut)
def case_appeal_read(request: HttpRequest, case_id: int) -> Case:
    """The author's appeal and its answer, if any."""
    return _case(request, case_id)


@router.get("/cases/{case_id}/appeal/decision", response=AppealOut)
def appeal_decision_read(request: HttpRequest, case_id: int) -> Case:
    return _case(request, case_id)


@router.post("/cases/{case_id}/appeal", response=CaseOut)
def case_appeal(request: HttpRequest, case_id: int, data: AppealIn) -> dict[str, object]:
    """The author of the content asks for a second review."""
    return _case_out(
        services.case_appeal(actor=request.user, case=_case(request, case_id), text=data.text)
    )


class AppealDecisionIn(Schema):
    uphold: bool = True
    answer: str = ""


@router.post("/cases/{case_id}/appeal/decision", response=CaseOut)
def appeal_decide(request: HttpRequest, case_id: int, data: AppealDecisionIn) -> dict[str, object]:
    case = services.appeal_decide(actor=request.user, case=_case(request, case_id), **data.dict())
    return _case_out(case)


class AbuseIn(Schema):
    school_id: int
    child_id: int | None = None
    child_name: str = ""
    severity: AbuseSeverity
    where: AbuseWhere
    description: str


class AbuseOut(Schema):
    id: int
    school_id: int
    child_name: str
    severity: str
    state: str
    due_at: datetime
    reporter: str | None = Field(None, description="Shown to designated handlers only.")
    outcome: str


def _abuse_out(request: HttpRequest, report: AbuseReport, handler: bool) -> dict[str, object]:
    mine = report.reporter_id == request.user.pk
    return {
        "id": report.pk,
        "school_id": report.school_id,
        "child_name": report.child_name,
        "severity": report.severity,
        "state": report.state,
        "due_at": report.due_at,
        "reporter": report.reporter.full_name if (handler or mine) and report.reporter else None,
        "outcome": report.outcome,
    }


@router.post("/abuse-reports", response={201: AbuseOut})
def abuse_create(request: HttpRequest, data: AbuseIn) -> Status:
    """Report, in confidence, that a child is harmed; evidence files are added on the page."""
    school = get_object_or_404(School.objects.visible_to(request.user), pk=data.school_id)
    child = None
    if data.child_id:
        child = get_object_or_404(
            selectors.abuse_children(actor=request.user, school=school), pk=data.child_id
        )
    report = services.abuse_report_create(
        actor=request.user,
        school=school,
        child=child,
        child_name=data.child_name,
        severity=data.severity,
        where=data.where,
        description=data.description,
    )
    handler = permissions.can(request.user, "safety.see_abuse_reporter", report)
    return Status(201, _abuse_out(request, report, handler))


@router.get("/abuse-reports", response=list[AbuseOut])
def abuse_list(request: HttpRequest) -> list[dict[str, object]]:
    """Abuse reports the caller sent, handles or follows."""
    reports = list(
        AbuseReport.objects.visible_to(request.user)
        .select_related("reporter")
        .order_by("-created_at")[:200]
    )
    handled = selectors.abuse_reporter_visible_ids(
        actor=request.user, report_ids=[r.pk for r in reports]
    )
    return [_abuse_out(request, r, r.pk in handled) for r in reports]


class FeedbackIn(Schema):
    school_id: int
    kind: FeedbackKind
    subject: str
    body: str


class FeedbackOut(Schema):
    id: int
    school_id: int
    kind: str
    subject: str
    state: str
    due_at: datetime
    reply: str


def _feedback_out(feedback: Feedback) -> dict[str, object]:
    return {
        "id": feedback.pk,
        "school_id": feedback.school_id,
        "kind": feedback.kind,
        "subject": feedback.subject,
        "state": feedback.state,
        "due_at": feedback.due_at,
        "reply": feedback.reply,
    }


@router.post("/feedback", response={201: FeedbackOut})
def feedback_create(request: HttpRequest, data: FeedbackIn) -> Status:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=data.school_id)
    feedback = services.feedback_create(
        actor=request.user, school=school, kind=data.kind, subject=data.subject, body=data.body
    )
    return Status(201, _feedback_out(feedback))


@router.get("/feedback", response=list[FeedbackOut])
def feedback_list(request: HttpRequest) -> list[dict[str, object]]:
    """What the caller sent, and what was passed to them to answer."""
    return [_feedback_out(f) for f in selectors.feedback_for(actor=request.user)[:200]]


class ConductOut(Schema):
    version: int | None
    title: str
    body: str
    school_rules: str
    pending: bool


@router.get("/conduct", response=ConductOut)
def conduct(request: HttpRequest) -> dict[str, object]:
    """The code of conduct in the caller's language, and whether they must accept it."""
    school = selectors.home_school(user=request.user)
    code = selectors.current_code(bureau_id=school.bureau_id) if school else None
    page = getattr(school, "safety", None) if school else None
    return {
        "version": code.version if code else None,
        "title": code.title if code else "",
        "body": code.body if code else "",
        "school_rules": page.conduct_rules if page else "",
        "pending": selectors.conduct_pending(user=request.user) is not None,
    }


@router.post("/conduct/accept", response=ConductOut)
def conduct_accept(request: HttpRequest) -> dict[str, object]:
    pending = selectors.conduct_pending(user=request.user)
    if pending:
        code, school, _rules = pending
        services.conduct_accept(actor=request.user, code=code, school=school)
    return conduct(request)


class ScreenIn(Schema):
    text: str
    school_id: int


class SpanOut(Schema):
    start: int
    end: int
    category: str


class ScreenOut(Schema):
    decision: str
    categories: list[str]
    severity: int
    language: str
    spans: list[SpanOut]


@router.post("/screen", response=ScreenOut)
def screen(request: HttpRequest, data: ScreenIn) -> dict[str, object]:
    """Screen a text with a school's policy, without storing anything (staff only)."""
    school = get_object_or_404(School.objects.visible_to(request.user), pk=data.school_id)
    if school.pk not in permissions.scope_of(request.user).staff_school_ids:
        raise Http404
    result = screening.screen(data.text, policy=selectors.school_policy(school=school))
    return result.as_dict()
