"""Sign-in, password, language, tokens, people and imports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digicampus.accounts import importing, selectors, services
from digicampus.accounts.choices import ImportKind, Language, Role
from digicampus.accounts.forms import (
    ImportUploadForm,
    LanguageForm,
    PasswordChangeForm,
    RoleGrantForm,
    SignInForm,
    TokenForm,
)
from digicampus.accounts.home import home_context
from digicampus.accounts.models import ImportJob, Membership, User
from digicampus.accounts.throttle import SignInBusyError, sign_in_slot
from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.core.htmx import render_page_or_fragment
from digicampus.org.models import School


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """The home page made for the user's widest role."""
    template, context = home_context(request.user, request.GET)
    return render(request, template, context)


def too_many_sign_ins(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 page with Retry-After, shared by the lockout and the capacity bound."""
    response = render(request, "accounts/too_many.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What django-axes answers when an account is locked after repeated failures."""
    from django.conf import settings

    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        response = JsonResponse(
            {
                "code": "locked_out",
                "message": _("Too many failed sign-ins. Try again in %(minutes)s minutes.")
                % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
                "fields": {},
            },
            status=429,
        )
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return response
    return too_many_sign_ins(request, int(settings.AXES_COOLOFF_TIME.total_seconds()))


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            with sign_in_slot():
                return super().post(request, *args, **kwargs)
        except SignInBusyError as busy:
            return too_many_sign_ins(request, busy.retry_after)


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def _language_switch(request: HttpRequest, language: str, target: str) -> HttpResponse:
    """Go to `target` (on this site only) in `language`: remembered on the account and, for
    visitors, in a cookie."""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@require_POST
def language_set_view(request: HttpRequest) -> HttpResponse:
    """Switch language from the form at the foot of every signed-in page."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not form.is_valid():
        return redirect(
            target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"
        )
    return _language_switch(request, form.cleaned_data["language"], target)


def language_link_view(request: HttpRequest, language: str) -> HttpResponse:
    """Switch language by a plain link: public pages are cached whole, so they cannot carry a
    form's CSRF token. Changing a display preference needs none."""
    if language not in Language.values:
        raise Http404
    return _language_switch(request, language, request.GET.get("next") or "/")


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    """The user's own account: roles, language, API tokens."""
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    context = {
        "roles": [Role(r).label for r in selectors.user_roles(request.user)],
        "tokens": request.user.api_tokens.order_by("-created_at"),
        "form": form,
        "new_key": new_key,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def user_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    search = request.GET.get("q", "").strip()
    people = selectors.user_list(
        actor=request.user, school=school, role=role or None, search=search
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context = {
        "school": school,
        "page": page,
        "role": role,
        "search": search,
        "roles": Role.choices,
    }
    return render_page_or_fragment(
        request, "accounts/user_list.html", "accounts/partials/user_rows.html", context
    )


def _user_or_404(request: HttpRequest, pk: int) -> User:
    try:
        return selectors.user_get(actor=request.user, pk=pk)
    except User.DoesNotExist as missing:
        raise Http404 from missing


@login_required
def user_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's account; managers give and take staff roles here."""
    person = _user_or_404(request, pk)
    roles = selectors.grantable_roles(actor=request.user)
    form = RoleGrantForm(
        request.POST or None,
        roles=roles,
        schools=selectors.grantable_schools(actor=request.user),
    )
    if request.method == "POST":
        if not roles:
            raise PermissionDenied
        if form.is_valid():
            services.membership_grant(
                actor=request.user,
                user=person,
                role=form.cleaned_data["role"],
                school=form.cleaned_data["school"],
            )
            messages.success(request, _("The role has been given."))
            return redirect("accounts:user_detail", pk=person.pk)
    context = {
        "person": person,
        "can_manage": permissions.can(request.user, "accounts.manage_user", person),
        "role_form": form if roles else None,
        "revocable": {
            m.pk
            for m in person.visible_memberships
            if m.school is not None
            and permissions.can(request.user, "accounts.grant_role", (m.school, m.role))
        },
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_POST
def membership_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("school", "user"), pk=pk
    )
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("The role has been removed."))
    return redirect("accounts:user_detail", pk=membership.user_id)


@login_required
@require_POST
def user_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    person = _user_or_404(request, pk)
    if action == "disable":
        services.user_set_active(actor=request.user, target=person, active=False)
        messages.success(request, _("The account has been disabled and signed out everywhere."))
    elif action == "enable":
        services.user_set_active(actor=request.user, target=person, active=True)
        messages.success(request, _("The account has been enabled."))
    elif action == "reset":
        temporary = services.user_reset_password(actor=request.user, target=person)
        messages.success(
            request,
            _("Temporary password: %(password)s. It must be changed at the next sign-in.")
            % {"password": temporary},
        )
    else:
        raise Http404
    return redirect("accounts:user_detail", pk=person.pk)


@login_required
def audit_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    entries = selectors.audit_list(actor=request.user, school=school)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_list.html", {"school": school, "page": page})


@login_required
def import_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "accounts.import_people", school)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.import_job_create(
                actor=request.user,
                school=school,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("accounts:import_detail", pk=job.pk)
    context = {
        "school": school,
        "form": form,
        "jobs": selectors.import_job_list(actor=request.user, school=school)[:20],
        "kinds": ImportKind,
    }
    return render(request, "accounts/import_list.html", context)


@login_required
def import_template_view(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ImportKind.values:
        raise Http404
    response = HttpResponse(
        importing.template_xlsx(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="digicampus-{kind}.xlsx"'
    return response


@login_required
def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("school"), pk=pk
    )
    processed, total = importing.progress_get(job)
    errors = [{**e, "message": importing.row_error_message(e)} for e in job.errors[:500]]
    context = {
        "job": job,
        "school": job.school,
        "processed": processed,
        "total": total,
        "percent": min(100, round(100 * processed / total)) if total else 0,
        "errors": errors,
        "error_count": len(job.errors),
    }
    return render_page_or_fragment(
        request, "accounts/import_detail.html", "accounts/partials/import_status.html", context
    )


@login_required
@require_POST
def import_commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    try:
        importing.import_job_start(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("accounts:import_detail", pk=job.pk)


@login_required
def import_slips_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable first sign-in slips, one page per class."""
    job = get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("school"), pk=pk
    )
    permissions.require(request.user, "accounts.import_people", job.school)
    context = {
        "job": job,
        "school": job.school,
        "groups": importing.slips_by_class(job),
        "login_url": request.build_absolute_uri(reverse("accounts:login")),
    }
    return render(request, "accounts/import_slips_print.html", context)


@login_required
def import_slips_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "accounts.import_people", job.school)
    if not job.slips:
        raise Http404
    with job.slips.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="first-sign-in-{job.pk}.xlsx"'
    return response
