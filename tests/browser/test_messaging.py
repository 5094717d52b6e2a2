"""Browser journey on a phone: a homeroom teacher writes in the contact book for the whole
class, a parent reads it from the inbox and replies; a consent form is signed."""

import pytest

from digicampus.accounts.tests.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_writes_and_parent_reads_and_replies(page, live_server, district, browser):
    sign_in(page, live_server, district.teacher.education_id, PASSWORD)
    page.goto(f"{live_server.url}/messages/classes/{district.classroom.pk}/contact-book/")
    page.select_option("select[name=kind]", "comment")
    page.fill("textarea[name=body]", "Ngày mai lớp đi tham quan, các em mang theo nước.")
    page.get_by_role("button", name="Write").click()
    page.wait_for_selector("[data-testid=entries] >> text=tham quan")
    screenshot(page, "contact-book-teacher")

    parent = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(parent, live_server, district.parent.education_id, PASSWORD)
    parent.goto(f"{live_server.url}/messages/")
    assert parent.get_by_test_id("unread").inner_text() == "1"
    parent.get_by_test_id("inbox").get_by_role("link").first.click()
    assert "tham quan" in parent.get_by_test_id("entry-body").inner_text()
    parent.fill("textarea[name=body]", "Dạ, cảm ơn cô.")
    parent.get_by_role("button", name="Reply").click()
    parent.wait_for_selector("[data-testid=replies] >> text=cảm ơn cô")
    screenshot(parent, "contact-book-parent")


def test_parent_signs_a_consent_form(page, live_server, district, browser):
    sign_in(page, live_server, district.school_admin.education_id, PASSWORD)
    page.goto(f"{live_server.url}/messages/announcements/new/")
    page.select_option("select[name=audience]", "class_parents")
    page.check(f"input[name=classrooms][value='{district.classroom.pk}']")
    page.fill("input[name=title]", "Giấy đồng ý tham quan")
    page.fill("textarea[name=body]", "Kính mời phụ huynh ký xác nhận.")
    page.select_option("select[name=confirmation]", "signature")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector("[data-testid=recipients]")
    assert page.get_by_test_id("recipients").inner_text() == "1"

    parent = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(parent, live_server, district.parent.education_id, PASSWORD)
    parent.goto(f"{live_server.url}/messages/")
    parent.get_by_test_id("inbox").get_by_role("link").first.click()
    parent.fill("input[name=signature]", district.parent.full_name)
    parent.get_by_role("button", name="I have read and confirm").click()
    parent.wait_for_selector("[data-testid=confirmed]")
    screenshot(parent, "consent-signed")

    page.reload()
    assert page.get_by_test_id("confirmed-count").inner_text() == "1"
