"""Who may see and do what in the library.

Stored files are reached through the object that uses them; directly only by their owner and
the managers of their school.

A resource is always seen by its author. Shared with the school, it is seen by the school's
staff (admins, teachers, collaborators, reviewers, and the bureau through its grant); students
and parents meet resources through their classes' spaces, not the staff library. Shared with
the district or the public, it reaches other schools' staff, or everyone without signing in,
only once approved by the school (and, beyond the school, by the bureau) and while published.
While it waits, it is seen as a school resource. A private resource is seen by its author only.
The school's safety team sees held content of the school that is not private.

The same decision is written twice, side by side: as a queryset filter (`visible_to`) and as
search keys (`resource_keys` for the row, `reader_keys` for the reader), so search results
never include a row the page would refuse.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility, scope_of
from digicampus.library.choices import BEYOND_SCHOOL, ReviewState, ShareScope
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
    photo_leaves_school_q,
    public_album_q,
    public_resource_q,
)
from digicampus.org.models import Bureau, School
from digicampus.safety.choices import Moderation
from digicampus.safety.rules import team_school_ids


@register_visibility(StoredFile)
def _files(user: Any, scope: Scope) -> Q:
    return Q(owner_id=user.pk) | Q(school_id__in=scope.managed_school_ids)


def library_school_ids(scope: Scope) -> frozenset[int]:
    """Schools whose staff library the user reads."""
    return scope.staff_school_ids | scope.reviewer_school_ids


def library_bureau_ids(scope: Scope) -> set[int]:
    """Districts whose shared resources the user reads: the bureau's own staff, and the staff
    of its schools. Worked out once per Scope object (one per user and request)."""
    cached = _bureaus_of.get(id(scope))
    if cached is not None and cached[0] is scope:
        return set(cached[1])
    ids = set(scope.bureau_ids)
    schools = library_school_ids(scope)
    if schools:
        ids |= set(School.objects.filter(pk__in=schools).values_list("bureau_id", flat=True))
    if len(_bureaus_of) > 1000:
        _bureaus_of.clear()
    _bureaus_of[id(scope)] = (scope, frozenset(ids))
    return ids


# Keyed by the Scope object itself (kept alive in the value, so its id is not reused while
# cached); a new request computes a new Scope and therefore asks the database again.
_bureaus_of: dict[int, tuple[Scope, frozenset[int]]] = {}


def resource_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """Resources a signed-in user may read; `prefix` is the path to the resource."""
    p = prefix
    shared = ~Q(**{f"{p}scope": ShareScope.PRIVATE})
    published = Q(**{f"{p}moderation": Moderation.PUBLISHED})
    school = Q(**{f"{p}school_id__in": library_school_ids(scope)})
    district = Q(
        **{
            f"{p}scope__in": BEYOND_SCHOOL,
            f"{p}review_state": ReviewState.APPROVED,
            f"{p}school__bureau_id__in": library_bureau_ids(scope),
        }
    )
    team = Q(**{f"{p}school_id__in": team_school_ids(scope)})
    return (
        Q(**{f"{p}author_id": user.pk})
        | (shared & team)
        | (shared & published & (school | district))
        | public_resource_q(p)
    )


@register_visibility(Resource)
def _resources(user: Any, scope: Scope) -> Q:
    return resource_q(user, scope)


def resource_keys(resource: Resource, bureau_id: int) -> list[str]:
    """Search keys for who may read the resource (see the module docstring)."""
    keys = [f"user{resource.author_id}"]
    if resource.scope == ShareScope.PRIVATE:
        return keys
    keys.append(f"team{resource.school_id}")
    if resource.moderation != Moderation.PUBLISHED:
        return keys
    keys.append(f"staff{resource.school_id}")
    if resource.scope in BEYOND_SCHOOL and resource.review_state == ReviewState.APPROVED:
        keys.append(f"district{bureau_id}")
        if resource.scope == ShareScope.PUBLIC:
            keys.append("pub")
    return keys


def reader_keys(user: Any) -> list[str]:
    """Search keys of everything the user may read; anonymous readers get public ones."""
    keys = ["pub"]
    scope = scope_of(user)
    if scope.user_id is None:
        return keys
    keys.append(f"user{user.pk}")
    keys += [f"team{pk}" for pk in team_school_ids(scope)]
    keys += [f"staff{pk}" for pk in library_school_ids(scope)]
    if scope.is_superuser:
        keys += [f"district{pk}" for pk in Bureau.objects.values_list("pk", flat=True)]
        keys += [f"staff{pk}" for pk in School.objects.values_list("pk", flat=True)]
    else:
        keys += [f"district{pk}" for pk in library_bureau_ids(scope)]
    return keys


@register_visibility(ResourceVersion)
def _versions(user: Any, scope: Scope) -> Q:
    return resource_q(user, scope, "resource__")


@register_visibility(ReviewStep)
def _reviews(user: Any, scope: Scope) -> Q:
    return Q(resource__author_id=user.pk) | Q(
        resource__school_id__in=scope.managed_school_ids | scope.reviewer_school_ids
    )


@register_visibility(Rating)
def _ratings(user: Any, scope: Scope) -> Q:
    return Q(user_id=user.pk)


@register_visibility(TextbookSeries)
def _series(user: Any, scope: Scope) -> Q:
    return Q()


@register_visibility(Chapter)
def _chapters(user: Any, scope: Scope) -> Q:
    return Q()


@register_visibility(Quota)
def _quotas(user: Any, scope: Scope) -> Q:
    return Q(bureau_id__in=library_bureau_ids(scope))


@register_visibility(UploadSession)
def _uploads(user: Any, scope: Scope) -> Q:
    return Q(owner_id=user.pk)


def album_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """Albums: the whole school community sees its school's albums; albums shared beyond the
    school reach the district's staff or everyone."""
    p = prefix
    published = Q(**{f"{p}moderation": Moderation.PUBLISHED})
    own = Q(**{f"{p}school_id__in": scope.school_ids})
    district = Q(
        **{
            f"{p}scope__in": BEYOND_SCHOOL,
            f"{p}school__bureau_id__in": library_bureau_ids(scope),
        }
    )
    return (
        Q(**{f"{p}author_id": user.pk})
        | Q(**{f"{p}school_id__in": team_school_ids(scope)})
        | (published & (own | district))
        | public_album_q(p)
    )


@register_visibility(Album)
def _albums(user: Any, scope: Scope) -> Q:
    return album_q(user, scope)


@register_visibility(Photo)
def _photos(user: Any, scope: Scope) -> Q:
    return album_q(user, scope, "album__") & (
        Q(school_id__in=scope.school_ids) | photo_leaves_school_q()
    )


# ---------------------------------------------------------------- actions


@register_rule("library.upload")
def _upload(user: Any, scope: Scope, school: School) -> bool:
    """The school's staff upload resources to its library."""
    return school.pk in scope.staff_school_ids


@register_rule("library.edit")
def _edit(user: Any, scope: Scope, resource: Resource) -> bool:
    """The author, and the school's admins (and the bureau through its grant)."""
    return resource.author_id == user.pk or resource.school_id in scope.managed_school_ids


@register_rule("library.review")
def _review(user: Any, scope: Scope, resource: Resource) -> bool:
    """The school's admins and expert reviewers decide first, the bureau second; nobody
    reviews their own resource."""
    if resource.author_id == user.pk:
        return False
    if resource.review_state == ReviewState.SCHOOL:
        return resource.school_id in scope.admin_school_ids | scope.reviewer_school_ids
    if resource.review_state == ReviewState.BUREAU:
        return resource.school_id in scope.bureau_school_ids
    return False


@register_rule("library.feature")
def _feature(user: Any, scope: Scope, resource: Resource) -> bool:
    """The bureau features resources shared beyond a school; a school admin its own."""
    if resource.scope in BEYOND_SCHOOL:
        return resource.school_id in scope.bureau_school_ids
    return resource.school_id in scope.managed_school_ids


@register_rule("library.rate")
def _rate(user: Any, scope: Scope, resource: Resource) -> bool:
    """Staff who read a resource rate it, except its author."""
    return resource.author_id != user.pk and bool(library_school_ids(scope) or scope.bureau_ids)


@register_rule("library.manage_catalogue")
def _catalogue(user: Any, scope: Scope, bureau: Bureau) -> bool:
    """The bureau extends its textbook catalogue."""
    return bureau.pk in scope.bureau_ids


@register_rule("library.manage_quotas")
def _manage_quotas(user: Any, scope: Scope, bureau: Bureau) -> bool:
    """The bureau sets the yearly upload quotas."""
    return bureau.pk in scope.bureau_ids


@register_rule("library.view_progress")
def _progress(user: Any, scope: Scope, school: School) -> bool:
    """A school's staff and the bureau see its quota progress."""
    return school.pk in scope.staff_school_ids


@register_rule("library.create_album")
def _create_album(user: Any, scope: Scope, school: School) -> bool:
    """The school's staff keep its photo library."""
    return school.pk in scope.staff_school_ids


@register_rule("library.share_album")
def _share_album(user: Any, scope: Scope, school: School) -> bool:
    """Only the school's admins (or the bureau) share an album beyond the school."""
    return school.pk in scope.managed_school_ids


@register_rule("library.edit_album")
def _edit_album(user: Any, scope: Scope, album: Album) -> bool:
    """The album's creator and the school's admins add photos and change it."""
    return album.author_id == user.pk or album.school_id in scope.managed_school_ids
