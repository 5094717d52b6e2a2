"""School portals and the news workflow: writers draft and submit, editors return or publish
(now or scheduled), visitors read published articles without an account."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from digicampus.core.errors import DomainError
from digicampus.core.models import AuditEntry
from digicampus.messaging.models import Notification
from digicampus.portal import services
from digicampus.portal.choices import ArticleState
from digicampus.portal.models import Article, Site
from digicampus.portal.tests.factories import (
    draft,
    news_column,
    published,
    school_site,
    writer_of,
)
from digicampus.safety.choices import Moderation


@pytest.fixture
def site(district):
    return school_site(district.school)


@pytest.fixture
def writer(district, site):
    return writer_of(site, district.teacher)


def _png() -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


# ---------------------------------------------------------------- the workflow


def test_writer_drafts_editor_returns_writer_resubmits_editor_publishes_visitor_reads(
    client, district, site, writer, django_capture_on_commit_callbacks
):
    editor = district.school_admin
    client.force_login(writer)
    created = client.post(
        reverse("portal_site:article_create", args=[site.pk]),
        {
            "title": "Cuộc thi An toàn trên không gian mạng",
            "column": news_column(site).pk,
            "summary": "Học sinh khối 8 đạt giải.",
            "body": "<p>Chúc mừng các em.</p>",
        },
    )
    article = Article.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal_site:article_submit", args=[article.pk]))
    article.refresh_from_db()
    assert created.status_code == 302
    assert article.state == ArticleState.SUBMITTED
    assert article.slug == "cuoc-thi-an-toan-tren-khong-gian-mang"
    assert Notification.objects.filter(audience__users=[editor.pk]).exists()

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal_site:article_return", args=[article.pk]),
            {"comment": "Thêm ảnh lễ trao giải."},
        )
    article.refresh_from_db()
    assert article.state == ArticleState.RETURNED
    assert article.editor_comment == "Thêm ảnh lễ trao giải."
    assert Notification.objects.filter(audience__users=[writer.pk]).exists()

    client.force_login(writer)
    page = client.get(reverse("portal_site:article_edit", args=[article.pk]))
    assert "Thêm ảnh lễ trao giải." in page.content.decode()
    client.post(
        reverse("portal_site:article_edit", args=[article.pk]),
        {
            "title": article.title,
            "column": article.column_id,
            "summary": article.summary,
            "body": "<p>Chúc mừng các em.</p><p>Ảnh lễ trao giải.</p>",
        },
    )
    client.post(reverse("portal_site:article_submit", args=[article.pk]))

    client.force_login(editor)
    client.post(reverse("portal_site:article_publish", args=[article.pk]), {"publish_at": ""})
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED

    client.logout()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ảnh lễ trao giải." in text
    assert writer.full_name in text
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"portal.article_return", "portal.article_publish", "portal.article_submit"} <= verbs


def test_writer_cannot_publish_their_article(district, site, writer):
    article = draft(site, writer)

    with pytest.raises(PermissionDenied):
        services.article_publish(actor=writer, article=article)


def test_writer_gets_403_on_the_publish_button(client, district, site, writer):
    article = draft(site, writer)
    client.force_login(writer)

    response = client.post(reverse("portal_site:article_publish", args=[article.pk]))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT


def test_writer_cannot_edit_once_submitted_but_editor_can(district, site, writer):
    article = draft(site, writer)
    services.article_submit(actor=writer, article=article)

    with pytest.raises(PermissionDenied):
        services.article_update(
            actor=writer, article=article, column=article.column, title="x", body="<p>y</p>"
        )
    services.article_update(
        actor=district.school_admin,
        article=article,
        column=article.column,
        title="Sửa tiêu đề",
        body="<p>y</p>",
    )
    assert article.title == "Sửa tiêu đề"


def test_return_needs_a_comment(district, site, writer):
    article = draft(site, writer)
    services.article_submit(actor=writer, article=article)

    with pytest.raises(DomainError):
        services.article_return(actor=district.school_admin, article=article, comment=" ")


def test_teacher_without_a_role_cannot_write(district, site):
    with pytest.raises(PermissionDenied):
        draft(site, district.teacher)


@pytest.mark.parametrize("visitor", ["other_school_admin", "other_school_teacher"])
def test_another_schools_staff_get_404_on_management_pages(client, district, site, visitor):
    article = draft(site, district.school_admin)
    client.force_login(getattr(district, visitor))

    for url in (
        reverse("portal_site:site_detail", args=[site.pk]),
        reverse("portal_site:site_settings", args=[site.pk]),
        reverse("portal_site:article_edit", args=[article.pk]),
        reverse("portal_site:column_edit", args=[news_column(site).pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("portal_site:article_publish", args=[article.pk])).status_code == 404


def test_other_school_admin_cannot_give_roles_on_the_portal(district, site):
    with pytest.raises(PermissionDenied):
        services.site_role_save(
            actor=district.other_school_admin, site=site, user=district.teacher, role="writer"
        )


def test_admin_cannot_make_another_schools_teacher_a_writer(district, site):
    with pytest.raises(DomainError):
        services.site_role_save(
            actor=district.school_admin,
            site=site,
            user=district.other_school_teacher,
            role="writer",
        )


def test_validation_errors_keep_what_was_typed(client, district, site, writer):
    client.force_login(writer)

    response = client.post(
        reverse("portal_site:article_create", args=[site.pk]),
        {"title": "Tiêu đề đã gõ", "column": news_column(site).pk, "body": ""},
    )

    assert response.status_code == 200
    assert "Tiêu đề đã gõ" in response.content.decode()
    assert not Article.objects.exists()


# ---------------------------------------------------------------- public pages


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "unpublished"])
def test_visitor_gets_404_for_an_article_not_published(client, district, site, writer, state):
    article = draft(site, writer)
    Article.objects.filter(pk=article.pk).update(state=state)

    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_hidden_until_its_time_then_shows(client, district, site, writer):
    article = draft(site, writer)
    services.article_publish(
        actor=district.school_admin,
        article=article,
        publish_at=timezone.now() + timedelta(hours=2),
    )
    assert article.state == ArticleState.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert services.articles_publish_due() == 1
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED


def test_held_article_is_not_public_until_released(client, district, site, writer):
    article = draft(site, writer)
    article = services.article_publish(actor=district.school_admin, article=article)
    Article.objects.filter(pk=article.pk).update(moderation=Moderation.HELD)

    assert client.get(article.get_absolute_url()).status_code == 404


def test_screening_holds_an_insulting_article_on_publish(client, district, site, writer):
    article = draft(site, writer, title="Mày ngu như con chó", body="<p>Mày ngu như con chó</p>")

    services.article_publish(actor=district.school_admin, article=article)

    article.refresh_from_db()
    assert article.moderation != Moderation.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404


def test_view_count_goes_up_on_every_reading(client, district, site, writer):
    article = published(site, writer, district.school_admin)

    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())

    article.refresh_from_db()
    assert article.views == 2


def test_home_page_is_cached_and_refreshed_on_publish(
    client, district, site, writer, django_assert_num_queries, django_capture_on_commit_callbacks
):
    published(site, writer, district.school_admin, title="Tin thứ nhất")
    first = client.get(site.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(site.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        published(site, writer, district.school_admin, title="Tin thứ hai")
    after = client.get(site.get_absolute_url())

    assert "Tin thứ nhất" in first.content.decode()
    assert again.content == first.content
    assert "Tin thứ hai" in after.content.decode()


def test_column_list_queries_stay_flat(
    client, district, site, writer, django_assert_max_num_queries
):
    column = news_column(site)
    published(site, writer, district.school_admin, title="Tin 1")
    from django.core.cache import cache

    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(column.get_absolute_url())
    for n in range(8):
        published(site, writer, district.school_admin, title=f"Tin số {n + 2}")
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(column.get_absolute_url())

    assert "Tin số 9" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_feed_and_sitemap_list_only_published(client, district, site, writer):
    shown = published(site, writer, district.school_admin, title="Đã đăng")
    hidden = draft(site, writer, title="Bản nháp bí mật")

    feed = client.get(reverse("portal_public:feed", args=[site.slug]))
    sitemap = client.get("/sitemap.xml")

    assert feed.status_code == 200
    assert "Đã đăng" in feed.content.decode()
    assert "Bản nháp bí mật" not in feed.content.decode()
    assert shown.get_absolute_url() in sitemap.content.decode()
    assert hidden.get_absolute_url() not in sitemap.content.decode()


def test_bureau_portal_shows_school_news_shared_with_it(client, district, site, writer):
    bureau_site = services.site_create(actor=None, bureau=district.bureau)
    shared = published(site, writer, district.school_admin, title="Tin chia sẻ")
    Article.objects.filter(pk=shared.pk).update(share_with_bureau=True)
    published(site, writer, district.school_admin, title="Tin riêng của trường")
    own = published(bureau_site, district.bureau_admin, district.bureau_admin, title="Tin phòng")

    text = client.get(bureau_site.get_absolute_url()).content.decode()

    assert "Tin chia sẻ" in text
    assert "Tin phòng" in text
    assert "Tin riêng của trường" not in text
    assert own.moderation == Moderation.PUBLISHED


def test_site_slug_is_ascii_without_diacritics(district):
    district.school.name = "Trường THCS Đông Hà"
    district.school.save()

    site = school_site(district.school)

    assert site.slug == "truong-thcs-dong-ha"


def test_chinese_school_name_falls_back_to_the_school_code(district):
    district.school.name = "实验中学"
    district.school.code = "SX-001"
    district.school.save()

    site = school_site(district.school)

    assert site.slug == "sx-001"


def test_site_colour_must_be_hex(district, site):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.site_update(actor=district.school_admin, site=site, colour="red;}</style>")


# ---------------------------------------------------------------- sanitising and images


def test_body_is_sanitised(district, site, writer):
    article = draft(
        site,
        writer,
        body=(
            '<p onclick="x()">Xin chào<script>alert(1)</script></p>'
            '<img src="x" onerror="alert(1)">'
            '<a href="javascript:alert(1)">bad</a> <a href="https://moet.gov.vn">ok</a>'
            '<img src="https://evil.example/track.png">'
        ),
    )

    assert "<script" not in article.body
    assert "alert" not in article.body
    assert "onerror" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "evil.example" not in article.body
    assert 'href="https://moet.gov.vn"' in article.body
    assert "noopener" in article.body


def test_uploaded_image_is_kept_in_the_body_and_public_once_published(
    client, district, site, writer
):
    client.force_login(writer)
    upload = client.post(reverse("portal_site:file_upload", args=[site.pk]), {"image": _png()})
    url = upload.json()["url"]
    article = draft(site, writer, body=f'<figure><img src="{url}" alt="Lễ trao giải"></figure>')
    client.logout()
    hidden = client.get(url)
    services.article_publish(actor=district.school_admin, article=article)
    shown = client.get(url)

    assert upload.status_code == 201
    assert f'src="{url}"' in article.body
    assert hidden.status_code == 404
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"


def test_image_of_another_portal_is_dropped(district, site, writer):
    other = school_site(district.other_school)
    image = services.site_file_store(actor=district.other_school_admin, site=other, upload=_png())

    article = draft(site, writer, body=f'<p>x</p><img src="{image.get_absolute_url()}">')

    assert image.get_absolute_url() not in article.body


def test_bureau_site_articles_are_not_screened(district):
    bureau_site = services.site_create(actor=district.bureau_admin, bureau=district.bureau)
    article = services.article_create(
        actor=district.bureau_admin,
        site=bureau_site,
        column=news_column(bureau_site),
        title="Thông báo",
        body="<p>Nội dung</p>",
    )

    services.article_publish(actor=district.bureau_admin, article=article)

    assert Site.objects.filter(bureau=district.bureau).exists()
    assert article.state == ArticleState.PUBLISHED


def test_visitor_switches_the_public_portal_language_by_a_link(client, district, site):
    home = reverse("portal_public:home", args=[site.slug])
    client.cookies.load({"dc_language": "vi"})
    in_vietnamese = client.get(home).content.decode()
    switched = client.get(reverse("accounts:language_link", args=["zh-hans"]) + f"?next={home}")
    in_chinese = client.get(home).content.decode()
    away = client.get(reverse("accounts:language_link", args=["en"]) + "?next=https://evil.test/")
    unknown = client.get(reverse("accounts:language_link", args=["fr"]) + f"?next={home}")

    assert 'data-testid="public-languages"' in in_vietnamese
    assert '<html lang="vi"' in in_vietnamese
    assert switched.status_code == 302
    assert switched.url == home
    assert '<html lang="zh-hans"' in in_chinese
    assert away.url == "/"
    assert unknown.status_code == 404


def test_images_of_students_are_published_only_with_consent_on_record(district, site, writer):
    editor = district.school_admin
    image = services.site_file_store(actor=writer, site=site, upload=_png())
    body = f'<p>Lễ khai giảng.</p><img src="{image.get_absolute_url()}">'
    article = services.article_create(
        actor=writer,
        site=site,
        column=news_column(site),
        title="Khai giảng",
        body=body,
        student_photos="no_consent",
    )
    text_only = services.article_create(
        actor=writer,
        site=site,
        column=news_column(site),
        title="Lịch họp",
        body="<p>Họp phụ huynh.</p>",
        student_photos="no_consent",
    )

    with pytest.raises(DomainError) as refused:
        services.article_publish(actor=editor, article=article)
    assert refused.value.code == "article_photo_consent_missing"
    services.article_publish(actor=editor, article=text_only)
    article = services.article_update(
        actor=editor,
        article=article,
        column=article.column,
        title=article.title,
        body=body,
        student_photos="consent",
    )
    published_article = services.article_publish(actor=editor, article=article)
    assert published_article.state == ArticleState.PUBLISHED
    with pytest.raises(DomainError):
        services.article_update(
            actor=editor,
            article=published_article,
            column=article.column,
            title=article.title,
            body=body,
            student_photos="no_consent",
        )


def test_portals_are_in_the_navigation_of_staff_not_of_students_or_parents(client, district):
    for member, shown in (
        (district.school_admin, True),
        (district.teacher, True),
        (district.bureau_admin, True),
        (district.student, False),
        (district.parent, False),
    ):
        client.force_login(member)
        home = client.get(reverse("home"), follow=True).content.decode()
        assert (f'href="{reverse("portal_site:site_list")}"' in home) is shown, member
