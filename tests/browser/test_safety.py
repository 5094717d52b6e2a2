"""Browser journeys of safe cyberspace on a phone-sized screen: a parent forwards a scam, a
parent reports abuse in confidence, a student accepts the code of conduct."""

import pytest

from digicampus.accounts.tests.factories import PASSWORD
from digicampus.safety import services
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_parent_forwards_a_scam_and_the_collaborator_answers(page, live_server, district, browser):
    sign_in(page, live_server, district.parent.education_id, PASSWORD)
    page.get_by_role("link", name="Send it to the school").first.click()
    page.fill("textarea[name=text]", "Chuyển khoản học phí 2.000.000đ vào tài khoản 0123456789.")
    page.get_by_role("button", name="Send the report").click()
    assert page.get_by_test_id("report-state").inner_text() == "New"
    screenshot(page, "report-sent")

    team = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(team, live_server, district.collaborator.education_id, PASSWORD)
    team.goto(f"{live_server.url}/safety/")
    team.get_by_test_id("case-queue").first.click()
    team.get_by_test_id("queue").get_by_role("link").first.click()
    team.select_option("select[name=action]", "dismiss")
    team.fill("textarea[name=resolution]", "Tin giả. Nhà trường không thu tiền qua chuyển khoản.")
    team.get_by_test_id("decide").click()
    assert team.get_by_test_id("case-state").inner_text() == "Dismissed"
    screenshot(team, "case-decided")

    page.reload()
    assert "Tin giả" in page.content()
    screenshot(page, "report-answered")


def test_parent_reports_abuse_and_only_handlers_see_who(page, live_server, district, browser):
    sign_in(page, live_server, district.parent.education_id, PASSWORD)
    page.goto(f"{live_server.url}/safety/")
    page.get_by_test_id("abuse-create").click()
    page.select_option("select[name=child]", str(district.student.pk))
    page.select_option("select[name=severity]", "serious")
    page.select_option("select[name=where]", "online")
    page.fill("textarea[name=description]", "Có người lạ nhắn tin dụ dỗ con tôi gửi ảnh riêng tư.")
    page.get_by_role("button", name="Send in confidence").click()
    assert page.get_by_test_id("abuse-state").inner_text() == "New"
    screenshot(page, "abuse-sent")
    url = page.url

    teacher = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(teacher, live_server, district.teacher.education_id, PASSWORD)
    teacher.goto(f"{live_server.url}/messages/")
    assert "Urgent: an abuse report" in teacher.content()
    teacher.goto(url)
    assert teacher.get_by_test_id("abuse-reporter").inner_text() == "Confidential"
    assert district.parent.full_name not in teacher.content()
    screenshot(teacher, "abuse-homeroom-view")

    principal = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(principal, live_server, district.school_admin.education_id, PASSWORD)
    principal.goto(url)
    assert principal.get_by_test_id("abuse-reporter").inner_text() == district.parent.full_name


def test_student_accepts_the_code_of_conduct_at_first_sign_in(page, live_server, district):
    services.conduct_publish(
        actor=district.bureau_admin,
        bureau=district.bureau,
        title="Code of conduct",
        body_vi="Tôn trọng bạn bè.",
        body_zh_hans="尊重同学。",
        body_en="Respect your classmates.",
    )

    sign_in(page, live_server, district.student.education_id, PASSWORD)

    assert "Respect your classmates." in page.get_by_test_id("conduct-text").inner_text()
    screenshot(page, "conduct")
    page.get_by_test_id("conduct-accept").click()
    assert page.get_by_test_id("user-name").inner_text().strip() == district.student.full_name
    assert "/safety/conduct/" not in page.url


def test_teencode_insult_is_held_rejected_appealed_and_reviewed(
    page, live_server, district, browser
):
    from digicampus.portal.tests.factories import class_board

    board = class_board(district.classroom)
    sign_in(page, live_server, district.student.education_id, PASSWORD)
    page.goto(f"{live_server.url}/forum/boards/{board.pk}/")
    page.fill("input[name=title]", "Gửi bạn Nam")
    page.fill("textarea[name=body]", "m.à.y ngu vcl, đồ óc chóoooo")
    page.get_by_role("button", name="Post the topic").click()
    assert "Held for review" in page.content()
    screenshot(page, "forum-held")

    team = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(team, live_server, district.collaborator.education_id, PASSWORD)
    team.goto(f"{live_server.url}/safety/schools/{district.school.pk}/cases/")
    team.get_by_test_id("queue").get_by_role("link").first.click()
    assert "Insult" in team.content()
    team.select_option("select[name=action]", "delete")
    team.fill("textarea[name=reason]", "Lời lẽ xúc phạm bạn học, vi phạm quy tắc ứng xử.")
    team.get_by_test_id("decide").click()
    assert team.get_by_test_id("case-state").inner_text() == "Action taken"
    case_url = team.url

    page.goto(case_url)
    assert "Lời lẽ xúc phạm bạn học" in page.get_by_test_id("case-decision").inner_text()
    page.fill("textarea[name=text]", "Em chỉ đùa với bạn thân, em xin lỗi và sẽ sửa lời.")
    page.get_by_role("button", name="Send the appeal").click()
    assert page.get_by_test_id("case-state").inner_text() == "Appealed"
    screenshot(page, "case-appealed")

    reviewer = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(reviewer, live_server, district.school_admin.education_id, PASSWORD)
    reviewer.goto(case_url)
    reviewer.select_option("select[name=uphold]", "1")
    reviewer.fill(
        "textarea[name=answer]", "Nhà trường giữ quyết định; em hãy viết lại lịch sự hơn."
    )
    reviewer.get_by_role("button", name="Decide the appeal").click()
    assert reviewer.get_by_test_id("case-state").inner_text() == "Closed"

    page.reload()
    assert "viết lại lịch sự hơn" in page.get_by_test_id("appeal-answer").inner_text()
    screenshot(page, "case-appeal-answered")
