"""Browser journey: a student starts a topic in the class board, a classmate replies, and a
student of another class of the same school cannot see it."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import PASSWORD, make_member
from digicampus.org.tests.factories import ClassroomFactory
from digicampus.portal.services import board_defaults
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_student_posts_classmate_replies_another_class_cannot_see(
    page, live_server, district, browser
):
    with translation.override("en"):
        board_defaults(school=district.school)
    neighbour = make_member(
        Role.STUDENT, classroom=ClassroomFactory(grade=district.classroom.grade)
    )
    class_board = f"Class {district.classroom.name}"

    sign_in(page, live_server, district.student.education_id, PASSWORD)
    page.goto(f"{live_server.url}/forum/")
    page.get_by_test_id("boards").get_by_text(class_board).click()
    page.fill("input[name=title]", "Bài tập Toán tuần này")
    page.fill("textarea[name=body]", "Bài 5 trang 42 làm thế nào các bạn?")
    page.get_by_role("button", name="Post the topic").click()
    assert page.get_by_test_id("topic-title").inner_text() == "Bài tập Toán tuần này"
    assert "Your post is published." in page.content()
    topic_url = page.url
    screenshot(page, "forum-topic")

    classmate = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(classmate, live_server, district.classmate.education_id, PASSWORD)
    classmate.goto(f"{live_server.url}/forum/")
    classmate.get_by_test_id("boards").get_by_text(class_board).click()
    classmate.get_by_test_id("topic").get_by_text("Bài tập Toán tuần này").click()
    classmate.fill("textarea[name=body]", "Dùng định lý Pi-ta-go nhé.")
    classmate.get_by_role("button", name="Send the reply").click()
    posts = classmate.get_by_test_id("posts").inner_text()
    assert "Bài 5 trang 42" in posts
    assert "Dùng định lý Pi-ta-go nhé." in posts
    # A reaction is counted in place (HTMX), without leaving the page.
    like = classmate.get_by_test_id("post").first.get_by_test_id("reaction-like")
    classmate.evaluate("window.stayed = true")
    like.click()
    liked = classmate.get_by_test_id("post").first.get_by_test_id("reaction-like")
    expect(liked).to_have_attribute("aria-pressed", "true")
    expect(liked).to_contain_text("1")
    assert classmate.evaluate("window.stayed") is True
    screenshot(classmate, "forum-reply")

    outsider = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(outsider, live_server, neighbour.education_id, PASSWORD)
    outsider.goto(f"{live_server.url}/forum/")
    boards = outsider.get_by_test_id("boards").inner_text()
    assert class_board not in boards
    response = outsider.goto(topic_url.split("?")[0])
    assert response.status == 404
    assert "Bài 5 trang 42" not in outsider.content()
    screenshot(outsider, "forum-other-class")
