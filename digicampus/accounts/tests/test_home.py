import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from digicampus.accounts.choices import Role
from digicampus.accounts.tests.factories import make_member, make_parent_of

ROLES = ["bureau_admin", "school_admin", "teacher", "reviewer", "student", "parent"]
HOME_TEXT = {
    "bureau_admin": "District overview",
    "school_admin": "Accounts that have signed in",
    "teacher": "My homeroom classes",
    "reviewer": "Schools assigned to me",
    "student": "My parents",
    "parent": "My children",
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_own_home_page(client, district, role):
    client.force_login(getattr(district, role))

    response = client.get("/")

    assert response.status_code == 200
    assert HOME_TEXT[role] in response.content.decode()


def test_parent_home_lists_only_own_children(client, district):
    client.force_login(district.parent)

    body = client.get("/").content.decode()

    assert district.student.full_name in body
    assert district.other_student.full_name not in body
    assert district.classmate.full_name not in body


@pytest.mark.parametrize("role", ROLES)
def test_home_page_queries_do_not_grow_with_students(client, district, role):
    client.force_login(getattr(district, role))
    client.get("/")  # warm the scope cache
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for classroom in (district.classroom, district.other_classroom):
        for _ in range(10):
            make_parent_of(make_member(Role.STUDENT, classroom=classroom))
    with CaptureQueriesContext(connection) as many:
        client.get("/")

    assert len(many) == len(few)
