"""Portal management pages: the portal's settings, columns, pages, roles, images and the
articles' workflow (draft, submit, return, publish or schedule, unpublish)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.library import delivery
from digicampus.portal import selectors, services
from digicampus.portal.choices import ArticleState
from digicampus.portal.forms import (
    ArticleForm,
    ColumnForm,
    ImageUploadForm,
    PageForm,
    PublishForm,
    ReturnForm,
    SiteForm,
    SiteRoleForm,
)
from digicampus.portal.models import Article, Column, Page, Site, SiteFile, SiteRole

ARTICLES_PER_PAGE = 30


def _site_or_404(request: HttpRequest, pk: int) -> Site:
    return get_object_or_404(selectors.site_list(actor=request.user), pk=pk)


def _article_or_404(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(
        Article.objects.visible_to(request.user).select_related(
            "site__school", "column", "author", "cover"
        ),
        pk=pk,
    )


@login_required
def site_list_view(request: HttpRequest) -> HttpResponse:
    """The portals the user runs or writes for, and the schools that have none yet."""
    context = {
        "sites": selectors.site_list(actor=request.user),
        "missing": selectors.site_missing_schools(actor=request.user),
    }
    return render(request, "portal/site_list.html", context)


@login_required
@require_POST
def site_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the portal of a school the user manages."""
    school = get_object_or_404(selectors.site_missing_schools(actor=request.user), pk=pk)
    try:
        site = services.site_create(actor=request.user, school=school)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("portal_site:site_list")
    messages.success(request, _("The portal has been opened with the usual columns."))
    return redirect("portal_site:site_detail", pk=site.pk)


@login_required
def site_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The portal's articles by state (editors see all; writers their own and the published
    ones)."""
    site = _site_or_404(request, pk)
    state = request.GET.get("state", "")
    if state not in ArticleState.values:
        state = ""
    articles = selectors.article_list(actor=request.user, site=site, state=state)
    counts = selectors.article_state_counts(actor=request.user, site=site)
    context = {
        "site": site,
        "state": state,
        "tabs": [(value, label, counts[value]) for value, label in ArticleState.choices],
        "page": Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page")),
        "can_write": permissions.can(request.user, "portal.write", site),
        "can_manage": permissions.can(request.user, "portal.manage_site", site),
        "is_editor": selectors.site_is_editor(actor=request.user, site=site),
    }
    return render(request, "portal/site_detail.html", context)


@login_required
def site_settings_view(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request, pk)
    permissions.require(request.user, "portal.manage_site", site)
    initial = {f: getattr(site, f) for f in services.SITE_FIELDS}
    form = SiteForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_update(actor=request.user, site=site, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            _add_validation(form, error)
        else:
            messages.success(request, _("The portal's settings are saved."))
            return redirect("portal_site:site_detail", pk=site.pk)
    return render(request, "portal/site_settings.html", {"site": site, "form": form})


def _add_validation(form: forms.Form, error: ValidationError) -> None:
    """Show a model's field errors on the form, keeping what was typed."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def column_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The portal's columns, and the form to add one."""
    site = _site_or_404(request, pk)
    permissions.require(request.user, "portal.manage_site", site)
    form = ColumnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.column_create(actor=request.user, site=site, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The column has been added."))
            return redirect("portal_site:column_list", pk=site.pk)
    context = {"site": site, "columns": selectors.column_list(site=site), "form": form}
    return render(request, "portal/column_list.html", context)


@login_required
def column_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    column = get_object_or_404(
        Column.objects.visible_to(request.user).select_related("site"), pk=pk
    )
    site = column.site
    permissions.require(request.user, "portal.manage_site", site)
    initial = {
        "name": column.name,
        "kind": column.kind,
        "slug": column.slug,
        "position": column.position,
    }
    form = ColumnForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.column_update(actor=request.user, column=column, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The column has been saved."))
            return redirect("portal_site:column_list", pk=site.pk)
    return render(request, "portal/column_form.html", {"site": site, "form": form})


@login_required
def page_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request, pk)
    permissions.require(request.user, "portal.edit_site", site)
    context = {"site": site, "pages": selectors.page_list(actor=request.user, site=site)}
    return render(request, "portal/page_list.html", context)


def _page_form(request: HttpRequest, site: Site, page: Page | None) -> HttpResponse:
    initial = {}
    if page is not None:
        initial = {
            "title": page.title,
            "slug": page.slug,
            "body": page.body,
            "published": page.published,
        }
    form = PageForm(
        request.POST or None,
        initial=initial,
        upload_url=reverse("portal_site:file_upload", args=[site.pk]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.page_save(actor=request.user, site=site, page=page, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The page has been saved."))
            return redirect("portal_site:page_list", pk=site.pk)
    return render(request, "portal/page_form.html", {"site": site, "form": form, "page": page})


@login_required
def page_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request, pk)
    permissions.require(request.user, "portal.edit_site", site)
    return _page_form(request, site, None)


@login_required
def page_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    page = get_object_or_404(Page.objects.visible_to(request.user).select_related("site"), pk=pk)
    permissions.require(request.user, "portal.edit_site", page.site)
    return _page_form(request, page.site, page)


@login_required
def site_roles_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The portal's writers and editors; the school's admins add and remove them."""
    site = _site_or_404(request, pk)
    permissions.require(request.user, "portal.manage_site", site)
    form = SiteRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = selectors.site_staff_find(identifier=form.cleaned_data["identifier"])
        if user is None:
            form.add_error("identifier", _("No account has this education ID or e-mail."))
        else:
            try:
                services.site_role_save(
                    actor=request.user, site=site, user=user, role=form.cleaned_data["role"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The role has been given."))
                return redirect("portal_site:site_roles", pk=site.pk)
    context = {
        "site": site,
        "roles": selectors.site_role_list(actor=request.user, site=site),
        "form": form,
    }
    return render(request, "portal/site_roles.html", context)


@login_required
@require_POST
def site_role_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    site_role = get_object_or_404(
        SiteRole.objects.visible_to(request.user).select_related("site"), pk=pk
    )
    services.site_role_remove(actor=request.user, site_role=site_role)
    messages.success(request, _("The role has been removed."))
    return redirect("portal_site:site_roles", pk=site_role.site_id)


@login_required
@require_POST
def site_file_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an image for an article or page; answers JSON with the address to put in the
    text (`<img src="…">`), or the error."""
    site = _site_or_404(request, pk)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"code": "invalid", "message": _("Choose an image.")}, status=400)
    try:
        site_file = services.site_file_store(
            actor=request.user, site=site, upload=form.cleaned_data["image"]
        )
    except DomainError as error:
        return JsonResponse({"code": error.code, "message": str(error.message)}, status=400)
    return JsonResponse({"id": site_file.pk, "url": site_file.get_absolute_url()}, status=201)


def site_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An image of a portal: public once a published article or page shows it; otherwise only
    for the portal's writers and editors."""
    try:
        site_file = selectors.public_file_get(actor=request.user, pk=pk)
    except SiteFile.DoesNotExist:
        raise Http404 from None
    response = delivery.file_response(request, site_file.file, inline=True)
    if response.status_code in (200, 206):
        response["Cache-Control"] = "public, max-age=86400"
    return response


def _article_form(request: HttpRequest, site: Site, article: Article | None) -> ArticleForm:
    initial = {}
    if article is not None:
        initial = {
            "title": article.title,
            "column": article.column_id,
            "summary": article.summary,
            "body": article.body,
            "cover": article.cover_id,
            "share_with_bureau": article.share_with_bureau,
            "student_photos": article.student_photos,
        }
    return ArticleForm(
        request.POST or None,
        initial=initial,
        columns=selectors.column_list(site=site),
        images=selectors.site_image_list(actor=request.user, site=site),
        school_site=site.school_id is not None,
        upload_url=reverse("portal_site:file_upload", args=[site.pk]),
    )


@login_required
def article_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request, pk)
    permissions.require(request.user, "portal.write", site)
    form = _article_form(request, site, None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user, site=site, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            _add_validation(form, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("portal_site:article_edit", pk=article.pk)
    context = {"site": site, "form": form, "article": None, "upload": ImageUploadForm()}
    return render(request, "portal/article_form.html", context)


@login_required
def article_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An article's form, its state and the buttons of the workflow the user may use."""
    article = _article_or_404(request, pk)
    site = article.site
    can_edit = permissions.can(request.user, "portal.edit_article", article)
    form = _article_form(request, site, article)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.article_update(actor=request.user, article=article, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            except ValidationError as error:
                _add_validation(form, error)
            else:
                messages.success(request, _("The article has been saved."))
                return redirect("portal_site:article_edit", pk=article.pk)
    context = {
        "site": site,
        "article": article,
        "form": form if can_edit else None,
        "upload": ImageUploadForm(),
        "can_publish": permissions.can(request.user, "portal.publish", article),
        "return_form": ReturnForm(),
        "publish_form": PublishForm(),
    }
    return render(request, "portal/article_form.html", context)


def _act(
    request: HttpRequest, article: Article, done: str, action: Any, **kwargs: Any
) -> HttpResponse:
    try:
        action(actor=request.user, article=article, **kwargs)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect("portal_site:article_edit", pk=article.pk)


@login_required
@require_POST
def article_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    return _act(
        request, article, _("The article has been sent to the editors."), services.article_submit
    )


@login_required
@require_POST
def article_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    permissions.require(request.user, "portal.publish", article)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the writer what to change before returning it."))
        return redirect("portal_site:article_edit", pk=article.pk)
    return _act(
        request,
        article,
        _("The article has been returned to its writer."),
        services.article_return,
        comment=form.cleaned_data["comment"],
    )


@login_required
@require_POST
def article_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    permissions.require(request.user, "portal.publish", article)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date and time."))
        return redirect("portal_site:article_edit", pk=article.pk)
    publish_at = form.cleaned_data["publish_at"]
    done = (
        _("The article is scheduled.")
        if publish_at is not None and publish_at > timezone.now()
        else _("The article is published.")
    )
    return _act(request, article, done, services.article_publish, publish_at=publish_at)


@login_required
@require_POST
def article_unpublish_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    return _act(
        request, article, _("The article is no longer published."), services.article_unpublish
    )
