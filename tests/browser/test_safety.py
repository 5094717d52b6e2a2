"""Browser journey: a parent forwards a fake school-fee message; the collaborator answers."""

import pytest

from digicampus.accounts.tests.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_parent_forwards_a_scam_and_the_collaborator_answers(page, live_server, district, browser):
    sign_in(page, live_server, district.parent.education_id, PASSWORD)
    page.get_by_role("link", name="Send it to the school").click()
    page.fill("textarea[name=text]", "Chuyển khoản học phí 2.000.000đ vào tài khoản 0123456789.")
    page.get_by_role("button", name="Send the report").click()
    assert page.get_by_test_id("report-state").inner_text() == "New"
    screenshot(page, "report-sent")

    team = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(team, live_server, district.collaborator.education_id, PASSWORD)
    team.goto(f"{live_server.url}/safety/schools/{district.school.pk}/reports/")
    team.get_by_test_id("queue").get_by_role("link").first.click()
    team.select_option("select[name=state]", "actioned")
    team.fill("textarea[name=resolution]", "Tin giả. Nhà trường không thu tiền qua chuyển khoản.")
    team.get_by_role("button", name="Save").click()
    assert team.get_by_test_id("report-state").inner_text() == "Action taken"

    page.reload()
    assert "Tin giả" in page.content()
    screenshot(page, "report-answered")
