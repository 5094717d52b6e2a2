"""Bad files are refused with a clear, translated message, and nothing is left in storage."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from digicampus.core.errors import DomainError
from digicampus.library import services
from digicampus.library.choices import FileKind
from digicampus.library.errors import LibraryError
from digicampus.library.models import StoredFile
from digicampus.library.tests.factories import PDF, mp4_bytes, png_bytes

ALL = (FileKind.PDF, FileKind.IMAGE, FileKind.OFFICE, FileKind.VIDEO)


def refused(district, upload, kinds=ALL, name=None) -> DomainError:
    with pytest.raises(DomainError) as caught:
        services.file_store(
            actor=district.teacher, upload=upload, school=district.school, kinds=kinds, name=name
        )
    assert not StoredFile.objects.exists()
    return caught.value


def office_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_file_over_the_limit_of_its_type_is_refused(district):
    upload = SimpleUploadedFile("anh.png", png_bytes())
    upload.size = 16 * 1024 * 1024

    assert refused(district, upload).code == LibraryError.TOO_LARGE


def test_an_executable_renamed_to_pdf_is_refused(district):
    error = refused(district, SimpleUploadedFile("de-thi.pdf", b"MZ\x90\x00\x03" + b"\0" * 100))

    assert error.code == LibraryError.UNKNOWN_TYPE


def test_an_svg_with_script_is_refused_and_a_plain_svg_is_not_accepted(district):
    script = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    handler = b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>'
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'

    assert (
        refused(district, SimpleUploadedFile("a.svg", script)).code == LibraryError.SCRIPT_IN_IMAGE
    )
    assert (
        refused(district, SimpleUploadedFile("b.svg", handler)).code == LibraryError.SCRIPT_IN_IMAGE
    )
    assert refused(district, SimpleUploadedFile("c.svg", plain)).code == LibraryError.UNKNOWN_TYPE


def test_a_zip_bomb_disguised_as_a_word_file_is_refused(district):
    bomb = office_zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (50 * 1024 * 1024)}
    )

    error = refused(district, SimpleUploadedFile("giao-an.docx", bomb))

    assert error.code == LibraryError.ZIP_BOMB
    assert len(bomb) < 1024 * 1024


def test_a_real_word_file_is_accepted(district):
    document = office_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>" * 100})

    stored = services.file_store(
        actor=district.teacher, upload=SimpleUploadedFile("giao-an.docx", document), kinds=ALL
    )

    assert stored.file.name.endswith(".docx")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("giao-an.pdf", PDF[:-8]),
        ("video.mp4", mp4_bytes(4096)[:-100]),
        ("anh.png", png_bytes((200, 200))[:-40]),
        ("bai.docx", office_zip({"[Content_Types].xml": b"x", "word/a.xml": b"y"})[:-30]),
    ],
)
def test_a_truncated_file_is_refused(district, name, data):
    error = refused(district, SimpleUploadedFile(name, data))

    assert error.code in (
        LibraryError.TRUNCATED,
        LibraryError.BROKEN_IMAGE,
        LibraryError.UNKNOWN_TYPE,
    )


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "a/b.pdf", "..\\x.pdf", ".."])
def test_a_name_with_a_path_is_refused(district, name):
    upload = SimpleUploadedFile("x.pdf", PDF)

    assert refused(district, upload, name=name).code == LibraryError.PATH_IN_NAME


def test_refusals_are_in_the_readers_language(district):
    with translation.override("vi"):
        error = refused(district, SimpleUploadedFile("x.pdf", b"MZ not a pdf"))

    assert "không được chấp nhận" in str(error.message)


@override_settings(LIBRARY_SCHOOL_STORAGE_MB=1)
def test_a_school_out_of_storage_is_refused(district):
    big = PDF[:-6] + b"\0" * (1024 * 1024) + b"%%EOF\n"

    assert refused(district, SimpleUploadedFile("to.pdf", big)).code == LibraryError.STORAGE_FULL


def test_nothing_is_written_to_storage_when_a_file_is_refused(district):
    before = _all_files()

    refused(district, SimpleUploadedFile("x.pdf", b"MZ"))

    assert _all_files() == before


def _all_files() -> set[str]:
    try:
        folders, files = default_storage.listdir("files")
    except FileNotFoundError:
        return set()
    found = set(files)
    for folder in folders:
        for sub in default_storage.listdir(f"files/{folder}")[0]:
            found |= set(default_storage.listdir(f"files/{folder}/{sub}")[1])
    return found


# ---------------------------------------------------------------- chunked uploads


@pytest.fixture
def upload_dir(tmp_path, settings):
    settings.LIBRARY_UPLOAD_DIR = tmp_path
    return tmp_path


def test_a_video_arrives_in_chunks_and_resumes_after_a_lost_chunk(district, upload_dir):
    video = mp4_bytes(300_000)
    session = services.upload_session_start(
        actor=district.teacher,
        school=district.school,
        file_name="tiết dạy.mp4",
        total_size=len(video),
    )

    services.upload_session_append(
        actor=district.teacher, session=session, offset=0, chunk=io.BytesIO(video[:100_000])
    )
    with pytest.raises(DomainError) as out_of_order:
        services.upload_session_append(
            actor=district.teacher,
            session=session,
            offset=200_000,
            chunk=io.BytesIO(video[200_000:]),
        )
    services.upload_session_append(
        actor=district.teacher, session=session, offset=100_000, chunk=io.BytesIO(video[100_000:])
    )
    stored = services.upload_session_finish(
        actor=district.teacher, session=session, kinds=(FileKind.VIDEO,)
    )

    assert out_of_order.value.code == LibraryError.UPLOAD_OFFSET
    assert out_of_order.value.status == 409
    assert stored.size == len(video)
    assert stored.file.read() == video
    assert list(upload_dir.iterdir()) == []


def test_an_unfinished_chunked_upload_is_refused_and_cleaned(district, upload_dir):
    video = mp4_bytes(10_000)
    session = services.upload_session_start(
        actor=district.teacher, school=district.school, file_name="v.mp4", total_size=len(video)
    )
    services.upload_session_append(
        actor=district.teacher, session=session, offset=0, chunk=io.BytesIO(video[:5000])
    )

    with pytest.raises(DomainError) as caught:
        services.upload_session_finish(
            actor=district.teacher, session=session, kinds=(FileKind.VIDEO,)
        )

    assert caught.value.code == LibraryError.TRUNCATED
    assert list(upload_dir.iterdir()) == []
    assert not StoredFile.objects.exists()


def test_a_chunked_upload_with_a_path_in_its_name_is_refused(district, upload_dir):
    with pytest.raises(DomainError) as caught:
        services.upload_session_start(
            actor=district.teacher, school=district.school, file_name="../x.mp4", total_size=10
        )

    assert caught.value.code == LibraryError.PATH_IN_NAME
    assert list(Path(upload_dir).iterdir()) == []


def test_a_chunk_beyond_the_announced_size_is_refused(district, upload_dir):
    session = services.upload_session_start(
        actor=district.teacher, school=district.school, file_name="v.mp4", total_size=10
    )

    with pytest.raises(DomainError) as caught:
        services.upload_session_append(
            actor=district.teacher, session=session, offset=0, chunk=io.BytesIO(b"x" * 11)
        )

    assert caught.value.code == LibraryError.TOO_LARGE
    session.refresh_from_db()
    assert session.received == 0


def test_an_abandoned_chunked_upload_is_purged_after_a_day(district, upload_dir):
    from datetime import timedelta

    from django.utils import timezone

    from digicampus.library.models import UploadSession

    session = services.upload_session_start(
        actor=district.teacher, school=district.school, file_name="v.mp4", total_size=100
    )
    services.upload_session_append(
        actor=district.teacher, session=session, offset=0, chunk=io.BytesIO(b"x" * 50)
    )

    assert services.upload_sessions_purge() == 0
    assert services.upload_sessions_purge(now=timezone.now() + timedelta(hours=25)) == 1
    assert list(upload_dir.iterdir()) == []
    assert UploadSession.objects.get().state == "failed"
