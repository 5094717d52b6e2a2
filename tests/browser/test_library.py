"""Browser journey: a teacher uploads a lesson plan (PDF) and a demo-lesson video shared with
the district; the school's reviewer and then the bureau approve them; a teacher of another
school finds them with a query typed without diacritics and plays the video from the middle."""

import io
from pathlib import Path

import pytest

from digicampus.accounts.tests.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = Path(__file__).parent / "media" / "demo-lesson.mp4"


def _pdf(tmp_path: Path) -> Path:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "giáo án phân số.pdf"
    path.write_bytes(out.getvalue())
    return path


def _upload(page, live_server, *, title, kind, file):
    page.goto(f"{live_server.url}/library/")
    page.get_by_test_id("upload").first.click()
    page.fill("input[name=title]", title)
    page.select_option("select[name=resource_type]", kind)
    page.select_option("select[name=subject]", "maths")
    page.select_option("select[name=grade]", "6")
    page.select_option("select[name=scope]", "district")
    page.set_input_files("input[name=file]", str(file))
    page.get_by_test_id("save").click()
    assert page.get_by_test_id("resource-title").inner_text().endswith(title)
    assert "It will be shared once reviewed." in page.content()


def _approve_all(page, live_server, who):
    sign_in(page, live_server, who.education_id, PASSWORD)
    for _ in range(2):
        page.goto(f"{live_server.url}/library/reviews")
        page.get_by_test_id("queue").get_by_test_id("resource").first.click()
        page.get_by_test_id("review-form").get_by_label("Approve").check()
        page.get_by_role("button", name="Record the decision").click()
        assert "Your decision is recorded" in page.content()
    page.goto(f"{live_server.url}/library/reviews")
    assert "Nothing is waiting for your review." in page.content()
    page.context.clear_cookies()


def test_upload_review_find_without_diacritics_and_play_from_the_middle(
    page, live_server, district, tmp_path
):
    sign_in(page, live_server, district.teacher.education_id, PASSWORD)
    _upload(
        page, live_server, title="Giáo án: cộng phân số", kind="lesson_plan", file=_pdf(tmp_path)
    )
    _upload(page, live_server, title="Tiết dạy mẫu: cộng phân số", kind="demo_video", file=VIDEO)
    screenshot(page, "library-uploaded")
    page.context.clear_cookies()

    _approve_all(page, live_server, district.reviewer)
    _approve_all(page, live_server, district.bureau_admin)

    sign_in(page, live_server, district.other_school_teacher.education_id, PASSWORD)
    page.goto(f"{live_server.url}/library/")
    page.get_by_test_id("search").fill("cong phan so")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_test_id("results")
    assert "Giáo án: cộng phân số" in results.inner_text()
    screenshot(page, "library-search")
    ranges = []
    page.on(
        "response",
        lambda r: (
            ranges.append((r.status, r.request.headers.get("range"))) if "/file" in r.url else None
        ),
    )
    results.get_by_text("Tiết dạy mẫu: cộng phân số").click()
    player = page.get_by_test_id("player")
    player.wait_for()
    page.wait_for_function(
        "document.querySelector('[data-testid=player]').readyState >= 1", timeout=15000
    )
    middle = page.evaluate(
        """async () => {
            const video = document.querySelector('[data-testid=player]');
            video.muted = true;
            const middle = video.duration / 2;
            video.currentTime = middle;
            await new Promise((done) => video.addEventListener('seeked', done, {once: true}));
            await video.play();
            await new Promise((done) => setTimeout(done, 600));
            return {middle, now: video.currentTime, duration: video.duration, paused: video.paused};
        }"""
    )
    screenshot(page, "library-video")

    assert middle["duration"] > 10
    assert middle["now"] >= middle["middle"]
    assert not middle["paused"]
    assert any(status == 206 for status, _ in ranges), ranges


def test_a_large_video_goes_up_in_chunks_from_the_upload_page(
    page, live_server, district, tmp_path
):
    import struct

    from django.test import override_settings

    from digicampus.library.models import Resource

    size = 9 * 1024 * 1024 + 123
    video = tmp_path / "tiet-day-dai.mp4"
    ftyp = struct.pack(">I", 24) + b"ftypisom" + b"\0\0\2\0" + b"isomiso2"
    video.write_bytes(ftyp + struct.pack(">I", size - 24) + b"mdat" + b"\0" * (size - 32))

    with override_settings(LIBRARY_UPLOAD_DIR=tmp_path / "parts"):
        sign_in(page, live_server, district.teacher.education_id, PASSWORD)
        chunks = []
        page.on(
            "request",
            lambda r: chunks.append(r.url) if "/api/v1/library/uploads/" in r.url else None,
        )
        _upload(page, live_server, title="Tiết dạy mẫu dài", kind="demo_video", file=video)

    resource = Resource.objects.get(title="Tiết dạy mẫu dài")
    assert resource.current_version.file.size == size
    assert len([u for u in chunks if "offset=" in u]) == 2
