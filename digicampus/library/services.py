"""The one upload service: every module stores files through `file_store`.

A file is accepted by its content, not its name; it is streamed to storage chunk by chunk
(never read whole into memory, except images, which are re-encoded so that location and other
metadata of children's photos never leave the device that took them).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from digicampus.core import audit
from digicampus.core.errors import DomainError
from digicampus.library.choices import SIZE_LIMITS, FileKind
from digicampus.library.detect import detect
from digicampus.library.errors import LibraryError
from digicampus.library.models import StoredFile
from digicampus.org.models import School


def safe_name(name: str, extension: str) -> str:
    """An ASCII file name with the extension of the detected type."""
    stem = os.path.splitext(os.path.basename(name))[0]
    stem = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem.encode("ascii", "ignore").decode()).strip("-.")
    return f"{(stem or 'file')[:80]}.{extension}"


def _reencoded(upload: Any, content_type: str) -> io.BytesIO:
    try:
        image = Image.open(upload)
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError) as error:
        raise DomainError(LibraryError.BROKEN_IMAGE, _("The image cannot be read.")) from error
    out = io.BytesIO()
    fmt = {"image/png": "PNG", "image/webp": "WEBP"}.get(content_type, "JPEG")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Saving without passing exif= drops every metadata block, GPS position included.
    image.save(out, format=fmt, quality=88)
    out.seek(0)
    return out


@transaction.atomic
def file_store(
    *,
    actor: Any,
    upload: Any,
    school: School | None = None,
    kinds: Iterable[str] = (FileKind.PDF, FileKind.IMAGE, FileKind.OFFICE),
) -> StoredFile:
    """Check an uploaded file by content and size, clean images, and store it."""
    detected = detect(upload)
    allowed = set(kinds)
    if detected is None or detected[0] not in allowed:
        labels = ", ".join(str(FileKind(k).label) for k in sorted(allowed))
        raise DomainError(
            LibraryError.UNKNOWN_TYPE,
            _("This kind of file is not accepted here. Accepted: %(kinds)s.") % {"kinds": labels},
        )
    kind, content_type, extension = detected
    if upload.size > SIZE_LIMITS[FileKind(kind)]:
        raise DomainError(
            LibraryError.TOO_LARGE,
            _("The file is too large (at most %(mb)s MB).")
            % {"mb": SIZE_LIMITS[FileKind(kind)] // (1024 * 1024)},
        )
    source: Any = _reencoded(upload, content_type) if kind == FileKind.IMAGE else upload
    digest = hashlib.sha256()
    size = 0
    source.seek(0)
    for chunk in iter(lambda: source.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    source.seek(0)
    stored = StoredFile(
        owner=actor,
        school=school,
        original_name=str(upload.name)[:255],
        kind=kind,
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
    )
    stored.file.save(safe_name(upload.name, extension), File(source), save=False)
    stored.save()
    audit.record(
        actor=actor,
        verb="library.file_store",
        target=stored,
        school_id=school.pk if school else None,
    )
    return stored
