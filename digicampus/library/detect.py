"""What a file is, from its bytes, and whether it is whole and harmless."""

from __future__ import annotations

import re
import struct
import zipfile
from typing import IO

from digicampus.library.choices import FileKind

OFFICE_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
# An Office file whose parts would expand beyond this is refused (a "zip bomb").
ZIP_MAX_EXPANDED = 300 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_MAX_MEMBERS = 5000
_SVG = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg", re.S | re.I)
_SCRIPT = re.compile(rb"<script|\bon[a-z]+\s*=|javascript:|<foreignObject", re.I)


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


def svg_kind(handle: IO[bytes]) -> str | None:
    """ "script" for an SVG drawing that carries script, "svg" for another SVG, else None."""
    handle.seek(0)
    head = handle.read(64 * 1024)
    handle.seek(0)
    if not _SVG.match(head):
        return None
    return "script" if _SCRIPT.search(head) else "svg"


def zip_expands_too_much(handle: IO[bytes], size: int) -> bool:
    """Whether a zip container declares more expanded bytes than is sane for its size."""
    handle.seek(0)
    try:
        infos = zipfile.ZipFile(handle).infolist()
    except zipfile.BadZipFile:
        return True
    finally:
        handle.seek(0)
    if len(infos) > ZIP_MAX_MEMBERS:
        return True
    expanded = sum(info.file_size for info in infos)
    return expanded > ZIP_MAX_EXPANDED or expanded > max(size, 1) * ZIP_MAX_RATIO


def is_truncated(handle: IO[bytes], kind: str, size: int) -> bool:
    """Whether a PDF lacks its end marker or an MP4's boxes run past the end of the file."""
    if kind == FileKind.PDF:
        handle.seek(max(0, size - 2048))
        tail = handle.read()
        handle.seek(0)
        return b"%%EOF" not in tail
    if kind == FileKind.VIDEO:
        return not _mp4_boxes_complete(handle, size)
    return False


def _mp4_boxes_complete(handle: IO[bytes], size: int) -> bool:
    """Walk the top-level boxes by their headers only (a seek each, never the payload)."""
    offset = 0
    try:
        while offset < size:
            handle.seek(offset)
            header = handle.read(8)
            if len(header) < 8:
                return False
            box_size = struct.unpack(">I", header[:4])[0]
            if box_size == 1:
                large = handle.read(8)
                if len(large) < 8:
                    return False
                box_size = struct.unpack(">Q", large)[0]
            elif box_size == 0:
                return True  # the last box runs to the end of the file
            if box_size < 8:
                return False
            offset += box_size
        return offset == size
    finally:
        handle.seek(0)
