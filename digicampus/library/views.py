"""Library pages: search, upload, a resource with its versions and review, the review queue,
quotas, the textbook catalogue, and the photo library. Files are delivered here after the
permission check, with range requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.core.htmx import render_page_or_fragment
from digicampus.core.rendered import rendered_rows
from digicampus.library import delivery, selectors, services
from digicampus.library.choices import ResourceType
from digicampus.library.forms import (
    AlbumForm,
    ChapterForm,
    PhotoForm,
    PhotoUploadForm,
    QuotaForm,
    RatingForm,
    ResourceCreateForm,
    ResourceForm,
    ResourceSearchForm,
    ReviewForm,
    SeriesForm,
    VersionForm,
)
from digicampus.library.models import Album, Photo, Resource, ResourceVersion, UploadSession
from digicampus.org.models import Bureau
from digicampus.safety.choices import Moderation


def _resource_or_404(request: HttpRequest, pk: int) -> Resource:
    try:
        return selectors.resource_get(actor=request.user, pk=pk)
    except Resource.DoesNotExist as missing:
        raise Http404 from missing


def _chapters(request: HttpRequest) -> Any:
    bureau_id = selectors.home_bureau_id(actor=request.user)
    return selectors.chapter_choices(bureau_id=bureau_id or 0)


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _resource_rows(resources: list[Resource]) -> list[SafeString]:
    """The lines of a list of resources, each rendered once per change (`core.rendered`)."""
    values = [
        (
            r.pk,
            r.title,
            r.featured,
            r.resource_type,
            r.subject,
            r.grade,
            str(r.chapter) if r.chapter_id else "",
            r.school.name,
            r.scope,
            r.review_state,
            r.rating,
        )
        for r in resources
    ]
    return rendered_rows(
        "library/partials/resource_row.html",
        values,
        lambda positions: [{"resource": resources[i]} for i in positions],
    )


def library_home_view(request: HttpRequest) -> HttpResponse:
    """Search: words in any of the three languages and filters; anyone reaches public
    resources without signing in. An HTMX request gets the results only."""
    form = ResourceSearchForm(request.GET or None, chapters=_chapters(request))
    text, filters, page = "", {}, 1
    if form.is_valid():
        text = form.cleaned_data["q"]
        filters = form.filters()
        page = form.cleaned_data.get("page") or 1
    if filters.get("mine") or not text.strip():
        resources = list(selectors.resource_list(actor=request.user, filters=filters)[:60])
        results = selectors.SearchPage(resources, 1, False)
    else:
        results = selectors.resource_search(
            actor=request.user, text=text, filters=filters, page=page
        )
    context: dict[str, Any] = {
        "form": form,
        "results": results,
        "rows": _resource_rows(results.resources),
        "text": text,
    }
    if request.user.is_authenticated and not getattr(request, "htmx", False):
        context["upload_schools"] = selectors.upload_schools(actor=request.user)
        context["reviews_waiting"] = selectors.review_queue(actor=request.user).count()
        context["bureau_id"] = selectors.home_bureau_id(actor=request.user)
    return render_page_or_fragment(
        request, "library/library_home.html", "library/partials/resource_results.html", context
    )


@login_required
def resource_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a resource to a school's library. A large video arrives first in chunks through
    the API; the form then carries the finished upload's id."""
    school = get_object_or_404(selectors.upload_schools(actor=request.user), pk=pk)
    form = ResourceCreateForm(
        request.POST or None, request.FILES or None, chapters=_chapters(request)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload: Any = data.pop("file")
        session_id = data.pop("upload")
        try:
            if session_id:
                upload = selectors.upload_session_get(actor=request.user, pk=session_id)
            resource = services.resource_create(
                actor=request.user, school=school, upload=upload, **data
            )
        except UploadSession.DoesNotExist:
            form.add_error("file", _("The upload was not found; please choose the file again."))
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            _tell(request, resource)
            return redirect(resource)
    return render(request, "library/resource_form.html", {"form": form, "school": school})


def _tell(request: HttpRequest, resource: Resource) -> None:
    if resource.moderation == Moderation.HELD:
        messages.warning(
            request, _("Your resource is waiting for a check by the school's safety team.")
        )
    elif resource.moderation == Moderation.DELETED:
        messages.error(
            request, _("Your resource was not published: it contains words that are not allowed.")
        )
    elif resource.review_state in ("school", "bureau"):
        messages.success(request, _("Uploaded. It will be shared once reviewed."))
    else:
        messages.success(request, _("Uploaded."))


def resource_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    services.resource_count(resource=resource, field="view_count")
    user = request.user
    context = {
        "resource": resource,
        "versions": selectors.resource_versions(actor=user, resource=resource),
        "reviews": selectors.resource_reviews(actor=user, resource=resource),
        "can_edit": permissions.can(user, "library.edit", resource),
        "can_review": permissions.can(user, "library.review", resource),
        "can_feature": permissions.can(user, "library.feature", resource),
        "can_rate": permissions.can(user, "library.rate", resource),
        "review_form": ReviewForm(),
        "rating_form": RatingForm(),
        "version_form": VersionForm(),
    }
    return render(request, "library/resource_detail.html", context)


@login_required
def resource_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    if not permissions.can(request.user, "library.edit", resource):
        raise PermissionDenied
    initial = {f: getattr(resource, f) for f in services.RESOURCE_FIELDS}
    form = ResourceForm(request.POST or None, initial=initial, chapters=_chapters(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(actor=request.user, resource=resource, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(resource)
    return render(request, "library/resource_form.html", {"form": form, "resource": resource})


def resource_download_view(
    request: HttpRequest, pk: int, number: int | None = None
) -> HttpResponse:
    """The file of the current (or a given) version; `?inline=1` shows it in the browser (the
    video player); range requests answer 206."""
    resource = _resource_or_404(request, pk)
    try:
        stored = selectors.version_file(actor=request.user, resource=resource, number=number)
    except ResourceVersion.DoesNotExist as missing:
        raise Http404 from missing
    inline = request.GET.get("inline") == "1"
    # A player asks for many ranges (and the start more than once); the page view counts it.
    if not inline and delivery.is_first_request(request) and request.method == "GET":
        services.resource_count(resource=resource, field="download_count")
    return delivery.file_response(request, stored, inline=inline)


def resource_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    version = resource.current_version
    if version is None or version.preview is None:
        raise Http404
    return delivery.file_response(request, version.preview, inline=True)


@login_required
@require_POST
def resource_version_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.resource_version_add(
                actor=request.user,
                resource=resource,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The new version is uploaded; earlier ones are kept."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(resource)


@login_required
@require_POST
def resource_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(resource)
    try:
        services.resource_review(actor=request.user, resource=resource, **form.cleaned_data)
        messages.success(request, _("Your decision is recorded and the author is told."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(resource)


@login_required
@require_POST
def resource_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    try:
        services.resource_submit(actor=request.user, resource=resource)
        messages.success(request, _("Sent for review again."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(resource)


@login_required
@require_POST
def resource_feature_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    services.resource_feature(
        actor=request.user, resource=resource, featured=request.POST.get("featured") == "1"
    )
    return redirect(resource)


@login_required
@require_POST
def resource_rate_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.resource_rate(
            actor=request.user, resource=resource, stars=form.cleaned_data["stars"]
        )
        messages.success(request, _("Thank you for your rating."))
    return redirect(resource)


@login_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/review_queue.html",
        {"resources": selectors.review_queue(actor=request.user)},
    )


# ---------------------------------------------------------------- quotas and catalogue


def _bureau_or_404(request: HttpRequest, pk: int) -> Bureau:
    if not selectors.bureau_schools(actor=request.user, bureau_id=pk).exists():
        raise Http404
    return get_object_or_404(Bureau, pk=pk)


@login_required
def quota_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Each school's progress against the year's quotas (a school's staff see their own
    school; the bureau every school)."""
    bureau = _bureau_or_404(request, pk)
    years = selectors.quota_years(bureau_id=bureau.pk)
    year = request.GET.get("year") or None
    quotas = selectors.current_quotas(bureau_id=bureau.pk, year_name=year)
    schools = list(selectors.bureau_schools(actor=request.user, bureau_id=bureau.pk))
    rows = selectors.quota_progress(schools=schools, quotas=quotas)
    storage = selectors.storage_by_school([s.pk for s in schools])
    context = {
        "bureau": bureau,
        "years": years,
        "quotas": quotas,
        "rows": [(row, storage.get(row.school.pk, 0)) for row in rows],
        "can_manage": permissions.can(request.user, "library.manage_quotas", bureau),
        "type_labels": dict(ResourceType.choices),
    }
    return render(request, "library/quota_progress.html", context)


@login_required
def quota_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    bureau = _bureau_or_404(request, pk)
    if not permissions.can(request.user, "library.manage_quotas", bureau):
        raise PermissionDenied
    initial = {f"target_{k}": v for k, v in services.DEFAULT_QUOTAS.items()}
    form = QuotaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_year_set(
                actor=request.user,
                bureau=bureau,
                year_name=form.cleaned_data["year_name"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                targets=form.targets(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The upload quotas are saved."))
            return redirect("library:quota_progress", pk=bureau.pk)
    return render(request, "library/quota_form.html", {"form": form, "bureau": bureau})


@login_required
def catalogue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The district's textbook series and chapters; the bureau adds to them."""
    bureau = _bureau_or_404(request, pk)
    can_manage = permissions.can(request.user, "library.manage_catalogue", bureau)
    series = selectors.catalogue(bureau_id=bureau.pk)
    series_form = SeriesForm(request.POST if "add_series" in request.POST else None)
    chapter_form = ChapterForm(
        request.POST if "add_chapter" in request.POST else None, series=series
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = series_form if "add_series" in request.POST else chapter_form
        if form.is_valid():
            try:
                if form is series_form:
                    services.series_create(actor=request.user, bureau=bureau, **form.cleaned_data)
                else:
                    services.chapter_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Added to the catalogue."))
                return redirect("library:catalogue", pk=bureau.pk)
    context = {
        "bureau": bureau,
        "series": series,
        "can_manage": can_manage,
        "series_form": series_form,
        "chapter_form": chapter_form,
    }
    return render(request, "library/catalogue.html", context)


# ---------------------------------------------------------------- photo library


def album_list_view(request: HttpRequest) -> HttpResponse:
    context = {
        "albums": selectors.album_list(actor=request.user)[:100],
        "schools": selectors.upload_schools(actor=request.user)
        if request.user.is_authenticated
        else [],
    }
    return render(request, "library/album_list.html", context)


@login_required
def album_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(selectors.upload_schools(actor=request.user), pk=pk)
    form = AlbumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            album = services.album_create(actor=request.user, school=school, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("scope", _("Only the school's admins share an album beyond the school."))
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect(album)
    return render(request, "library/album_form.html", {"form": form, "school": school})


def _album_or_404(request: HttpRequest, pk: int) -> Album:
    try:
        return selectors.album_get(actor=request.user, pk=pk)
    except Album.DoesNotExist as missing:
        raise Http404 from missing


def album_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    album = _album_or_404(request, pk)
    can_edit = permissions.can(request.user, "library.edit_album", album)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                photos = services.photos_add(
                    actor=request.user,
                    album=album,
                    uploads=form.cleaned_data["files"],
                    caption=form.cleaned_data["caption"],
                    shows_students=form.cleaned_data["shows_students"],
                    consent_recorded=form.cleaned_data["consent_recorded"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s photo added.", "%(count)s photos added.", len(photos))
                    % {"count": len(photos)},
                )
                return redirect(album)
    context = {
        "album": album,
        "photos": selectors.album_photos(actor=request.user, album=album),
        "can_edit": can_edit,
        "form": form,
    }
    return render(request, "library/album_detail.html", context)


def photo_file_view(request: HttpRequest, pk: int, size: str = "full") -> HttpResponse:
    try:
        photo = selectors.photo_get(actor=request.user, pk=pk)
    except Photo.DoesNotExist as missing:
        raise Http404 from missing
    stored = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.file
    return delivery.file_response(request, stored, inline=True)


@login_required
@require_POST
def photo_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        photo = selectors.photo_get(actor=request.user, pk=pk)
    except Photo.DoesNotExist as missing:
        raise Http404 from missing
    form = PhotoForm(request.POST)
    if form.is_valid():
        services.photo_update(actor=request.user, photo=photo, **form.cleaned_data)
        messages.success(request, _("Saved."))
    return redirect(photo.album)
