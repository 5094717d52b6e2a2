"""Reads of the library: lists, search, review queues, quota progress and storage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership
from digicampus.core.permissions import scope_of
from digicampus.library.choices import (
    ReviewLevel,
    ReviewState,
    ShareScope,
)
from digicampus.library.models import (
    Album,
    Chapter,
    Photo,
    Quota,
    Rating,
    Resource,
    ResourceVersion,
    ReviewStep,
    StoredFile,
    TextbookSeries,
    UploadSession,
)
from digicampus.library.search import FILTERS, resource_hits
from digicampus.org.models import School
from digicampus.safety.choices import Moderation

PAGE_SIZE = 20


def _with_related(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    return resources.select_related(
        "school", "author", "chapter__series", "current_version__file", "current_version__preview"
    )


def _for_rows(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """What a row of a list shows: its school and chapter."""
    return resources.select_related("school", "chapter")


def resource_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None, full: bool = False
) -> QuerySet[Resource]:
    """Resources the actor may read, newest first, narrowed by the filters (type, subject,
    grade, chapter, school, scope, featured, mine); `full` also fetches author and file (for
    the API)."""
    resources = Resource.objects.visible_to(actor)
    for name, value in (filters or {}).items():
        if value in (None, "", []):
            continue
        if name in FILTERS:
            field = {"chapter": "chapter_id", "school": "school_id"}.get(name, name)
            resources = resources.filter(**{field: value})
        elif name == "featured":
            resources = resources.filter(featured=True)
        elif name == "mine":
            resources = resources.filter(author_id=actor.pk)
    return (_with_related if full else _for_rows)(resources).order_by("-featured", "-created_at")


@dataclass(frozen=True)
class SearchPage:
    """One page of ranked search results; `has_next` when another page may follow."""

    resources: list[Resource]
    page: int
    has_next: bool


def resource_search(
    *,
    actor: Any,
    text: str,
    filters: Mapping[str, Any] | None = None,
    page: int = 1,
    full: bool = False,
) -> SearchPage:
    """Ranked resources the actor may read matching the words (Vietnamese with or without
    diacritics, Chinese substrings, English words) and filters; a page at a time."""
    page = max(1, page)
    hits = resource_hits(
        actor=actor,
        text=text,
        filters=filters or {},
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    ids = [hit.object_id for hit in hits[:PAGE_SIZE]]
    # The index already respects permissions; reading through visible_to keeps it honest.
    rows = (_with_related if full else _for_rows)(Resource.objects.visible_to(actor))
    found = {r.pk: r for r in rows.filter(pk__in=ids)}
    return SearchPage([found[i] for i in ids if i in found], page, len(hits) > PAGE_SIZE)


def resource_get(*, actor: Any, pk: int) -> Resource:
    """One resource the actor may read (Resource.DoesNotExist otherwise, a 404 for pages)."""
    return _with_related(Resource.objects.visible_to(actor)).get(pk=pk)


def resource_versions(*, actor: Any, resource: Resource) -> QuerySet[ResourceVersion]:
    return (
        ResourceVersion.objects.visible_to(actor)
        .filter(resource=resource)
        .select_related("file", "uploaded_by")
        .order_by("-number")
    )


def resource_reviews(*, actor: Any, resource: Resource) -> QuerySet[ReviewStep]:
    return (
        ReviewStep.objects.visible_to(actor)
        .filter(resource=resource)
        .select_related("reviewer")
        .order_by("created_at")
    )


def version_file(*, actor: Any, resource: Resource, number: int | None = None) -> StoredFile:
    """The file of a version (the current one by default) of a resource the actor reads."""
    if number is None:
        if resource.current_version is None:
            raise ResourceVersion.DoesNotExist
        return resource.current_version.file
    version = resource_versions(actor=actor, resource=resource).get(number=number)
    return version.file


def my_rating(*, actor: Any, resource: Resource) -> int | None:
    """The stars the actor gave a resource, if any."""
    return (
        Rating.objects.visible_to(actor)
        .filter(resource=resource)
        .values_list("stars", flat=True)
        .first()
    )


def review_queue(*, actor: Any) -> QuerySet[Resource]:
    """Resources waiting for the actor's decision: the school's reviewers see their schools'
    first step, the bureau the second."""
    scope = scope_of(actor)
    school_step = Q(
        review_state=ReviewState.SCHOOL,
        school_id__in=scope.admin_school_ids | scope.reviewer_school_ids,
    )
    bureau_step = Q(review_state=ReviewState.BUREAU, school_id__in=scope.bureau_school_ids)
    if scope.is_superuser:
        school_step = Q(review_state__in=[ReviewState.SCHOOL, ReviewState.BUREAU])
    return (
        _for_rows(Resource.objects.visible_to(actor))
        .filter(school_step | bureau_step)
        .exclude(author_id=actor.pk)
        .order_by("updated_at")
    )


def reviewer_ids(*, school: School, level: str) -> list[int]:
    """Who decides at a level: the school's admins and expert reviewers, or the bureau's
    admins."""
    if level == ReviewLevel.SCHOOL:
        rows = Membership.objects.filter(
            Q(role=Role.SCHOOL_ADMIN) | Q(role=Role.EXPERT_REVIEWER), school=school
        )
    else:
        rows = Membership.objects.filter(role=Role.BUREAU_ADMIN, bureau_id=school.bureau_id)
    return list(rows.values_list("user_id", flat=True).distinct())


def catalogue(*, bureau_id: int) -> QuerySet[TextbookSeries]:
    """The bureau's textbook series with their chapters."""
    return (
        TextbookSeries.objects.filter(bureau_id=bureau_id)
        .prefetch_related("chapters")
        .order_by("subject", "grade", "name")
    )


def chapter_choices(*, bureau_id: int) -> QuerySet[Chapter]:
    return (
        Chapter.objects.filter(series__bureau_id=bureau_id)
        .select_related("series")
        .order_by("series__subject", "series__grade", "series__name", "number")
    )


def upload_session_get(*, actor: Any, pk: int) -> UploadSession:
    return UploadSession.objects.visible_to(actor).get(pk=pk)


# ---------------------------------------------------------------- quotas


def counted_resources(
    school_ids: Sequence[int], starts_on: date, ends_on: date
) -> QuerySet[Resource]:
    """Resources that count towards a quota: shared at least with the school, published, not
    rejected, uploaded within the year."""
    return Resource.objects.filter(
        school_id__in=school_ids,
        created_at__date__gte=starts_on,
        created_at__date__lte=ends_on,
        moderation=Moderation.PUBLISHED,
    ).exclude(Q(scope=ShareScope.PRIVATE) | Q(review_state=ReviewState.REJECTED))


def quota_years(*, bureau_id: int) -> list[str]:
    return list(
        Quota.objects.filter(bureau_id=bureau_id)
        .order_by("-starts_on")
        .values_list("year_name", flat=True)
        .distinct()
    )


def current_quotas(*, bureau_id: int, year_name: str | None = None) -> list[Quota]:
    """The quotas of a year (by default the year under way, else the latest)."""
    quotas = Quota.objects.filter(bureau_id=bureau_id)
    if year_name:
        return list(quotas.filter(year_name=year_name).order_by("resource_type"))
    today = timezone.localdate()
    running = quotas.filter(starts_on__lte=today, ends_on__gte=today)
    chosen = running.first() or quotas.order_by("-starts_on").first()
    if chosen is None:
        return []
    return list(quotas.filter(year_name=chosen.year_name).order_by("resource_type"))


@dataclass(frozen=True)
class QuotaRow:
    """One school's progress: per type (done, target), and overall percent."""

    school: School
    cells: list[tuple[str, int, int]]
    percent: float


def quota_progress(*, schools: Sequence[School], quotas: Sequence[Quota]) -> list[QuotaRow]:
    """Progress of each school against the year's quotas, in one query."""
    if not quotas or not schools:
        return [QuotaRow(s, [], 0.0) for s in schools]
    first = quotas[0]
    counts: dict[tuple[int, str], int] = {}
    rows = (
        counted_resources([s.pk for s in schools], first.starts_on, first.ends_on)
        .values("school_id", "resource_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[(row["school_id"], row["resource_type"])] = row["n"]
    result = []
    for school in schools:
        cells = [
            (q.resource_type, counts.get((school.pk, q.resource_type), 0), q.target) for q in quotas
        ]
        target = sum(t for _, _, t in cells)
        done = sum(min(d, t) for _, d, t in cells)
        result.append(QuotaRow(school, cells, round(100.0 * done / target, 1) if target else 0.0))
    return result


def storage_by_school(school_ids: Sequence[int]) -> dict[int, int]:
    """Bytes stored per school."""
    from django.db.models import Sum

    rows = (
        StoredFile.objects.filter(school_id__in=school_ids)
        .values("school_id")
        .annotate(total=Sum("size"))
        .order_by()
    )
    return {row["school_id"]: int(row["total"] or 0) for row in rows}


# ---------------------------------------------------------------- photo library


def album_list(*, actor: Any, school_id: int | None = None) -> QuerySet[Album]:
    albums = Album.objects.visible_to(actor).select_related("school")
    if school_id:
        albums = albums.filter(school_id=school_id)
    return albums.annotate(photo_count=Count("photos")).order_by("-event_date", "-pk")


def album_get(*, actor: Any, pk: int) -> Album:
    return Album.objects.visible_to(actor).select_related("school").get(pk=pk)


def album_photos(*, actor: Any, album: Album) -> QuerySet[Photo]:
    """The album's photos the actor may see: outside the school, only those without students
    or with consent recorded."""
    return (
        Photo.objects.visible_to(actor)
        .filter(album=album)
        .select_related("file", "thumbnail")
        .order_by("taken_on", "pk")
    )


def photo_get(*, actor: Any, pk: int) -> Photo:
    return Photo.objects.visible_to(actor).select_related("album", "file", "thumbnail").get(pk=pk)


def upload_schools(*, actor: Any) -> QuerySet[School]:
    """Schools whose library the actor may upload to (or keep albums of)."""
    return School.objects.filter(pk__in=scope_of(actor).staff_school_ids).order_by("name")


def home_bureau_id(*, actor: Any) -> int | None:
    """The district whose catalogue and quotas the actor works with."""
    scope = scope_of(actor)
    if scope.bureau_ids:
        return min(scope.bureau_ids)
    schools = scope.staff_school_ids | scope.reviewer_school_ids
    if not schools:
        return None
    return School.objects.filter(pk__in=schools).values_list("bureau_id", flat=True).first()


def bureau_schools(*, actor: Any, bureau_id: int) -> QuerySet[School]:
    """The district's schools whose quota progress the actor may see."""
    scope = scope_of(actor)
    schools = School.objects.filter(bureau_id=bureau_id).order_by("name")
    if scope.is_superuser or bureau_id in scope.bureau_ids:
        return schools
    return schools.filter(pk__in=scope.staff_school_ids)
