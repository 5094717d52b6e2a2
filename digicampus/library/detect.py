"""What a file is, from its first bytes."""

from __future__ import annotations

import zipfile
from typing import IO

from digicampus.library.choices import FileKind

OFFICE_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}


def detect(handle: IO[bytes]) -> tuple[str, str, str] | None:
    """(kind, content type, extension) of an accepted file, or None. Leaves the handle at 0."""
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return FileKind.PDF, "application/pdf", "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.IMAGE, "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.IMAGE, "image/jpeg", "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.IMAGE, "image/webp", "webp"
    if head[4:8] == b"ftyp":
        return FileKind.VIDEO, "video/mp4", "mp4"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(handle).namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            handle.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, (content_type, extension) in OFFICE_TYPES.items():
                if any(name.startswith(prefix) for name in names):
                    return FileKind.OFFICE, content_type, extension
    return None
