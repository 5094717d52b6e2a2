"""Pages and delivery: 404 outside the reader's scope, public pages without signing in, and
downloads with range requests."""

from datetime import date

import pytest
from django.urls import reverse

from digicampus.library.choices import ResourceType, ShareScope
from digicampus.library.models import Resource
from digicampus.library.tests.factories import approve, make_resource, mp4_bytes, video_upload


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def video(district):
    return approve(
        make_resource(
            district.teacher,
            district.school,
            title="Tiết dạy mẫu phân số",
            resource_type=ResourceType.DEMO_VIDEO,
            scope=ShareScope.DISTRICT,
            upload=video_upload(payload=10_000),
        ),
        district.reviewer,
        district.bureau_admin,
    )


def test_another_schools_teacher_gets_404_for_school_and_private_resources(client, district):
    for scope in (ShareScope.SCHOOL, ShareScope.PRIVATE):
        resource = make_resource(district.teacher, district.school, scope=scope)
        client.force_login(district.other_school_teacher)

        for name in (
            "library:resource_detail",
            "library:resource_download",
            "library:resource_edit",
        ):
            assert client.get(reverse(name, args=[resource.pk])).status_code == 404, (scope, name)


def test_a_colleague_cannot_edit_but_sees_the_resource(client, district):
    resource = make_resource(district.teacher, district.school)
    client.force_login(district.collaborator)

    assert client.get(resource.get_absolute_url()).status_code == 200
    assert client.get(reverse("library:resource_edit", args=[resource.pk])).status_code == 403


def test_a_public_resource_is_read_and_downloaded_without_signing_in(client, district):
    resource = approve(
        make_resource(district.teacher, district.school, scope=ShareScope.PUBLIC),
        district.reviewer,
        district.bureau_admin,
    )

    page = client.get(resource.get_absolute_url())
    download = client.get(reverse("library:resource_download", args=[resource.pk]))

    assert page.status_code == 200
    assert download.status_code == 200
    assert body(download).startswith(b"%PDF-")
    assert "attachment" in download["Content-Disposition"]
    resource.refresh_from_db()
    assert (resource.view_count, resource.download_count) == (1, 1)


def test_a_video_plays_from_the_middle_with_a_range_request(client, district, video):
    client.force_login(district.other_school_teacher)
    url = reverse("library:resource_download", args=[video.pk]) + "?inline=1"
    whole = mp4_bytes(10_000)

    middle = client.get(url, HTTP_RANGE="bytes=5000-5099")
    tail = client.get(url, HTTP_RANGE="bytes=-16")
    open_ended = client.get(url, HTTP_RANGE=f"bytes={len(whole) - 10}-")
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(whole)}-")

    assert middle.status_code == 206
    assert middle["Content-Range"] == f"bytes 5000-5099/{len(whole)}"
    assert middle["Content-Length"] == "100"
    assert body(middle) == whole[5000:5100]
    assert "inline" in middle["Content-Disposition"]
    assert body(tail) == whole[-16:]
    assert body(open_ended) == whole[-10:]
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(whole)}"
    video.refresh_from_db()
    assert video.download_count == 0  # only a request from the start counts


def test_search_page_finds_without_diacritics_and_answers_htmx_with_results(
    client, district, video
):
    client.force_login(district.other_school_teacher)

    page = client.get(reverse("library:home"), {"q": "tiet day mau phan so"})
    fragment = client.get(reverse("library:home"), {"q": "phan so"}, HTTP_HX_REQUEST="true")

    assert "Tiết dạy mẫu phân số" in page.content.decode()
    assert b"<html" not in fragment.content
    assert "Tiết dạy mẫu phân số" in fragment.content.decode()


def test_the_upload_page_keeps_what_was_typed_when_the_file_is_refused(client, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(district.teacher)

    response = client.post(
        reverse("library:resource_create", args=[district.school.pk]),
        {
            "title": "Giáo án hình học",
            "resource_type": ResourceType.LESSON_PLAN,
            "subject": "maths",
            "language": "vi",
            "licence": "cc_by",
            "scope": ShareScope.SCHOOL,
            "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 this is a program"),
        },
    )

    assert response.status_code == 200
    assert "Giáo án hình học" in response.content.decode()
    assert "not accepted" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_teacher_uploads_through_the_page_and_is_sent_to_the_resource(client, district):
    from digicampus.library.tests.factories import pdf_upload

    client.force_login(district.teacher)

    response = client.post(
        reverse("library:resource_create", args=[district.school.pk]),
        {
            "title": "Giáo án hình học",
            "resource_type": ResourceType.LESSON_PLAN,
            "subject": "maths",
            "grade": "7",
            "language": "vi",
            "licence": "cc_by",
            "scope": ShareScope.DISTRICT,
            "file": pdf_upload(),
        },
    )

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.review_state == "school"


def test_quota_pages_show_a_schools_progress(client, district):
    from datetime import date

    from digicampus.library import services

    services.quota_year_set(
        actor=district.bureau_admin,
        bureau=district.bureau,
        year_name="2026-2027",
        starts_on=date(2020, 9, 1),
        ends_on=date(2099, 8, 31),
    )
    make_resource(district.teacher, district.school)
    client.force_login(district.school_admin)

    page = client.get(reverse("library:quota_progress", args=[district.bureau.pk]))

    text = page.content.decode()
    assert district.school.name in text
    assert district.other_school.name not in text
    assert "1 of 10" in text


def test_the_resource_list_runs_a_flat_number_of_queries(
    client, district, django_assert_max_num_queries
):
    for n in range(3):
        make_resource(district.teacher, district.school, title=f"Giáo án {n}")
    client.force_login(district.teacher)
    client.get(reverse("library:home"))
    for n in range(10):
        make_resource(district.teacher, district.school, title=f"Bài {n}")

    with django_assert_max_num_queries(20):
        assert client.get(reverse("library:home")).status_code == 200


def test_the_library_speaks_the_readers_language(client, district):
    make_resource(district.teacher, district.school, title="分数的加法")
    district.teacher.language = "zh-hans"
    district.teacher.save(update_fields=["language"])
    client.force_login(district.teacher)

    page = client.get(reverse("library:home"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    text = page.content.decode()
    assert "资源库" in text
    assert "教案" in text


def test_quota_progress_is_in_the_indicator_registry(district):
    from digicampus.core.indicators import indicator_get, indicator_values
    from digicampus.library import services

    services.quota_year_set(
        actor=district.bureau_admin,
        bureau=district.bureau,
        year_name="2026-2027",
        starts_on=date(2020, 9, 1),
        ends_on=date(2099, 8, 31),
    )
    for _ in range(5):
        make_resource(district.teacher, district.school)

    result = indicator_values(
        "library.quota_progress", [district.school.pk, district.other_school.pk]
    )

    assert indicator_get("library.quota_progress").unit == "percent"
    assert result.per_school[district.school.pk] == round(100 * 5 / 17, 1)
    assert result.per_school[district.other_school.pk] == 0.0
    assert result.overall == round(100 * 5 / 34, 1)
