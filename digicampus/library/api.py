"""API of the library: search, a resource, upload (in one request, or in chunks for large
videos), review, ratings, featuring, and quota progress. Files are downloaded from the
`download_url` of a resource, which checks permissions and serves range requests.

The same selectors and services as the pages."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from digicampus.library import selectors, services
from digicampus.library.choices import ShareScope
from digicampus.library.models import Resource, ResourceVersion, ReviewStep, UploadSession

router = Router(tags=["library"])


class ResourceOut(Schema):
    id: int
    title: str
    description: str
    resource_type: str
    subject: str
    grade: int | None
    chapter_id: int | None
    language: str
    licence: str
    credit: str
    tags: str
    school_id: int
    school_name: str
    author_name: str
    scope: str = Field(description="private, school, district or public.")
    review_state: str = Field(
        description="not_needed, school, bureau (waiting), approved, returned or rejected."
    )
    moderation: str
    featured: bool
    rating: float | None
    rating_count: int
    view_count: int
    download_count: int
    version: int | None
    file_kind: str | None
    file_size: int | None
    download_url: str | None = Field(description="Permission-checked; supports Range.")
    created_at: datetime

    @staticmethod
    def resolve_school_name(resource: Resource) -> str:
        return resource.school.name

    @staticmethod
    def resolve_author_name(resource: Resource) -> str:
        return resource.author.full_name

    @staticmethod
    def resolve_version(resource: Resource) -> int | None:
        return resource.current_version.number if resource.current_version else None

    @staticmethod
    def resolve_file_kind(resource: Resource) -> str | None:
        return resource.current_version.file.kind if resource.current_version else None

    @staticmethod
    def resolve_file_size(resource: Resource) -> int | None:
        return resource.current_version.file.size if resource.current_version else None

    @staticmethod
    def resolve_download_url(resource: Resource) -> str | None:
        if resource.current_version is None:
            return None
        return reverse("library:resource_download", args=[resource.pk])


class ResourceFilter(Schema):
    q: str = Field("", description="Words in Vietnamese (diacritics optional), Chinese or English.")
    resource_type: str | None = None
    subject: str | None = None
    grade: int | None = None
    chapter: int | None = None
    school: int | None = None
    scope: str | None = None
    featured: bool = False
    page: int = Field(1, ge=1)


class ResourcePage(Schema):
    items: list[ResourceOut]
    page: int
    has_next: bool


class ResourceIn(Schema):
    title: str
    description: str = ""
    resource_type: str
    subject: str
    grade: int | None = None
    chapter: int | None = None
    language: str = "vi"
    licence: str = "cc_by"
    credit: str = ""
    tags: str = ""
    scope: str = ShareScope.SCHOOL
    upload: int | None = Field(None, description="A finished chunked upload, instead of a file.")


class ReviewIn(Schema):
    decision: str = Field(description="approve, return or reject.")
    comment: str = ""


class RatingIn(Schema):
    stars: int = Field(ge=1, le=5)


class UploadIn(Schema):
    school: int
    file_name: str
    total_size: int = Field(gt=0)


class UploadOut(Schema):
    id: int
    file_name: str
    total_size: int
    received: int
    state: str


class QuotaCell(Schema):
    resource_type: str
    done: int
    target: int


class QuotaRowOut(Schema):
    school_id: int
    school_name: str
    percent: float
    cells: list[QuotaCell]


def _search(request: HttpRequest, filters: ResourceFilter) -> ResourcePage:
    data = filters.dict()
    text, page = data.pop("q"), data.pop("page")
    if not text.strip():
        items = list(selectors.resource_list(actor=request.user, filters=data, full=True)[:20])
        return ResourcePage(items=items, page=1, has_next=False)  # type: ignore[arg-type]
    found = selectors.resource_search(
        actor=request.user, text=text, filters=data, page=page, full=True
    )
    return ResourcePage(items=found.resources, page=found.page, has_next=found.has_next)  # type: ignore[arg-type]


@router.get("/resources", response=ResourcePage)
def resource_search(request: HttpRequest, filters: Query[ResourceFilter]) -> ResourcePage:
    """Resources the user may read, ranked by the words, narrowed by the filters."""
    return _search(request, filters)


@router.get("/public/resources", response=ResourcePage, auth=None)
def public_resource_search(request: HttpRequest, filters: Query[ResourceFilter]) -> ResourcePage:
    """Public resources, without signing in."""
    return _search(request, filters)


@router.get("/resources/{resource_id}", response=ResourceOut, auth=None)
def resource_detail(request: HttpRequest, resource_id: int) -> Resource:
    """One resource (public ones without signing in)."""
    return selectors.resource_get(actor=request.user, pk=resource_id)


@router.post("/resources", response=ResourceOut, url_name="library_resource_create")
def resource_create(
    request: HttpRequest,
    school: Form[int],
    data: Form[ResourceIn],
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja declares optional files so
) -> Resource:
    """Upload a resource with a file, or with a finished chunked upload (`upload`)."""
    target = get_object_or_404(selectors.upload_schools(actor=request.user), pk=school)
    fields = data.dict()
    session_id = fields.pop("upload")
    chapter_id = fields.pop("chapter")
    if chapter_id:
        fields["chapter"] = get_object_or_404(
            selectors.chapter_choices(bureau_id=target.bureau_id), pk=chapter_id
        )
    upload: object = file
    if session_id:
        upload = selectors.upload_session_get(actor=request.user, pk=session_id)
    if upload is None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        raise ValidationError({"file": [gettext("Choose a file to upload.")]})
    resource = services.resource_create(actor=request.user, school=target, upload=upload, **fields)
    return selectors.resource_get(actor=request.user, pk=resource.pk)


class VersionOut(Schema):
    number: int
    file_name: str
    file_kind: str
    file_size: int
    note: str
    created_at: datetime
    download_url: str

    @staticmethod
    def resolve_file_name(version: ResourceVersion) -> str:
        return version.file.original_name

    @staticmethod
    def resolve_file_kind(version: ResourceVersion) -> str:
        return version.file.kind

    @staticmethod
    def resolve_file_size(version: ResourceVersion) -> int:
        return version.file.size

    @staticmethod
    def resolve_download_url(version: ResourceVersion) -> str:
        return reverse("library:version_download", args=[version.resource_id, version.number])


class ReviewStepOut(Schema):
    level: str
    decision: str
    comment: str
    created_at: datetime


class MyRatingOut(Schema):
    stars: int | None


@router.get("/resources/{resource_id}/versions", response=list[VersionOut], auth=None)
def version_list(request: HttpRequest, resource_id: int) -> list[ResourceVersion]:
    """Every version of a resource, newest first."""
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    return list(selectors.resource_versions(actor=request.user, resource=resource))


@router.post("/resources/{resource_id}/versions", response=ResourceOut)
def version_add(
    request: HttpRequest, resource_id: int, file: File[UploadedFile], note: Form[str] = ""
) -> Resource:
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    services.resource_version_add(actor=request.user, resource=resource, upload=file, note=note)
    return selectors.resource_get(actor=request.user, pk=resource_id)


@router.get("/resources/{resource_id}/review", response=list[ReviewStepOut])
def review_history(request: HttpRequest, resource_id: int) -> list[ReviewStep]:
    """The review decisions on a resource (its author and its reviewers)."""
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    return list(selectors.resource_reviews(actor=request.user, resource=resource))


@router.post("/resources/{resource_id}/review", response=ResourceOut)
def resource_review(request: HttpRequest, resource_id: int, data: ReviewIn) -> Resource:
    """Approve, return with a comment, or reject a resource waiting for your review."""
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    services.resource_review(
        actor=request.user, resource=resource, decision=data.decision, comment=data.comment
    )
    return selectors.resource_get(actor=request.user, pk=resource_id)


@router.get("/resources/{resource_id}/rating", response=MyRatingOut)
def my_rating(request: HttpRequest, resource_id: int) -> MyRatingOut:
    """The stars the user gave the resource, if any."""
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    return MyRatingOut(stars=selectors.my_rating(actor=request.user, resource=resource))


@router.post("/resources/{resource_id}/rating", response=ResourceOut)
def resource_rate(request: HttpRequest, resource_id: int, data: RatingIn) -> Resource:
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    services.resource_rate(actor=request.user, resource=resource, stars=data.stars)
    return selectors.resource_get(actor=request.user, pk=resource_id)


@router.post("/resources/{resource_id}/feature", response=ResourceOut)
def resource_feature(request: HttpRequest, resource_id: int, featured: bool = True) -> Resource:
    """Mark the resource featured, or (`featured=false`) take the mark away."""
    resource = selectors.resource_get(actor=request.user, pk=resource_id)
    services.resource_feature(actor=request.user, resource=resource, featured=featured)
    return selectors.resource_get(actor=request.user, pk=resource_id)


@router.get("/reviews", response=list[ResourceOut])
def review_queue(request: HttpRequest) -> list[Resource]:
    """Resources waiting for the user's review."""
    return list(
        selectors.review_queue(actor=request.user).select_related(
            "author", "current_version__file"
        )[:100]
    )


@router.post("/uploads", response=UploadOut, url_name="library_upload_start")
def upload_start(request: HttpRequest, data: UploadIn) -> UploadSession:
    """Start a chunked upload; send the chunks in order, then create the resource with
    `upload` set to this id."""
    school = get_object_or_404(selectors.upload_schools(actor=request.user), pk=data.school)
    return services.upload_session_start(
        actor=request.user, school=school, file_name=data.file_name, total_size=data.total_size
    )


@router.get("/uploads/{upload_id}", response=UploadOut)
def upload_state(request: HttpRequest, upload_id: int) -> UploadSession:
    """How much has arrived: a client resumes from `received`."""
    return selectors.upload_session_get(actor=request.user, pk=upload_id)


@router.post("/uploads/{upload_id}", response=UploadOut)
def upload_chunk(request: HttpRequest, upload_id: int, offset: int) -> UploadSession:
    """One chunk (at most 16 MB) as the raw request body, at `offset`; 409 with the expected
    offset when it does not follow what was received."""
    session = selectors.upload_session_get(actor=request.user, pk=upload_id)
    return services.upload_session_append(
        actor=request.user, session=session, offset=offset, chunk=request
    )


@router.get("/quotas/{bureau_id}", response=list[QuotaRowOut])
def quota_progress(
    request: HttpRequest, bureau_id: int, year: str | None = None
) -> list[QuotaRowOut]:
    """Each school's progress against the year's upload quotas (the bureau sees all its
    schools, a school's staff their own)."""
    schools = list(selectors.bureau_schools(actor=request.user, bureau_id=bureau_id))
    if not schools:
        raise Http404
    quotas = selectors.current_quotas(bureau_id=bureau_id, year_name=year)
    return [
        QuotaRowOut(
            school_id=row.school.pk,
            school_name=row.school.name,
            percent=row.percent,
            cells=[QuotaCell(resource_type=t, done=d, target=g) for t, d, g in row.cells],
        )
        for row in selectors.quota_progress(schools=schools, quotas=quotas)
    ]
