"""Pages where a school admin builds the school's year, and class lists for staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digicampus.accounts import selectors as accounts_selectors
from digicampus.accounts import services as accounts_services
from digicampus.accounts.choices import Role
from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.core.indicators import indicator_list, indicator_values
from digicampus.org import selectors, services
from digicampus.org.exports import classroom_roster_xlsx
from digicampus.org.forms import (
    ClassroomForm,
    GradeForm,
    SchoolForm,
    SchoolYearForm,
    SubjectGroupForm,
    SubjectGroupMemberForm,
)
from digicampus.org.models import Classroom, Grade, School, SchoolYear, SubjectGroup


def _manage(request: HttpRequest, obj: object) -> None:
    permissions.require(request.user, "org.manage_school", obj)


@login_required
def school_list_view(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    schools = selectors.school_list(actor=request.user, search=search)
    return render(request, "org/school_list.html", {"schools": schools, "search": search})


@login_required
def school_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    can_manage = permissions.can(request.user, "org.manage_school", school)
    context = {
        "school": school,
        "can_manage": can_manage,
        "years": selectors.school_year_list(actor=request.user, school=school),
        "groups": selectors.subject_group_list(actor=request.user, school=school),
        "counts": accounts_selectors.school_member_counts(school_ids=[school.pk])[school.pk],
        "roles": Role,
    }
    return render(request, "org/school_detail.html", context)


@login_required
def school_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    _manage(request, school)
    initial = {"name": school.name, "level": school.level, "address": school.address}
    form = SchoolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.school_update(actor=request.user, school=school, **form.cleaned_data)
        messages.success(request, _("The school has been saved."))
        return redirect(school)
    return render(request, "org/school_form.html", {"school": school, "form": form})


@login_required
def school_year_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    _manage(request, school)
    form = SchoolYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year = services.school_year_create(
                actor=request.user, school=school, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The school year has been created."))
            return redirect(year)
    return render(request, "org/school_year_form.html", {"school": school, "form": form})


@login_required
def school_year_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    year = get_object_or_404(
        SchoolYear.objects.visible_to(request.user).select_related("school"), pk=pk
    )
    can_manage = permissions.can(request.user, "org.manage_school", year)
    teachers = accounts_selectors.school_teachers(school=year.school)
    context = {
        "year": year,
        "school": year.school,
        "grades": selectors.grade_list(actor=request.user, school_year=year),
        "can_manage": can_manage,
        "grade_form": GradeForm(),
        "class_form": ClassroomForm(teachers=teachers),
    }
    return render(request, "org/school_year_detail.html", context)


@login_required
@require_POST
def grade_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    year = get_object_or_404(SchoolYear.objects.visible_to(request.user), pk=pk)
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            services.grade_create(
                actor=request.user, school_year=year, number=form.cleaned_data["number"]
            )
            messages.success(request, _("The grade has been added."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Enter a grade between 1 and 12."))
    return redirect(year)


@login_required
def classroom_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    grade = get_object_or_404(
        Grade.objects.visible_to(request.user).select_related("school", "school_year"), pk=pk
    )
    _manage(request, grade)
    teachers = accounts_selectors.school_teachers(school=grade.school)
    form = ClassroomForm(request.POST or None, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            services.classroom_create(actor=request.user, grade=grade, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The class has been created."))
            return redirect(grade.school_year)
    return render(
        request, "org/classroom_form.html", {"form": form, "grade": grade, "school": grade.school}
    )


@login_required
def classroom_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = _classroom_or_404(request, pk)
    _manage(request, classroom)
    teachers = accounts_selectors.school_teachers(school=classroom.school)
    initial = {"name": classroom.name, "homeroom_teacher": classroom.homeroom_teacher}
    form = ClassroomForm(request.POST or None, initial=initial, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            services.classroom_update(actor=request.user, classroom=classroom, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The class has been saved."))
            return redirect(classroom)
    return render(
        request,
        "org/classroom_form.html",
        {"form": form, "classroom": classroom, "school": classroom.school},
    )


def _classroom_or_404(request: HttpRequest, pk: int) -> Classroom:
    try:
        return selectors.classroom_get(actor=request.user, pk=pk)
    except Classroom.DoesNotExist as missing:
        raise Http404 from missing


@login_required
def classroom_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = _classroom_or_404(request, pk)
    students = accounts_selectors.classroom_roster(actor=request.user, classroom=classroom)
    scope = permissions.scope_of(request.user)
    show_parents = classroom.school_id in scope.staff_school_ids
    rows = [
        (
            s["full_name"],
            s["education_id"],
            ", ".join(f"{name} ({phone})" if phone else name for name, phone in s["parents"])
            if show_parents
            else "",
        )
        for s in students
    ]
    context = {
        "classroom": classroom,
        "school": classroom.school,
        "rows": rows,
        "show_parents": show_parents,
        "can_export": permissions.can(request.user, "org.export_roster", classroom),
        "can_manage": permissions.can(request.user, "org.manage_school", classroom),
    }
    return render(request, "org/classroom_detail.html", context)


@login_required
def classroom_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = _classroom_or_404(request, pk)
    permissions.require(request.user, "org.export_roster", classroom)
    students = accounts_selectors.classroom_roster(actor=request.user, classroom=classroom)
    content = classroom_roster_xlsx(classroom=classroom, students=students)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"class-{classroom.school.code}-{classroom.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def subject_group_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    _manage(request, school)
    teachers = accounts_selectors.school_teachers(school=school)
    form = SubjectGroupForm(request.POST or None, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.subject_group_create(
                actor=request.user, school=school, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The subject group has been created."))
            return redirect(group)
    return render(request, "org/subject_group_form.html", {"form": form, "school": school})


@login_required
def subject_group_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        SubjectGroup.objects.visible_to(request.user).select_related("school", "leader"), pk=pk
    )
    can_manage = permissions.can(request.user, "org.manage_school", group)
    teachers = accounts_selectors.school_teachers(school=group.school)
    form = SubjectGroupMemberForm(request.POST or None, teachers=teachers)
    if request.method == "POST":
        _manage(request, group)
        if form.is_valid():
            accounts_services.membership_grant(
                actor=request.user,
                user=form.cleaned_data["teacher"],
                role=Role.TEACHER,
                subject_group=group,
            )
            messages.success(request, _("The teacher has joined the subject group."))
            return redirect(group)
    members = (
        accounts_selectors.user_list(actor=request.user, school=group.school)
        .filter(memberships__subject_group=group)
        .distinct()
    )
    return render(
        request,
        "org/subject_group_detail.html",
        {
            "group": group,
            "school": group.school,
            "members": members,
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
def indicator_list_view(request: HttpRequest) -> HttpResponse:
    """Every registered indicator for the schools the user manages, per school and overall."""
    scope = permissions.scope_of(request.user)
    if not (scope.is_superuser or scope.managed_school_ids):
        raise PermissionDenied
    queryset = selectors.school_list(actor=request.user)
    if not scope.is_superuser:
        queryset = queryset.filter(pk__in=scope.managed_school_ids)
    schools = list(queryset)
    ids = [s.pk for s in schools]
    rows = []
    for indicator in indicator_list():
        result = indicator_values(indicator.key, ids)
        rows.append(
            {
                "indicator": indicator,
                "overall": result.overall,
                "per_school": [(s, result.per_school.get(s.pk, 0)) for s in schools],
            }
        )
    return render(request, "org/indicator_list.html", {"rows": rows, "schools": schools})
