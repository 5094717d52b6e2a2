"""Streaming a stored file to a reader who has already been checked, with HTTP range requests
(video players seek; interrupted downloads resume).

Local files are read from the position asked in blocks, never whole. With S3-compatible
storage the reader is redirected to a short-lived signed URL, which serves ranges itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import content_disposition_header

from digicampus.library.models import StoredFile

BLOCK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def requested_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) byte of a single satisfiable range; None to send the whole file (no
    header, several ranges, or a header we do not understand); False when unsatisfiable."""
    if not header or "," in header:
        return None
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _blocks(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            block = handle.read(min(BLOCK, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block
    finally:
        handle.close()


def is_first_request(request: HttpRequest) -> bool:
    """Whether the request starts reading the file (not a later range of the same download
    or playback), so that it is counted once."""
    found = requested_range(request.headers.get("Range", ""), 1 << 62)
    return found is None or found is False or found[0] == 0


def file_response(
    request: HttpRequest, stored: StoredFile, *, inline: bool = False, filename: str | None = None
) -> HttpResponse:
    """The file, whole (200) or the asked range (206), or 416 when the range is beyond it."""
    name = filename or stored.original_name
    disposition = content_disposition_header(not inline, name) or "attachment"
    storage = stored.file.storage
    if not isinstance(storage, (FileSystemStorage, InMemoryStorage)):
        return HttpResponseRedirect(_signed_url(storage, stored, disposition))
    size = stored.size
    found = requested_range(request.headers.get("Range", ""), size)
    if found is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = found if isinstance(found, tuple) else (0, size - 1)
    etag = f'"{stored.sha256}"'
    if request.headers.get("If-None-Match") == etag and found is None:
        return HttpResponse(status=304)
    handle = storage.open(stored.file.name, "rb")
    response = StreamingHttpResponse(
        _blocks(handle, start, end - start + 1),
        status=206 if found else 200,
        content_type=stored.content_type,
    )
    response["Content-Length"] = str(end - start + 1)
    if found:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _signed_url(storage: Any, stored: StoredFile, disposition: str) -> str:
    parameters = {
        "ResponseContentDisposition": disposition,
        "ResponseContentType": stored.content_type,
    }
    try:
        return str(storage.url(stored.file.name, parameters=parameters))
    except TypeError:
        return str(storage.url(stored.file.name))
