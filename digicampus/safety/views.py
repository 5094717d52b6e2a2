"""Pages of safe cyberspace: reporting, the team's queues, abuse reports, feedback, the team,
the code of conduct and the bureau's settings and statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.core.models import AuditEntry
from digicampus.library import delivery
from digicampus.library import services as library
from digicampus.org.models import Bureau, School
from digicampus.safety import selectors, services
from digicampus.safety.choices import CASE_CATEGORIES, CaseState, FeedbackState
from digicampus.safety.forms import (
    AbuseReportForm,
    AbuseUpdateForm,
    AppealDecideForm,
    AppealForm,
    ConductForm,
    DecideForm,
    EscalateForm,
    FeedbackForm,
    ReplyForm,
    ReportForm,
    RouteForm,
    SchoolSafetyForm,
    SettingsForm,
    TakeForm,
    TeamMemberForm,
)
from digicampus.safety.models import (
    AbuseReport,
    Case,
    CodeOfConduct,
    Feedback,
    Report,
    TeamMember,
)
from digicampus.safety.rules import team_school_ids


def _page(request: HttpRequest, qs: Any, size: int = 30) -> Any:
    return Paginator(qs, size).get_page(request.GET.get("page"))


# What each recorded step of a case is called in its history.
STEPS = {
    "safety.report": _l("Reported"),
    "safety.screening_hold": _l("Held by screening"),
    "safety.screening_block": _l("Blocked by screening"),
    "safety.auto_hide": _l("Hidden after several reports"),
    "safety.case_assign": _l("Assigned"),
    "safety.case_hide": _l("Hidden"),
    "safety.case_delete": _l("Deleted"),
    "safety.case_warn": _l("Author warned"),
    "safety.case_suspend": _l("Posting suspended"),
    "safety.case_restore": _l("Restored"),
    "safety.case_dismiss": _l("Dismissed"),
    "safety.case_escalate": _l("Escalated to the bureau"),
    "safety.appeal": _l("Appealed by the author"),
    "safety.appeal_uphold": _l("Appeal refused"),
    "safety.appeal_grant": _l("Appeal accepted, content restored"),
    "safety.abuse_report": _l("Reported"),
    "safety.abuse_update": _l("Updated"),
    "safety.abuse_escalate": _l("Escalated to the bureau"),
}


def _history(obj: Any) -> list[tuple[AuditEntry, str]]:
    entries = AuditEntry.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).select_related("actor")
    return [(e, STEPS.get(e.verb, e.verb)) for e in entries.order_by("created_at")]


def _school(request: HttpRequest, pk: int) -> School:
    return get_object_or_404(School.objects.visible_to(request.user), pk=pk)


def _bureau(request: HttpRequest, pk: int) -> Bureau:
    bureau = get_object_or_404(Bureau, pk=pk)
    if bureau.pk not in permissions.scope_of(request.user).bureau_ids:
        raise Http404
    return bureau


@login_required
def safety_home_view(request: HttpRequest) -> HttpResponse:
    """Where everyone starts: report, ask for help, and for the team, their queues."""
    scope = permissions.scope_of(request.user)
    team = School.objects.filter(pk__in=team_school_ids(scope)).order_by("name")
    handles_abuse = TeamMember.objects.filter(user=request.user, handles_abuse=True).exists()
    bureaus = Bureau.objects.filter(pk__in=scope.bureau_ids).order_by("name")
    first_school = selectors.home_school(user=request.user)
    helpline = selectors.school_settings(school=first_school).helpline if first_school else "111"
    return render(
        request,
        "safety/home.html",
        {
            "team_schools": team,
            "handles_abuse": handles_abuse or bool(scope.admin_school_ids) or bool(bureaus),
            "homeroom": bool(scope.homeroom_class_ids),
            "bureaus": bureaus,
            "helpline": helpline,
            "my_cases": selectors.my_cases(actor=request.user)[:5],
            "escalated": Case.objects.visible_to(request.user)
            .filter(state=CaseState.ESCALATED, school__bureau__in=bureaus)
            .select_related("school")[:50]
            if bureaus
            else [],
        },
    )


# ---------------------------------------------------------------- reports


def _reported_content(request: HttpRequest) -> Any:
    """The content named by ?content=label:id, if the user may see it."""
    raw = request.GET.get("content") or request.POST.get("content") or ""
    if not raw:
        return None
    label, _sep, pk = raw.rpartition(":")
    content = selectors.content_get(label, int(pk) if pk.isdigit() else None)
    if content is None or not selectors.content_visible(actor=request.user, content=content):
        raise Http404
    return content


@login_required
def report_create_view(request: HttpRequest) -> HttpResponse:
    content = _reported_content(request)
    schools = selectors.reportable_schools(actor=request.user)
    initial = {"category": request.GET.get("category", "")}
    form = ReportForm(
        request.POST or None, schools=schools, about_content=content is not None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user, content=content, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. The school's safety team has your report."))
            return redirect(report)
    return render(request, "safety/report_form.html", {"form": form, "content": content})


@login_required
def my_reports_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "safety/my_reports.html",
        {
            "page": _page(request, selectors.my_reports(actor=request.user)),
            "cases": selectors.my_cases(actor=request.user)[:50],
        },
    )


@login_required
def report_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("school", "case"), pk=pk
    )
    if report.reporter_id != request.user.pk:
        return redirect(report.case)
    return render(request, "safety/report_detail.html", {"report": report})


# ---------------------------------------------------------------- moderation cases


@login_required
def case_queue_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    state = request.GET.get("state", "")
    if state not in CaseState.values:
        state = ""
    mine = request.GET.get("mine") == "1"
    cases = selectors.case_queue(actor=request.user, school=school, state=state, mine=mine)
    return render(
        request,
        "safety/case_queue.html",
        {
            "school": school,
            "page": _page(request, cases, 50),
            "state": state,
            "mine": mine,
            "states": CaseState.choices,
        },
    )


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "school", "author", "assignee", "decided_by"
        ),
        pk=pk,
    )


@login_required
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    can_handle = permissions.can(request.user, "safety.handle_case", case)
    context: dict[str, Any] = {
        "case": case,
        "can_handle": can_handle,
        "is_author": case.author_id == request.user.pk,
        "reports": selectors.case_reports(actor=request.user, case=case),
    }
    if can_handle:
        team = selectors.assignable_staff(school=case.school).filter(
            pk__in=selectors.team_ids(school=case.school)
        )
        context |= {
            "history": _history(case),
            "take_form": TakeForm(team=team),
            "decide_form": DecideForm(),
            "escalate_form": EscalateForm(),
            "appeal_decide_form": AppealDecideForm(),
        }
    if context["is_author"]:
        context["appeal_form"] = AppealForm()
    return render(request, "safety/case_detail.html", context)


def _case_post(
    request: HttpRequest, case: Case, form_class: Any, action: Any, done: str, **form_kwargs: Any
) -> HttpResponse:
    """Run one case action from a posted form; on refusal, show the page with the error."""
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect(case)


@login_required
@require_POST
def case_take_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    permissions.require(request.user, "safety.handle_case", case)
    team = selectors.assignable_staff(school=case.school)
    return _case_post(
        request,
        case,
        TakeForm,
        lambda c, d: services.case_take(actor=request.user, case=c, assignee=d["assignee"]),
        _("The case is assigned."),
        team=team,
    )


@login_required
@require_POST
def case_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(
        request,
        _case_or_404(request, pk),
        DecideForm,
        lambda c, d: services.case_decide(
            actor=request.user,
            case=c,
            action=d["action"],
            reason=d["reason"],
            resolution=d["resolution"],
            suspend_days=d["suspend_days"] or 0,
        ),
        _("The decision is recorded; the author and the reporters are told."),
    )


@login_required
@require_POST
def case_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(
        request,
        _case_or_404(request, pk),
        EscalateForm,
        lambda c, d: services.case_escalate(actor=request.user, case=c, note=d["note"]),
        _("The bureau has been asked to look at this case."),
    )


@login_required
@require_POST
def case_appeal_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(
        request,
        _case_or_404(request, pk),
        AppealForm,
        lambda c, d: services.case_appeal(actor=request.user, case=c, text=d["text"]),
        _("Your appeal is sent. Another member of the team will review it."),
    )


@login_required
@require_POST
def appeal_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(
        request,
        _case_or_404(request, pk),
        AppealDecideForm,
        lambda c, d: services.appeal_decide(
            actor=request.user, case=c, uphold=d["uphold"], answer=d["answer"]
        ),
        _("The appeal is decided; the author is told."),
    )


# ---------------------------------------------------------------- abuse reports


@login_required
def abuse_create_view(request: HttpRequest) -> HttpResponse:
    schools = selectors.reportable_schools(actor=request.user)
    children = selectors.abuse_children(actor=request.user)
    form = AbuseReportForm(
        request.POST or None, request.FILES or None, schools=schools, children=children
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence = []
            if data["evidence"]:
                evidence.append(
                    library.file_store(
                        actor=request.user, upload=data["evidence"], school=data["school"]
                    )
                )
            report = services.abuse_report_create(
                actor=request.user,
                school=data["school"],
                child=data["child"],
                child_name=data["child_name"],
                severity=data["severity"],
                where=data["where"],
                description=data["description"],
                evidence=evidence,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The people responsible have been told; your name stays private."),
            )
            return redirect(report)
    school = schools.first()
    helpline = selectors.school_settings(school=school).helpline if school else "111"
    return render(request, "safety/abuse_form.html", {"form": form, "helpline": helpline})


@login_required
def abuse_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "safety/abuse_list.html",
        {
            "page": _page(request, selectors.abuse_queue(actor=request.user)),
            "mine": selectors.my_abuse_reports(actor=request.user)[:50],
        },
    )


def _abuse_or_404(request: HttpRequest, pk: int) -> AbuseReport:
    return get_object_or_404(
        AbuseReport.objects.visible_to(request.user).select_related(
            "school", "classroom", "child", "reporter", "handler"
        ),
        pk=pk,
    )


@login_required
def abuse_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _abuse_or_404(request, pk)
    can_handle = permissions.can(request.user, "safety.handle_abuse", report)
    form = AbuseUpdateForm(request.POST or None, initial={"state": report.state})
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied("safety.handle_abuse")
        if form.is_valid():
            try:
                services.abuse_update(actor=request.user, report=report, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The case history is updated."))
                return redirect(report)
    is_reporter = report.reporter_id == request.user.pk
    context = {
        "report": report,
        "can_handle": can_handle,
        "is_reporter": is_reporter,
        "show_reporter": can_handle,
        "form": form if can_handle else None,
        # The history names the reporter in its first entry: handlers only.
        "history": _history(report) if can_handle else [],
        "evidence": report.evidence.all(),
        "helpline": selectors.school_settings(school=report.school).helpline,
    }
    return render(request, "safety/abuse_detail.html", context)


@login_required
def abuse_evidence_view(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    report = _abuse_or_404(request, pk)
    stored = get_object_or_404(report.evidence.all(), pk=file_pk)
    return delivery.file_response(request, stored)


# ---------------------------------------------------------------- feedback and petitions


@login_required
def feedback_create_view(request: HttpRequest) -> HttpResponse:
    schools = selectors.reportable_schools(actor=request.user)
    form = FeedbackForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.feedback_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Sent. You will see here when it is answered."))
            return redirect(feedback)
    return render(request, "safety/feedback_form.html", {"form": form})


@login_required
def feedback_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "safety/feedback_list.html",
        {"page": _page(request, selectors.feedback_for(actor=request.user))},
    )


@login_required
def feedback_queue_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    state = request.GET.get("state", "")
    if state not in FeedbackState.values:
        state = ""
    items = selectors.feedback_queue(actor=request.user, school=school, state=state)
    return render(
        request,
        "safety/feedback_queue.html",
        {
            "school": school,
            "page": _page(request, items, 50),
            "state": state,
            "states": FeedbackState.choices,
        },
    )


@login_required
def feedback_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        Feedback.objects.visible_to(request.user).select_related(
            "school", "sender", "assignee", "replied_by"
        ),
        pk=pk,
    )
    can_route = permissions.can(request.user, "safety.route_feedback", feedback)
    can_answer = permissions.can(request.user, "safety.answer_feedback", feedback)
    staff = selectors.assignable_staff(school=feedback.school)
    route_form = RouteForm(
        request.POST if "assignee" in request.POST else None,
        staff=staff,
        initial={"assignee": feedback.assignee_id},
    )
    reply_form = ReplyForm(request.POST if "reply" in request.POST else None)
    if request.method == "POST":
        try:
            if "assignee" in request.POST:
                if route_form.is_valid():
                    services.feedback_route(
                        actor=request.user,
                        feedback=feedback,
                        assignee=route_form.cleaned_data["assignee"],
                    )
                    messages.success(request, _("Passed to the person responsible."))
                    return redirect(feedback)
            elif reply_form.is_valid():
                services.feedback_reply(
                    actor=request.user, feedback=feedback, **reply_form.cleaned_data
                )
                messages.success(request, _("The answer is sent."))
                return redirect(feedback)
        except DomainError as error:
            add_domain_error(reply_form, error)
    return render(
        request,
        "safety/feedback_detail.html",
        {
            "feedback": feedback,
            "route_form": route_form if can_route else None,
            "reply_form": reply_form if can_answer else None,
        },
    )


# ---------------------------------------------------------------- the team


@login_required
def team_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    can_manage = permissions.can(request.user, "safety.manage_team", school)
    in_team = permissions.can(request.user, "safety.view_queue", school)
    people = selectors.team_candidates(school=school)
    form = TeamMemberForm(request.POST or None, people=people)
    if request.method == "POST":
        permissions.require(request.user, "safety.manage_team", school)
        if "remove" in request.POST:
            member = get_object_or_404(TeamMember, school=school, pk=request.POST["remove"])
            services.team_member_remove(actor=request.user, member=member)
            messages.success(request, _("Removed from the team."))
            return redirect("safety:team", pk=school.pk)
        if form.is_valid():
            try:
                services.team_member_save(actor=request.user, school=school, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The team is updated."))
                return redirect("safety:team", pk=school.pk)
    page = getattr(school, "safety", None)
    return render(
        request,
        "safety/team.html",
        {
            "school": school,
            "members": selectors.team_workload(school=school)
            if in_team
            else [{"member": m} for m in selectors.team(school=school)],
            "show_workload": in_team,
            "team_rules": page.team_rules if page else "",
            "form": form if can_manage else None,
        },
    )


@login_required
def school_rules_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    permissions.require(request.user, "safety.manage_team", school)
    page = getattr(school, "safety", None)
    initial = {
        "conduct_rules": page.conduct_rules if page else "",
        "team_rules": page.team_rules if page else "",
    }
    form = SchoolSafetyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.school_safety_update(actor=request.user, school=school, **form.cleaned_data)
        messages.success(request, _("The school's rules are saved."))
        return redirect("safety:team", pk=school.pk)
    return render(request, "safety/school_rules.html", {"school": school, "form": form})


# ---------------------------------------------------------------- code of conduct


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("home")


@login_required
def conduct_view(request: HttpRequest) -> HttpResponse:
    """The code and the school's rules: read, and accept when asked."""
    pending = selectors.conduct_pending(user=request.user)
    if request.method == "POST" and pending:
        code, school, _rules = pending
        services.conduct_accept(actor=request.user, code=code, school=school)
        messages.success(request, _("Thank you for accepting the code of conduct."))
        return redirect(_safe_next(request))
    school = selectors.home_school(user=request.user)
    code = selectors.current_code(bureau_id=school.bureau_id) if school else None
    page = getattr(school, "safety", None) if school else None
    return render(
        request,
        "safety/conduct.html",
        {
            "code": code,
            "school": school,
            "rules": page.conduct_rules if page else "",
            "pending": pending is not None,
            "next": _safe_next(request),
        },
    )


@login_required
def conduct_manage_view(request: HttpRequest, pk: int) -> HttpResponse:
    bureau = _bureau(request, pk)
    permissions.require(request.user, "safety.manage_bureau", bureau)
    latest = selectors.current_code(bureau_id=bureau.pk)
    initial = (
        {
            "title": latest.title,
            "body_vi": latest.body_vi,
            "body_zh_hans": latest.body_zh_hans,
            "body_en": latest.body_en,
        }
        if latest
        else {}
    )
    form = ConductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.conduct_publish(actor=request.user, bureau=bureau, **form.cleaned_data)
        messages.success(request, _("The new version is published; everyone accepts it again."))
        return redirect("safety:conduct_manage", pk=bureau.pk)
    schools = School.objects.filter(bureau=bureau).order_by("name")
    rates = selectors.conduct_acceptance_rates([s.pk for s in schools])
    return render(
        request,
        "safety/conduct_manage.html",
        {
            "bureau": bureau,
            "form": form,
            "versions": CodeOfConduct.objects.filter(bureau=bureau),
            "rates": [(s, rates.get(s.pk)) for s in schools],
        },
    )


@login_required
def settings_view(request: HttpRequest, pk: int) -> HttpResponse:
    bureau = _bureau(request, pk)
    permissions.require(request.user, "safety.manage_bureau", bureau)
    current = selectors.safety_settings(bureau_id=bureau.pk)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        services.settings_update(actor=request.user, bureau=bureau, **fields)
        messages.success(request, _("The safety settings are saved."))
        return redirect("safety:settings", pk=bureau.pk)
    return render(request, "safety/settings.html", {"bureau": bureau, "form": form})


# ---------------------------------------------------------------- statistics


@login_required
def statistics_view(request: HttpRequest) -> HttpResponse:
    """Figures for the schools the user oversees, with no reporter named anywhere."""
    scope = permissions.scope_of(request.user)
    school_ids = sorted(scope.managed_school_ids | scope.collaborator_school_ids)
    if not school_ids:
        raise PermissionDenied("safety.view_statistics")
    schools = {s.pk: s for s in School.objects.filter(pk__in=school_ids)}
    figures = selectors.statistics(school_ids=school_ids)
    rates = selectors.conduct_acceptance_rates(school_ids)
    rows = [
        (schools[pk], figures["per_school"].get(pk, {}), rates.get(pk))
        for pk in sorted(schools, key=lambda pk: schools[pk].name)
    ]
    return render(
        request,
        "safety/statistics.html",
        {
            "figures": figures,
            "rows": rows,
            "by_category": _labelled(figures["by_category"], CASE_CATEGORIES),
            "by_state": _labelled(figures["by_state"], CaseState.choices),
            "screening_hits": _labelled(figures["screening_hits"], CASE_CATEGORIES),
        },
    )


def _labelled(counts: dict[str, int], choices: Any) -> list[tuple[str, int]]:
    labels = dict(choices)
    return [(str(labels.get(key, key)), n) for key, n in sorted(counts.items())]
