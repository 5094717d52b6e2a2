"""Reporting suspicious or harmful information, and the school's queue of reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.org.models import School
from digicampus.safety import selectors, services
from digicampus.safety.choices import ReportState
from digicampus.safety.forms import HandleForm, ReportForm
from digicampus.safety.models import Report


@login_required
def report_create_view(request: HttpRequest) -> HttpResponse:
    schools = selectors.reportable_schools(actor=request.user)
    initial = {"category": request.GET.get("category", "")}
    form = ReportForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. The school's safety team has your report."))
            return redirect(report)
    return render(request, "safety/report_form.html", {"form": form})


@login_required
def my_reports_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_reports(actor=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "safety/my_reports.html", {"page": page})


@login_required
def report_queue_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    state = request.GET.get("state", "")
    if state not in ReportState.values:
        state = ""
    reports = selectors.report_queue(actor=request.user, school=school, state=state)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "safety/report_queue.html",
        {"school": school, "page": page, "state": state, "states": ReportState.choices},
    )


@login_required
@require_POST
def report_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    services.report_release(actor=request.user, report=report)
    messages.success(request, _("The message has been released to its reader."))
    return redirect(report)


@login_required
def report_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("school", "reporter"), pk=pk
    )
    can_handle = permissions.can(request.user, "safety.handle_report", report)
    form = HandleForm(
        request.POST or None, initial={"state": report.state, "resolution": report.resolution}
    )
    if request.method == "POST":
        permissions.require(request.user, "safety.handle_report", report)
        if form.is_valid():
            services.report_handle(actor=request.user, report=report, **form.cleaned_data)
            messages.success(request, _("The report has been updated; the reporter is told."))
            return redirect(report)
    return render(
        request,
        "safety/report_detail.html",
        {"report": report, "form": form if can_handle else None},
    )
