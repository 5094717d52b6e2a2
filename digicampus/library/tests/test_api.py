"""The library's API: upload (whole or in chunks), review, search, public reading."""

from django.test import override_settings

from digicampus.library.choices import ShareScope
from digicampus.library.tests.factories import approve, make_resource, mp4_bytes, pdf_upload

API = "/api/v1/library"


def test_a_teacher_uploads_a_video_in_chunks_then_reviewers_approve_it(client, district, tmp_path):
    video = mp4_bytes(50_000)
    client.force_login(district.teacher)
    with override_settings(LIBRARY_UPLOAD_DIR=tmp_path):
        started = client.post(
            f"{API}/uploads",
            {
                "school": district.school.pk,
                "file_name": "tiết dạy mẫu.mp4",
                "total_size": len(video),
            },
            content_type="application/json",
        ).json()
        first = client.post(
            f"{API}/uploads/{started['id']}?offset=0",
            video[:20_000],
            content_type="application/octet-stream",
        )
        wrong = client.post(
            f"{API}/uploads/{started['id']}?offset=0",
            video[:20_000],
            content_type="application/octet-stream",
        )
        client.post(
            f"{API}/uploads/{started['id']}?offset=20000",
            video[20_000:],
            content_type="application/octet-stream",
        )
        created = client.post(
            f"{API}/resources",
            {
                "school": district.school.pk,
                "title": "Tiết dạy mẫu: phân số",
                "resource_type": "demo_video",
                "subject": "maths",
                "grade": 6,
                "scope": ShareScope.DISTRICT,
                "upload": started["id"],
            },
        )
    resource_id = created.json()["id"]
    client.force_login(district.reviewer)
    school_step = client.post(
        f"{API}/resources/{resource_id}/review",
        {"decision": "approve"},
        content_type="application/json",
    )
    client.force_login(district.bureau_admin)
    queue = client.get(f"{API}/reviews").json()
    bureau_step = client.post(
        f"{API}/resources/{resource_id}/review",
        {"decision": "approve"},
        content_type="application/json",
    )
    client.force_login(district.other_school_teacher)
    found = client.get(f"{API}/resources", {"q": "tiet day mau phan so"}).json()

    assert first.json()["received"] == 20_000
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "upload_offset_mismatch"
    assert created.status_code == 200, created.content
    assert created.json()["file_kind"] == "video"
    assert created.json()["file_size"] == len(video)
    assert school_step.json()["review_state"] == "bureau"
    assert [r["id"] for r in queue] == [resource_id]
    assert bureau_step.json()["review_state"] == "approved"
    assert [r["id"] for r in found["items"]] == [resource_id]


def test_a_refused_file_answers_with_a_code_and_a_message(client, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(district.teacher)

    response = client.post(
        f"{API}/resources",
        {
            "school": district.school.pk,
            "title": "Đề thi",
            "resource_type": "test_paper",
            "subject": "maths",
            "file": SimpleUploadedFile("de-thi.pdf", b"MZ\x90\x00 program"),
        },
    )

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "file_type_not_allowed", response.json()


def test_public_resources_are_listed_without_signing_in(client, district):
    public = approve(
        make_resource(district.teacher, district.school, title="Phân số", scope=ShareScope.PUBLIC),
        district.reviewer,
        district.bureau_admin,
    )
    make_resource(district.teacher, district.school, title="Phân số nội bộ")

    listed = client.get(f"{API}/public/resources", {"q": "phan so"}).json()
    detail = client.get(f"{API}/resources/{public.pk}")

    assert [r["id"] for r in listed["items"]] == [public.pk]
    assert detail.status_code == 200
    assert detail.json()["download_url"].endswith(f"/resources/{public.pk}/file")


def test_another_schools_teacher_gets_404_through_the_api(client, district):
    resource = make_resource(district.teacher, district.school, upload=pdf_upload())
    client.force_login(district.other_school_teacher)

    assert client.get(f"{API}/resources/{resource.pk}").status_code == 404
    assert (
        client.post(
            f"{API}/resources/{resource.pk}/rating", {"stars": 5}, content_type="application/json"
        ).status_code
        == 404
    )


def test_a_chunked_upload_survives_a_form_error_and_is_used_on_the_next_try(
    client, district, tmp_path
):
    from digicampus.library.models import Resource, StoredFile

    video = mp4_bytes(5_000)
    client.force_login(district.teacher)
    with override_settings(LIBRARY_UPLOAD_DIR=tmp_path):
        started = client.post(
            f"{API}/uploads",
            {"school": district.school.pk, "file_name": "v.mp4", "total_size": len(video)},
            content_type="application/json",
        ).json()
        client.post(
            f"{API}/uploads/{started['id']}?offset=0",
            video,
            content_type="application/octet-stream",
        )
        fields = {
            "school": district.school.pk,
            "resource_type": "lesson_video",
            "subject": "maths",
            "upload": started["id"],
        }
        refused = client.post(f"{API}/resources", {**fields, "title": ""})
        stored_after_refusal = StoredFile.objects.count()
        created = client.post(f"{API}/resources", {**fields, "title": "Video bài giảng"})

    assert refused.status_code == 400
    assert stored_after_refusal == 0
    assert created.status_code == 200
    assert Resource.objects.get().current_version.file.size == len(video)
    assert list(tmp_path.iterdir()) == []
