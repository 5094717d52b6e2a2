"""The one upload service and the library's writes.

`file_store` is the only way any module stores a file. A file is accepted by its content, not
its name; it is streamed to storage chunk by chunk (never read whole into memory, except
images, which are re-encoded so that location and other metadata of children's photos never
reach storage). A refused file leaves nothing behind. Large videos arrive in chunks through an
upload session and are checked once whole.
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import os
import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from digicampus.core import audit
from digicampus.core.errors import DomainError
from digicampus.core.permissions import require
from digicampus.library import detect as detection
from digicampus.library.choices import (
    BEYOND_SCHOOL,
    CHUNK_MAX,
    DEFAULT_QUOTAS,
    DOCUMENT_KINDS,
    PENDING_STATES,
    SIZE_LIMITS,
    TYPE_KINDS,
    FileKind,
    ReviewDecision,
    ReviewLevel,
    ReviewState,
    ShareScope,
    UploadState,
)
from digicampus.library.errors import LibraryError
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
from digicampus.org.models import Bureau, School

MB = 1024 * 1024
THUMBNAIL_SIZE = (480, 480)

# ---------------------------------------------------------------- the upload service


def safe_name(name: str, extension: str) -> str:
    """An ASCII file name with the extension of the detected type."""
    stem = os.path.splitext(os.path.basename(name))[0]
    stem = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem.encode("ascii", "ignore").decode()).strip("-.")
    return f"{(stem or 'file')[:80]}.{extension}"


def name_check(name: str) -> str:
    """The name as given, refused when it holds a path (a separator, "..", a NUL)."""
    if not name or any(c in name for c in "/\\\x00") or name.strip() in (".", ".."):
        raise DomainError(
            LibraryError.PATH_IN_NAME,
            _("The file name may not contain folders or path separators (/ or \\)."),
        )
    return name[:255]


def _refuse_type(allowed: set[str]) -> DomainError:
    labels = ", ".join(str(FileKind(k).label) for k in sorted(allowed))
    return DomainError(
        LibraryError.UNKNOWN_TYPE,
        _("This kind of file is not accepted here. Accepted: %(kinds)s.") % {"kinds": labels},
    )


def _too_large(kind: str) -> DomainError:
    return DomainError(
        LibraryError.TOO_LARGE,
        _("The file is too large (at most %(mb)s MB).") % {"mb": SIZE_LIMITS[FileKind(kind)] // MB},
    )


def _reencoded(upload: Any, content_type: str) -> io.BytesIO:
    try:
        image = Image.open(upload)
        image.load()
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise DomainError(
            LibraryError.BROKEN_IMAGE, _("The image cannot be read; it may be incomplete.")
        ) from error
    out = io.BytesIO()
    fmt = {"image/png": "PNG", "image/webp": "WEBP"}.get(content_type, "JPEG")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Saving without passing exif= drops every metadata block, GPS position included.
    image.save(out, format=fmt, quality=88)
    out.seek(0)
    return out


def storage_used(*, school_id: int | None = None, owner_id: int | None = None) -> int:
    """Bytes stored for a school or a user (every stored file counts, versions included)."""
    files = StoredFile.objects.all()
    if school_id is not None:
        files = files.filter(school_id=school_id)
    if owner_id is not None:
        files = files.filter(owner_id=owner_id)
    return int(files.aggregate(total=Sum("size"))["total"] or 0)


def _storage_check(actor: Any, school: School | None, size: int) -> None:
    limits: list[tuple[int, dict[str, int]]] = []
    if school is not None:
        limits.append((settings.LIBRARY_SCHOOL_STORAGE_MB, {"school_id": school.pk}))
    if getattr(actor, "pk", None) is not None:
        limits.append((settings.LIBRARY_USER_STORAGE_MB, {"owner_id": actor.pk}))
    for limit_mb, owner in limits:
        if limit_mb and storage_used(**owner) + size > limit_mb * MB:
            raise DomainError(
                LibraryError.STORAGE_FULL,
                _("There is no room left for this file (at most %(mb)s MB).") % {"mb": limit_mb},
            )


def _content_check(upload: Any, allowed: set[str], size: int) -> tuple[str, str, str]:
    svg = detection.svg_kind(upload)
    if svg == "script":
        raise DomainError(
            LibraryError.SCRIPT_IN_IMAGE,
            _("This drawing contains a script and cannot be accepted."),
        )
    detected = detection.detect(upload)
    if detected is None or detected[0] not in allowed:
        raise _refuse_type(allowed)
    kind = detected[0]
    if size > SIZE_LIMITS[FileKind(kind)]:
        raise _too_large(kind)
    if detection.is_truncated(upload, kind, size):
        raise DomainError(
            LibraryError.TRUNCATED,
            _("The file is incomplete; the upload may have been interrupted. Please try again."),
        )
    if kind == FileKind.OFFICE and detection.zip_expands_too_much(upload, size):
        raise DomainError(
            LibraryError.ZIP_BOMB,
            _("This document would expand to an unreasonable size and cannot be accepted."),
        )
    return detected


@transaction.atomic
def file_store(
    *,
    actor: Any,
    upload: Any,
    school: School | None = None,
    kinds: Iterable[str] = (FileKind.PDF, FileKind.IMAGE, FileKind.OFFICE),
    name: str | None = None,
) -> StoredFile:
    """Check a file by content, size and completeness, clean images, and store it.

    Raises DomainError with a translated message for a refused file (unknown or disallowed
    type, over the type's size limit, a script in an SVG drawing, an incomplete PDF or video,
    an Office file that expands too much, a name with a path, no room left); nothing is left
    in storage then.
    """
    original = name_check(name if name is not None else str(upload.name))
    allowed = set(kinds)
    size = int(upload.size)
    kind, content_type, extension = _content_check(upload, allowed, size)
    source: Any = _reencoded(upload, content_type) if kind == FileKind.IMAGE else upload
    digest = hashlib.sha256()
    size = 0
    source.seek(0)
    for chunk in iter(lambda: source.read(MB), b""):
        digest.update(chunk)
        size += len(chunk)
    source.seek(0)
    _storage_check(actor, school, size)
    stored = StoredFile(
        owner=actor if getattr(actor, "pk", None) else None,
        school=school,
        original_name=original,
        kind=kind,
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
    )
    stored.file.save(safe_name(original, extension), File(source), save=False)
    try:
        stored.save()
        audit.record(
            actor=actor,
            verb="library.file_store",
            target=stored,
            school_id=school.pk if school else None,
        )
    except Exception:
        stored.file.storage.delete(stored.file.name)
        raise
    collecting = _stored_here.get()
    if collecting is not None:
        collecting.append(stored.file.name)
    return stored


_stored_here: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "library_stored_here", default=None
)


@contextmanager
def files_undone_on_error() -> Iterator[None]:
    """Storage is not transactional: files stored inside this block are deleted again when the
    block fails (a later validation error, a database error), so nothing partial is left."""
    names: list[str] = []
    token = _stored_here.set(names)
    try:
        yield
    except BaseException:
        from django.core.files.storage import default_storage

        for name in names:
            default_storage.delete(name)
        raise
    finally:
        _stored_here.reset(token)


def file_thumbnail(*, stored: StoredFile) -> StoredFile | None:
    """A small JPEG of an image or of a PDF's first page, stored beside it; None when the file
    cannot be drawn. Meant for a background task."""
    try:
        with stored.file.open("rb") as handle:
            if stored.kind == FileKind.IMAGE:
                image = Image.open(handle)
                image.load()
            elif stored.kind == FileKind.PDF:
                image = _pdf_first_page(handle)
            else:
                return None
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    if image is None:
        return None
    image.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=80)
    out.seek(0)
    thumbnail = StoredFile(
        owner_id=stored.owner_id,
        school_id=stored.school_id,
        original_name=f"thumbnail-{stored.pk}.jpg",
        kind=FileKind.IMAGE,
        content_type="image/jpeg",
        size=out.getbuffer().nbytes,
        sha256=hashlib.sha256(out.getvalue()).hexdigest(),
    )
    thumbnail.file.save(f"thumbnail-{stored.pk}.jpg", File(out), save=False)
    thumbnail.save()
    return thumbnail


def _pdf_first_page(handle: IO[bytes]) -> Image.Image | None:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(handle.read())
        if len(document) == 0:
            return None
        page = document[0]
        width = page.get_width() or 1
        image = page.render(scale=THUMBNAIL_SIZE[0] / width).to_pil()
        page.close()
        document.close()
        return image
    except pypdfium2.PdfiumError:
        return None


# ---------------------------------------------------------------- chunked uploads


def _upload_path() -> Path:
    folder = Path(settings.LIBRARY_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4().hex}.part"


@transaction.atomic
def upload_session_start(
    *, actor: Any, school: School, file_name: str, total_size: int
) -> UploadSession:
    """Open a chunked upload of a video (or any large file) for the school's library."""
    require(actor, "library.upload", school)
    name = name_check(file_name)
    if total_size <= 0:
        raise DomainError(LibraryError.TRUNCATED, _("The file is empty."))
    if total_size > max(SIZE_LIMITS.values()):
        raise _too_large(FileKind.VIDEO)
    _storage_check(actor, school, total_size)
    path = _upload_path()
    path.touch()
    session = UploadSession(
        owner=actor, school=school, file_name=name, total_size=total_size, temp_path=str(path)
    )
    session.full_clean()
    session.save()
    return session


def upload_session_append(
    *, actor: Any, session: UploadSession, offset: int, chunk: IO[bytes]
) -> UploadSession:
    """Append one chunk at `offset`, which must be what was received so far (a client that
    lost track asks the session and resumes from there). Streams the chunk to the temporary
    file without holding it in memory."""
    if session.owner_id != actor.pk:
        raise DomainError(LibraryError.UPLOAD_CLOSED, _("This upload is not yours."), status=404)
    if session.state != UploadState.OPEN:
        raise DomainError(LibraryError.UPLOAD_CLOSED, _("This upload is already finished."))
    if offset != session.received:
        raise DomainError(
            LibraryError.UPLOAD_OFFSET,
            _("The upload should continue from byte %(received)s.")
            % {"received": session.received},
            status=409,
        )
    written = 0
    with open(session.temp_path, "r+b") as out:
        out.seek(offset)
        for block in iter(lambda: chunk.read(MB), b""):
            written += len(block)
            if written > CHUNK_MAX or offset + written > session.total_size:
                out.truncate(offset)
                raise DomainError(
                    LibraryError.TOO_LARGE,
                    _("This part goes beyond the announced size of the file."),
                )
            out.write(block)
    UploadSession.objects.filter(pk=session.pk).update(
        received=offset + written, updated_at=timezone.now()
    )
    session.received = offset + written
    return session


def upload_session_finish(
    *, actor: Any, session: UploadSession, kinds: Iterable[str]
) -> StoredFile:
    """Check and store the assembled file through `file_store`; the temporary file is removed
    whatever the outcome, and a refused file marks the session failed."""
    if session.owner_id != actor.pk or session.state != UploadState.OPEN:
        raise DomainError(LibraryError.UPLOAD_CLOSED, _("This upload is already finished."))
    path = Path(session.temp_path)
    try:
        if session.received != session.total_size or path.stat().st_size != session.total_size:
            raise DomainError(
                LibraryError.TRUNCATED,
                _(
                    "The file is incomplete; the upload may have been interrupted. Please try again."
                ),
            )
        with path.open("rb") as handle:
            stored = file_store(
                actor=actor,
                upload=File(handle, name=session.file_name),
                school=session.school,
                kinds=kinds,
                name=session.file_name,
            )
    except DomainError:
        UploadSession.objects.filter(pk=session.pk).update(state=UploadState.FAILED)
        session.state = UploadState.FAILED
        raise
    finally:
        path.unlink(missing_ok=True)
    UploadSession.objects.filter(pk=session.pk).update(state=UploadState.DONE, stored=stored)
    session.state, session.stored = UploadState.DONE, stored
    return stored


ABANDONED_AFTER = timedelta(hours=24)


def upload_sessions_purge(*, now: datetime | None = None) -> int:
    """Give up chunked uploads untouched for a day: delete their temporary files and mark them
    failed (finished ones removed theirs already). Safe to run at any time; returns how many
    were given up."""
    now = now or timezone.now()
    stale = UploadSession.objects.filter(
        state=UploadState.OPEN, updated_at__lt=now - ABANDONED_AFTER
    )
    count = 0
    for session in stale.iterator():
        Path(session.temp_path).unlink(missing_ok=True)
        count += 1
    stale.update(state=UploadState.FAILED)
    return count


# ---------------------------------------------------------------- resources


def _kinds_for(resource_type: str) -> tuple[str, ...]:
    return TYPE_KINDS.get(resource_type, DOCUMENT_KINDS)  # type: ignore[call-overload, no-any-return]


def _notify(*, users: Iterable[int], school: School, template: str, resource: Resource) -> None:
    from digicampus.messaging import services as messaging
    from digicampus.messaging.choices import Channel, NotificationKind

    ids = sorted(set(users))
    if not ids:
        return
    messaging.notification_create(
        sender=None,
        kind=NotificationKind.SYSTEM,
        audience={"users": ids},
        school=school,
        template=template,
        params={"title": resource.title},
        url=resource.get_absolute_url(),
        channels=[Channel.IN_APP],
    )


def _reindex(resource: Resource) -> None:
    """The index lives in the database, so it changes in the same transaction as the row."""
    from digicampus.library.search import resource_reindex

    resource_reindex(resource)


def _screen(actor: Any, resource: Resource) -> None:
    from digicampus.safety import services as safety

    safety.content_screen(content=resource, author=actor)


def _start_review(resource: Resource) -> None:
    """A resource shared beyond its school waits for the school's review, and the reviewers
    hear of it; otherwise no review is needed."""
    from digicampus.library import selectors

    if resource.scope in BEYOND_SCHOOL:
        resource.review_state = ReviewState.SCHOOL
        school = resource.school
        transaction.on_commit(
            lambda: _notify(
                users=selectors.reviewer_ids(school=school, level=ReviewLevel.SCHOOL),
                school=school,
                template="resource_review",
                resource=resource,
            )
        )
    else:
        resource.review_state = ReviewState.NOT_NEEDED


def _add_version(
    actor: Any, resource: Resource, upload: Any, note: str, name: str | None = None
) -> ResourceVersion:
    if isinstance(upload, UploadSession):
        stored = upload_session_finish(
            actor=actor, session=upload, kinds=_kinds_for(resource.resource_type)
        )
    elif isinstance(upload, StoredFile):
        stored = upload
    else:
        stored = file_store(
            actor=actor,
            upload=upload,
            school=resource.school,
            kinds=_kinds_for(resource.resource_type),
            name=name,
        )
    if stored.kind not in _kinds_for(resource.resource_type):
        raise _refuse_type(set(_kinds_for(resource.resource_type)))
    number = (
        resource.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = ResourceVersion(
        resource=resource, number=number, file=stored, note=note, uploaded_by=actor
    )
    version.full_clean()
    version.save()
    resource.current_version = version
    resource.save(update_fields=["current_version", "updated_at"])
    from digicampus.library.tasks import make_preview

    transaction.on_commit(lambda: make_preview.delay(version_id=version.pk))
    return version


RESOURCE_FIELDS = (
    "title",
    "description",
    "resource_type",
    "subject",
    "grade",
    "chapter",
    "language",
    "licence",
    "credit",
    "tags",
    "scope",
)


def resource_create(
    *, actor: Any, school: School, upload: Any, name: str | None = None, **fields: Any
) -> Resource:
    """Upload a resource with its first version. Shared beyond the school, it waits for
    review; the reviewers are told. Screened like all user content; indexed for search.

    `upload` is an uploaded file, or the actor's chunked upload (UploadSession), finished here
    after the fields are valid. Raises PermissionDenied outside the actor's school,
    ValidationError on fields, DomainError on a refused file (and then stores nothing)."""
    with files_undone_on_error(), transaction.atomic():
        require(actor, "library.upload", school)
        from digicampus.safety import services as safety

        safety.posting_check(author=actor, school=school)
        resource = Resource(school=school, author=actor, **_only(fields))
        _chapter_check(resource)
        resource.full_clean(exclude=["current_version"])
        _start_review(resource)
        resource.save()
        _add_version(actor, resource, upload, note="", name=name)
        audit.record(
            actor=actor, verb="library.resource_create", target=resource, school_id=school.pk
        )
        _screen(actor, resource)
        _reindex(resource)
    return resource


def _only(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown resource fields: {sorted(unknown)}")
    return dict(fields)


def _chapter_check(resource: Resource) -> None:
    """A chapter comes from the bureau's own catalogue."""
    from django.core.exceptions import ValidationError

    if resource.chapter_id and resource.chapter.series.bureau_id != resource.school.bureau_id:
        raise ValidationError({"chapter": _("Choose a chapter from your district's catalogue.")})


@transaction.atomic
def resource_update(*, actor: Any, resource: Resource, **fields: Any) -> Resource:
    """Change a resource's description or sharing. A change of what is shared, or of who it is
    shared with, sends a resource shared beyond its school back to review."""
    require(actor, "library.edit", resource)
    before = {name: getattr(resource, name) for name in RESOURCE_FIELDS}
    for name, value in _only(fields).items():
        setattr(resource, name, value)
    _chapter_check(resource)
    resource.full_clean(exclude=["current_version"])
    changed = [n for n in RESOURCE_FIELDS if getattr(resource, n) != before[n]]
    if changed and (resource.scope in BEYOND_SCHOOL or before["scope"] != resource.scope):
        _start_review(resource)
    resource.save()
    audit.record(
        actor=actor,
        verb="library.resource_update",
        target=resource,
        school_id=resource.school_id,
        data={"changed": [str(n) for n in changed]},
    )
    if {"title", "description", "tags"} & set(changed):
        _screen(actor, resource)
    _reindex(resource)
    return resource


def resource_version_add(
    *, actor: Any, resource: Resource, upload: Any, note: str = "", name: str | None = None
) -> ResourceVersion:
    """Upload a new file for a resource; earlier versions are kept. A resource shared beyond
    its school goes back to review."""
    with files_undone_on_error(), transaction.atomic():
        require(actor, "library.edit", resource)
        version = _add_version(actor, resource, upload, note=note[:300], name=name)
        if resource.scope in BEYOND_SCHOOL:
            _start_review(resource)
            resource.save(update_fields=["review_state", "updated_at"])
        audit.record(
            actor=actor,
            verb="library.version_add",
            target=resource,
            school_id=resource.school_id,
            data={"version": version.number},
        )
        _reindex(resource)
    return version


@transaction.atomic
def resource_review(
    *, actor: Any, resource: Resource, decision: str, comment: str = ""
) -> ReviewStep:
    """Decide on a resource waiting for review: approve (the school's approval passes it to the
    bureau; the bureau's shares it), return with comments, or reject (both need a comment, and
    leave the resource shared within the school only). The author is told."""
    from digicampus.library import selectors

    if resource.review_state not in PENDING_STATES:
        raise DomainError(LibraryError.NOT_PENDING, _("This resource is not waiting for review."))
    require(actor, "library.review", resource)
    comment = comment.strip()
    if decision != ReviewDecision.APPROVE and not comment:
        raise DomainError(LibraryError.COMMENT_REQUIRED, _("Tell the author why, in a comment."))
    level = (
        ReviewLevel.SCHOOL if resource.review_state == ReviewState.SCHOOL else ReviewLevel.BUREAU
    )
    step = ReviewStep(
        resource=resource, level=level, reviewer=actor, decision=decision, comment=comment
    )
    step.full_clean()
    step.save()
    template = {
        ReviewDecision.RETURN: "resource_returned",
        ReviewDecision.REJECT: "resource_rejected",
    }.get(ReviewDecision(decision), "resource_approved")
    if decision == ReviewDecision.APPROVE and level == ReviewLevel.SCHOOL:
        resource.review_state = ReviewState.BUREAU
        school = resource.school
        transaction.on_commit(
            lambda: _notify(
                users=selectors.reviewer_ids(school=school, level=ReviewLevel.BUREAU),
                school=school,
                template="resource_review",
                resource=resource,
            )
        )
    elif decision == ReviewDecision.APPROVE:
        resource.review_state = ReviewState.APPROVED
    elif decision == ReviewDecision.RETURN:
        resource.review_state = ReviewState.RETURNED
    else:
        resource.review_state = ReviewState.REJECTED
    resource.save(update_fields=["review_state", "updated_at"])
    audit.record(
        actor=actor,
        verb=f"library.review_{decision}",
        target=resource,
        school_id=resource.school_id,
        data={"level": str(level), "comment": comment[:500]},
    )
    if resource.review_state != ReviewState.BUREAU:
        transaction.on_commit(
            lambda: _notify(
                users=[resource.author_id],
                school=resource.school,
                template=template,
                resource=resource,
            )
        )
    _reindex(resource)
    return step


@transaction.atomic
def resource_submit(*, actor: Any, resource: Resource) -> Resource:
    """Send a returned (or rejected) resource to review again after the author's changes."""
    require(actor, "library.edit", resource)
    if resource.scope not in BEYOND_SCHOOL or resource.review_state in PENDING_STATES:
        raise DomainError(LibraryError.NOT_SHAREABLE, _("This resource needs no review now."))
    _start_review(resource)
    resource.save(update_fields=["review_state", "updated_at"])
    audit.record(
        actor=actor, verb="library.resource_submit", target=resource, school_id=resource.school_id
    )
    _reindex(resource)
    return resource


@transaction.atomic
def resource_feature(*, actor: Any, resource: Resource, featured: bool) -> Resource:
    """Mark a resource as featured ("excellent"), or take the mark away."""
    require(actor, "library.feature", resource)
    resource.featured = featured
    resource.save(update_fields=["featured", "updated_at"])
    audit.record(
        actor=actor,
        verb="library.feature" if featured else "library.unfeature",
        target=resource,
        school_id=resource.school_id,
    )
    _reindex(resource)
    return resource


@transaction.atomic
def resource_rate(*, actor: Any, resource: Resource, stars: int) -> Rating:
    """Give a resource one to five stars; rating again replaces the earlier stars."""
    from django.core.exceptions import ValidationError

    require(actor, "library.rate", resource)
    if not 1 <= int(stars) <= 5:
        raise ValidationError({"stars": _("Choose from one to five stars.")}, code="stars")
    rating = Rating.objects.select_for_update().filter(resource=resource, user=actor).first()
    if rating is None:
        rating = Rating.objects.create(resource=resource, user=actor, stars=stars)
        Resource.objects.filter(pk=resource.pk).update(
            rating_count=F("rating_count") + 1, rating_total=F("rating_total") + stars
        )
    else:
        Resource.objects.filter(pk=resource.pk).update(
            rating_total=F("rating_total") + stars - rating.stars
        )
        rating.stars = stars
        rating.save(update_fields=["stars", "updated_at"])
    resource.refresh_from_db(fields=["rating_count", "rating_total"])
    return rating


def resource_count(*, resource: Resource, field: str) -> None:
    """Count a view or a download (one UPDATE; no audit, no transaction of its own)."""
    if field not in ("view_count", "download_count"):
        raise ValueError(field)
    Resource.objects.filter(pk=resource.pk).update(**{field: F(field) + 1})


# ---------------------------------------------------------------- catalogue and quotas


@transaction.atomic
def series_create(
    *, actor: Any, bureau: Bureau, name: str, subject: str, grade: int
) -> TextbookSeries:
    """Add a textbook series to the bureau's catalogue."""
    require(actor, "library.manage_catalogue", bureau)
    series = TextbookSeries(bureau=bureau, name=name.strip(), subject=subject, grade=grade)
    series.full_clean()
    series.save()
    audit.record(actor=actor, verb="library.series_create", target=series)
    return series


@transaction.atomic
def chapter_create(*, actor: Any, series: TextbookSeries, number: int, title: str) -> Chapter:
    """Add a chapter to a textbook series of the bureau's catalogue."""
    require(actor, "library.manage_catalogue", series.bureau)
    chapter = Chapter(series=series, number=number, title=title.strip())
    chapter.full_clean()
    chapter.save()
    audit.record(actor=actor, verb="library.chapter_create", target=chapter)
    return chapter


@transaction.atomic
def quota_year_set(
    *,
    actor: Any,
    bureau: Bureau,
    year_name: str,
    starts_on: date,
    ends_on: date,
    targets: Mapping[str, int] | None = None,
) -> list[Quota]:
    """Set how many resources of each type every school of the bureau must contribute in a
    school year (by default 10 lesson plans, 5 courseware, 2 demo-lesson videos). A target of
    0 removes the type's quota."""
    require(actor, "library.manage_quotas", bureau)
    wanted = dict(DEFAULT_QUOTAS if targets is None else targets)
    kept: list[Quota] = []
    for resource_type, target in wanted.items():
        if not target:
            Quota.objects.filter(
                bureau=bureau, year_name=year_name, resource_type=resource_type
            ).delete()
            continue
        quota = Quota.objects.filter(
            bureau=bureau, year_name=year_name, resource_type=resource_type
        ).first() or Quota(bureau=bureau, year_name=year_name, resource_type=resource_type)
        quota.starts_on, quota.ends_on, quota.target = starts_on, ends_on, int(target)
        quota.full_clean(validate_constraints=False)
        quota.save()
        kept.append(quota)
    Quota.objects.filter(bureau=bureau, year_name=year_name).update(
        starts_on=starts_on, ends_on=ends_on
    )
    audit.record(
        actor=actor,
        verb="library.quota_set",
        target=bureau,
        data={"year": year_name, "targets": {str(k): int(v) for k, v in wanted.items()}},
    )
    return kept


# ---------------------------------------------------------------- photo library


@transaction.atomic
def album_create(
    *,
    actor: Any,
    school: School,
    title: str,
    event_date: date,
    event: str = "",
    description: str = "",
    scope: str = ShareScope.SCHOOL,
) -> Album:
    """Open an album of a school event. Only the school's admins share one beyond the
    school."""
    from digicampus.safety import services as safety

    require(actor, "library.create_album", school)
    if scope in BEYOND_SCHOOL:
        require(actor, "library.share_album", school)
    safety.posting_check(author=actor, school=school)
    album = Album(
        school=school,
        author=actor,
        title=title,
        event=event,
        event_date=event_date,
        description=description,
        scope=scope,
    )
    album.full_clean()
    album.save()
    audit.record(actor=actor, verb="library.album_create", target=album, school_id=school.pk)
    safety.content_screen(content=album, author=actor)
    return album


def photos_add(
    *,
    actor: Any,
    album: Album,
    uploads: Iterable[Any],
    caption: str = "",
    taken_on: date | None = None,
    shows_students: bool = True,
    consent_recorded: bool = False,
) -> list[Photo]:
    """Add several photos at once (re-encoded without location data). All are stored or, when
    one is refused, none."""
    with files_undone_on_error(), transaction.atomic():
        require(actor, "library.edit_album", album)
        photos = []
        for upload in uploads:
            stored = file_store(
                actor=actor, upload=upload, school=album.school, kinds=(FileKind.IMAGE,)
            )
            photo = Photo(
                album=album,
                school=album.school,
                file=stored,
                caption=caption[:300],
                taken_on=taken_on or album.event_date,
                shows_students=shows_students,
                consent_recorded=consent_recorded,
                uploaded_by=actor,
            )
            photo.full_clean()
            photo.save()
            photos.append(photo)
        audit.record(
            actor=actor,
            verb="library.photos_add",
            target=album,
            school_id=album.school_id,
            data={"count": len(photos)},
        )
        from digicampus.library.tasks import make_photo_thumbnail

        for photo in photos:
            transaction.on_commit(lambda pk=photo.pk: make_photo_thumbnail.delay(photo_id=pk))
    return photos


@transaction.atomic
def photo_update(
    *,
    actor: Any,
    photo: Photo,
    caption: str,
    shows_students: bool,
    consent_recorded: bool,
) -> Photo:
    """Change a photo's caption, or record whether it shows students and whether consent to
    show them beyond the school has been given."""
    require(actor, "library.edit_album", photo.album)
    photo.caption = caption[:300]
    photo.shows_students = shows_students
    photo.consent_recorded = consent_recorded
    photo.save(update_fields=["caption", "shows_students", "consent_recorded", "updated_at"])
    audit.record(
        actor=actor,
        verb="library.photo_update",
        target=photo,
        school_id=photo.school_id,
        data={"shows_students": shows_students, "consent": consent_recorded},
    )
    return photo


def version_preview_make(*, version_id: int) -> bool:
    """Store a preview of a version's file when one can be drawn; safe to run twice."""
    version = ResourceVersion.objects.select_related("file").filter(pk=version_id).first()
    if version is None or version.preview_id:
        return False
    preview = file_thumbnail(stored=version.file)
    if preview is None:
        return False
    ResourceVersion.objects.filter(pk=version.pk).update(preview=preview)
    return True


def photo_thumbnail_make(*, photo_id: int) -> bool:
    """Store the thumbnail of a photo; safe to run twice."""
    photo = Photo.objects.select_related("file").filter(pk=photo_id).first()
    if photo is None or photo.thumbnail_id:
        return False
    thumbnail = file_thumbnail(stored=photo.file)
    if thumbnail is None:
        return False
    Photo.objects.filter(pk=photo.pk).update(thumbnail=thumbnail)
    return True
