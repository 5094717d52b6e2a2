"""Browser journeys on a phone-sized screen: each role signs in, switches language, and a
school admin imports a small Excel file."""

import pytest

from digicampus.accounts.tests.factories import PASSWORD
from digicampus.accounts.tests.xlsx import STUDENT_HEADER, student_row, workbook_bytes
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "bureau_admin": "District overview",
    "school_admin": None,  # the school's name
    "teacher": "Welcome",
    "student": "Welcome",
    "parent": "Welcome",
}


@pytest.mark.parametrize("role", list(HEADINGS))
def test_each_role_signs_in_and_sees_its_home(page, live_server, district, role):
    user = getattr(district, role)

    sign_in(page, live_server, user.education_id, PASSWORD)

    heading = page.locator("h1").first.inner_text()
    expected = HEADINGS[role] or district.school.name
    assert expected in heading
    assert page.get_by_test_id("user-name").inner_text().strip() == user.full_name
    screenshot(page, f"home-{role}")


def test_parent_sees_own_child_only(page, live_server, district):
    sign_in(page, live_server, district.parent.education_id, PASSWORD)

    children = page.get_by_test_id("child").all_inner_texts()

    assert len(children) == 1
    assert district.student.full_name in children[0]


def test_user_switches_language_and_it_is_remembered(page, live_server, district):
    sign_in(page, live_server, district.teacher.education_id, PASSWORD)

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert "退出" in page.content()
    screenshot(page, "home-teacher-zh")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()

    district.teacher.refresh_from_db()
    assert district.teacher.language == "vi"
    assert "Đăng xuất" in page.content()


def test_school_admin_imports_a_small_excel_file(page, live_server, district, tmp_path):
    rows = [student_row(n, district.classroom.name) for n in range(1, 4)]
    path = tmp_path / "students.xlsx"
    path.write_bytes(workbook_bytes(STUDENT_HEADER, rows))
    sign_in(page, live_server, district.school_admin.education_id, PASSWORD)

    page.goto(f"{live_server.url}/accounts/schools/{district.school.pk}/imports/")
    page.select_option("select[name=kind]", "students")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_selector("[data-testid=import-status][data-status=ready]")
    screenshot(page, "import-ready")
    page.get_by_role("button", name="Import now").click()
    page.wait_for_selector("[data-testid=import-status][data-status=done]")
    screenshot(page, "import-done")

    page.goto(f"{live_server.url}/org/classes/{district.classroom.pk}/")
    roster = page.get_by_test_id("roster").inner_text()
    assert "Học sinh 1" in roster
    assert "Phụ huynh 3" in roster


def test_bad_rows_are_listed_in_the_browser(page, live_server, district, tmp_path):
    rows = [
        student_row(1, "NO-SUCH-CLASS"),
        student_row(2, district.classroom.name, parent_phone="abc"),
    ]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes(STUDENT_HEADER, rows))
    sign_in(page, live_server, district.school_admin.education_id, PASSWORD)

    page.goto(f"{live_server.url}/accounts/schools/{district.school.pk}/imports/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_selector("[data-testid=import-status][data-status=invalid]")

    errors = page.get_by_test_id("import-errors").inner_text()
    assert "NO-SUCH-CLASS" in errors
    assert "abc" in errors
    screenshot(page, "import-invalid")
