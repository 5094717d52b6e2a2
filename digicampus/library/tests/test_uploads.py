"""The upload service: files are accepted by content, and photos lose their metadata."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from digicampus.core.errors import DomainError
from digicampus.library import services
from digicampus.library.choices import FileKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 0.0)}  # GPS position
    exif[0x010F] = "PhoneMaker"
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_pdf_is_stored_with_a_safe_name_and_checksum(district):
    upload = SimpleUploadedFile("Giấy đồng ý đi tham quan.pdf", PDF)

    stored = services.file_store(actor=district.school_admin, upload=upload, school=district.school)

    assert stored.kind == FileKind.PDF
    assert stored.file.name.endswith("Giay-dong-y-di-tham-quan.pdf")
    assert stored.size == len(PDF)
    assert len(stored.sha256) == 64


def test_a_program_renamed_to_pdf_is_refused(district):
    upload = SimpleUploadedFile("hoc-phi.pdf", b"MZ\x90\x00\x03\x00\x00\x00 not a pdf")

    with pytest.raises(DomainError) as refused:
        services.file_store(actor=district.school_admin, upload=upload)

    assert refused.value.code == "file_type_not_allowed"


def test_photos_are_reencoded_without_location_or_camera_data(district):
    original = jpeg_with_gps()
    assert Image.open(BytesIO(original)).getexif()

    stored = services.file_store(
        actor=district.teacher, upload=SimpleUploadedFile("anh.jpeg", original)
    )

    with stored.file.open("rb") as handle:
        cleaned = Image.open(BytesIO(handle.read()))
        assert dict(cleaned.getexif()) == {}
    assert stored.file.name.endswith(".jpg")


def test_a_video_is_refused_where_only_documents_are_accepted(district):
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64

    with pytest.raises(DomainError):
        services.file_store(
            actor=district.teacher, upload=SimpleUploadedFile("a.mp4", mp4), kinds=[FileKind.PDF]
        )
