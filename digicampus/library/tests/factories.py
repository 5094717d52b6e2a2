"""Library test data: files in the smallest valid shapes, and resources uploaded through the
services (so they are checked, screened and indexed like real ones)."""

from __future__ import annotations

import struct
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from digicampus.library import services
from digicampus.library.choices import ResourceType, ReviewDecision, ShareScope, Subject
from digicampus.library.models import Resource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def mp4_bytes(payload: int = 4096) -> bytes:
    """A file shaped like an MP4: an ftyp box then an mdat box of `payload` bytes."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2"
    mdat = struct.pack(">I", 8 + payload) + b"mdat" + bytes(range(256)) * (payload // 256)
    return ftyp + mdat + b"\x00" * (payload % 256)


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "blue").save(out, format="PNG")
    return out.getvalue()


def pdf_upload(name: str = "giao-an.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def video_upload(name: str = "tiet-day-mau.mp4", payload: int = 4096) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, mp4_bytes(payload), content_type="video/mp4")


def make_resource(author, school, *, upload=None, **fields) -> Resource:
    """A resource uploaded by `author` (a lesson plan in maths, grade 6, shared with the
    school, unless the fields say otherwise)."""
    values = {
        "title": "Giáo án phân số",
        "description": "",
        "resource_type": ResourceType.LESSON_PLAN,
        "subject": Subject.MATHS,
        "grade": 6,
        "scope": ShareScope.SCHOOL,
    }
    values.update(fields)
    if upload is None:
        is_video = values["resource_type"] in (ResourceType.LESSON_VIDEO, ResourceType.DEMO_VIDEO)
        upload = video_upload() if is_video else pdf_upload()
    return services.resource_create(actor=author, school=school, upload=upload, **values)


def approve(resource: Resource, *reviewers) -> Resource:
    """Run the review: each reviewer in turn approves."""
    for reviewer in reviewers:
        services.resource_review(actor=reviewer, resource=resource, decision=ReviewDecision.APPROVE)
    resource.refresh_from_db()
    return resource
