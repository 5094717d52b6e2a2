"""Browser journey 7: a teacher drafts a news article, the principal publishes it, and a
visitor without an account reads it on a phone."""

import re

import pytest
from playwright.sync_api import expect

from digicampus.accounts.tests.factories import PASSWORD
from digicampus.portal.tests.factories import school_site, writer_of
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_writer_drafts_editor_publishes_visitor_reads_on_a_phone(
    page, live_server, district, browser
):
    site = school_site(district.school, name="Trường THCS Nguyễn Du", colour="#2e7d32")
    writer_of(site, district.teacher)

    sign_in(page, live_server, district.teacher.education_id, PASSWORD)
    page.goto(f"{live_server.url}/portal/sites/{site.pk}/articles/new/")
    page.fill("input[name=title]", "Học sinh đạt giải cuộc thi An toàn không gian mạng")
    page.select_option("select[name=column]", label="News")
    page.fill("textarea[name=summary]", "Ba học sinh lớp 8 đạt giải nhất.")
    editor = page.locator("trix-editor")
    editor.click()
    page.keyboard.type("Chúc mừng các em! <script>alert(1)</script>")
    page.keyboard.press("Enter")
    bold = page.locator("trix-toolbar [data-trix-attribute=bold]")
    bold.click()
    expect(bold).to_have_class(re.compile("trix-active"))
    page.keyboard.type("Lễ trao giải sáng thứ Hai.")
    bold.click()
    page.keyboard.press("Enter")
    # An image dropped into the text is uploaded at once and kept as the portal's file.
    page.evaluate(
        """async () => {
          const canvas = document.createElement("canvas");
          canvas.width = 16; canvas.height = 16;
          canvas.getContext("2d").fillRect(0, 0, 16, 16);
          const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
          const file = new File([blob], "trao-giai.png", {type: "image/png"});
          document.querySelector("trix-editor").editor.insertFile(file);
        }"""
    )
    page.wait_for_function(
        "document.querySelector('textarea[name=body]').value.includes('/portal/files/')"
    )
    screenshot(page, "portal-article-editor")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send to the editors").click()
    assert page.get_by_test_id("article-state").inner_text() == "Submitted for review"
    article_url = page.url

    editor = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(editor, live_server, district.school_admin.education_id, PASSWORD)
    editor.goto(article_url)
    editor.get_by_role("button", name="Publish").click()
    assert editor.get_by_test_id("article-state").inner_text() == "Published"
    editor.get_by_role("link", name="Public page").click()
    public_url = editor.url

    visitor = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    response = visitor.goto(public_url)
    assert response.status == 200
    assert "accounts/login" not in visitor.url
    title = visitor.get_by_test_id("article-title").inner_text()
    assert title == "Học sinh đạt giải cuộc thi An toàn không gian mạng"
    body = visitor.get_by_test_id("article-body").inner_text()
    assert "Lễ trao giải sáng thứ Hai." in body
    bold = visitor.locator("[data-testid=article-body] strong", has_text="Lễ trao giải")
    assert bold.count() == 1
    assert visitor.locator("[data-testid=article-body] img").count() == 1
    assert (
        visitor.evaluate("document.querySelector('[data-testid=article-body] img').naturalWidth")
        == 16
    )
    assert "<script>" not in visitor.content()
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    screenshot(visitor, "portal-article-phone")
    visitor.goto(f"{live_server.url}{site.get_absolute_url()}")
    assert "Học sinh đạt giải" in visitor.get_by_test_id("column").first.inner_text()
    screenshot(visitor, "portal-home-phone")
