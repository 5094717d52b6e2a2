"""The photo library (albums, bulk upload, consent for photos of students beyond the school)
and previews (thumbnails of photos, the first page of a PDF)."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from digicampus.core.errors import DomainError
from digicampus.library import selectors, services
from digicampus.library.choices import ShareScope
from digicampus.library.models import Photo, StoredFile
from digicampus.library.tests.factories import make_resource, png_bytes


def photo(name="anh.png"):
    return SimpleUploadedFile(name, png_bytes((800, 600)))


def real_pdf() -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(300, 400)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def album(district):
    return services.album_create(
        actor=district.school_admin,
        school=district.school,
        title="Khai giảng năm học mới",
        event="Lễ khai giảng",
        event_date=date(2026, 9, 5),
        scope=ShareScope.DISTRICT,
    )


def test_photos_are_added_in_bulk_with_thumbnails(
    district, album, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photos = services.photos_add(
            actor=district.school_admin,
            album=album,
            uploads=[photo("a.png"), photo("b.png"), photo("c.png")],
            caption="Lễ chào cờ",
        )

    assert len(photos) == 3
    for item in Photo.objects.all():
        assert item.thumbnail is not None
        assert max(Image.open(item.thumbnail.file).size) <= 480


def test_one_bad_file_in_a_bulk_upload_stores_none(district, album):
    with pytest.raises(DomainError):
        services.photos_add(
            actor=district.school_admin,
            album=album,
            uploads=[photo(), SimpleUploadedFile("x.png", b"MZ program")],
        )

    assert not Photo.objects.exists()
    assert not StoredFile.objects.exists()


def test_photos_of_students_leave_the_school_only_with_consent(district, album):
    with_students = services.photos_add(
        actor=district.school_admin, album=album, uploads=[photo()]
    )[0]
    consented = services.photos_add(
        actor=district.school_admin, album=album, uploads=[photo()], consent_recorded=True
    )[0]
    scenery = services.photos_add(
        actor=district.school_admin, album=album, uploads=[photo()], shows_students=False
    )[0]

    inside = set(selectors.album_photos(actor=district.parent, album=album))
    outside = set(selectors.album_photos(actor=district.other_school_teacher, album=album))

    assert inside == {with_students, consented, scenery}
    assert outside == {consented, scenery}
    assert selectors.album_photos(actor=AnonymousUser(), album=album).count() == 0


def test_a_photo_without_consent_answers_404_outside_the_school(client, district, album):
    hidden = services.photos_add(actor=district.school_admin, album=album, uploads=[photo()])[0]
    client.force_login(district.other_school_teacher)

    assert client.get(reverse("library:photo_file", args=[hidden.pk])).status_code == 404

    services.photo_update(
        actor=district.school_admin,
        photo=hidden,
        caption="",
        shows_students=True,
        consent_recorded=True,
    )
    assert client.get(reverse("library:photo_file", args=[hidden.pk])).status_code == 200


def test_only_school_admins_share_an_album_beyond_the_school(district):
    with pytest.raises(PermissionDenied):
        services.album_create(
            actor=district.teacher,
            school=district.school,
            title="Hội thao",
            event_date=date(2026, 11, 20),
            scope=ShareScope.PUBLIC,
        )


def test_bulk_upload_through_the_album_page(client, district, album):
    client.force_login(district.school_admin)

    response = client.post(
        album.get_absolute_url(),
        {"files": [photo("1.png"), photo("2.png")], "caption": "Văn nghệ", "shows_students": "on"},
    )

    assert response.status_code == 302
    assert album.photos.count() == 2


def test_a_pdf_gets_a_first_page_preview(district, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource(
            district.teacher, district.school, upload=SimpleUploadedFile("de.pdf", real_pdf())
        )

    resource.current_version.refresh_from_db()
    preview = resource.current_version.preview
    assert preview is not None
    assert preview.content_type == "image/jpeg"
    assert max(Image.open(preview.file).size) == 480
