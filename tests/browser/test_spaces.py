"""Browser journey: a teacher builds a course unit in their space and sets homework for the
class; a student hands it in; the teacher grades the class in one form; the parent sees the
grade."""

import pytest

from digicampus.accounts.tests.factories import PASSWORD
from digicampus.spaces.models import Assignment
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_teacher_builds_a_unit_sets_homework_student_hands_in_parent_sees_the_grade(
    page, live_server, district, browser, tmp_path
):
    plan = tmp_path / "giao-an.pdf"
    plan.write_bytes(PDF)

    sign_in(page, live_server, district.teacher.education_id, PASSWORD)
    page.goto(f"{live_server.url}/spaces/mine/")
    page.get_by_test_id("new-course").click()
    page.fill("input[name=title]", "Toán 6 — Số học")
    page.get_by_label(district.classroom.name).check()
    page.get_by_role("button", name="Create the course").click()
    assert page.get_by_test_id("course-title").inner_text() == "Toán 6 — Số học"
    page.fill("input[name=title]", "Bài 1. Tập hợp")
    page.get_by_role("button", name="Add the unit").click()
    page.select_option("select[name=slot]", "lesson_plan")
    page.fill("input[name=title]", "Giáo án bài 1")
    page.set_input_files("input[name=file]", str(plan))
    page.get_by_role("button", name="Add the resource").click()
    assert "Giáo án bài 1" in page.get_by_test_id("slot-lesson_plan").inner_text()
    screenshot(page, "spaces-unit")

    page.goto(f"{live_server.url}/spaces/classes/{district.classroom.pk}/homework/")
    page.get_by_test_id("set-homework").click()
    page.fill("input[name=title]", "Bài tập tuần 1")
    page.fill("textarea[name=instructions]", "Làm bài 1 đến bài 5 trang 12.")
    page.fill("input[name=due_at]", "2030-01-10T17:00")
    page.get_by_role("button", name="Set the homework").click()
    assert page.get_by_test_id("assignment-title").inner_text() == "Bài tập tuần 1"
    assignment = Assignment.objects.get()

    student = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(student, live_server, district.student.education_id, PASSWORD)
    student.goto(f"{live_server.url}/spaces/homework/")
    student.get_by_test_id("my-homework").get_by_text("Bài tập tuần 1").click()
    student.fill("textarea[name=text]", "Bài 1: A = {0; 1; 2; 3}")
    student.get_by_test_id("hand-in").click()
    assert "Handed in." in student.content()
    screenshot(student, "spaces-handed-in")

    page.goto(f"{live_server.url}/spaces/homework/{assignment.pk}/grade/")
    rows = page.get_by_test_id("grading-row")
    assert rows.count() == 2
    mine = rows.filter(has_text=district.student.full_name)
    mine.get_by_test_id("score").fill("9.5")
    mine.get_by_test_id("comment").fill("Em làm tốt.")
    page.get_by_test_id("save-grades").click()
    assert "1 result released." in page.content()
    screenshot(page, "spaces-grading")

    parent = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(parent, live_server, district.parent.education_id, PASSWORD)
    parent.goto(f"{live_server.url}/spaces/results/")
    result = parent.get_by_test_id("child-result")
    assert "Bài tập tuần 1" in result.inner_text()
    assert parent.get_by_test_id("child-score").inner_text() == "9.5"
    assert "Em làm tốt." in result.inner_text()
    screenshot(parent, "spaces-parent-grade")
