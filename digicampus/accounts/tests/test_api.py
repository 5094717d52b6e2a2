import json
from pathlib import Path

import pytest

from digicampus.accounts.tests.factories import PASSWORD, UserFactory

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_app_gets_a_token_and_reads_me_with_it(client, district):
    response = client.post(
        "/api/v1/auth/token",
        {"identifier": district.teacher.education_id, "password": PASSWORD},
        content_type="application/json",
    )
    token = response.json()["token"]

    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()

    assert me["education_id"] == district.teacher.education_id
    assert "teacher" in me["roles"]
    assert "homeroom_teacher" in me["roles"]
    assert me["class_ids"] == [district.classroom.pk]


def test_wrong_password_is_a_json_error_with_a_stable_code(client, db):
    UserFactory(education_id="EDU1")

    response = client.post(
        "/api/v1/auth/token",
        {"identifier": "EDU1", "password": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_login"
    assert response.json()["message"] != "The identifier or password is not correct."


def test_api_without_credentials_is_401_json(client, db):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_disabled_accounts_token_stops_working(client, district):
    from digicampus.accounts import services

    _token, key = services.api_token_create(user=district.student, name="app")
    services.user_set_active(actor=district.school_admin, target=district.student, active=False)

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401


def test_school_list_is_scoped(client, district):
    client.force_login(district.school_admin)

    items = client.get("/api/v1/org/schools").json()["items"]

    assert [s["id"] for s in items] == [district.school.pk]


def test_class_members_of_another_school_is_404(client, district):
    client.force_login(district.school_admin)

    response = client.get(f"/api/v1/org/classes/{district.other_classroom.pk}/members")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("who", ["school_admin", "student"])
def test_class_members_in_scope(client, district, who):
    client.force_login(getattr(district, who))

    items = client.get(f"/api/v1/org/classes/{district.classroom.pk}/members").json()["items"]

    assert {i["id"] for i in items} == {district.student.pk, district.classmate.pk}


def test_parent_cannot_list_class_members(client, district):
    client.force_login(district.parent)

    response = client.get(f"/api/v1/org/classes/{district.classroom.pk}/members")

    assert response.status_code == 403


def test_openapi_schema_is_served_and_matches_the_committed_copy(client, db):
    served = client.get("/api/v1/openapi.json").json()

    assert json.loads(SCHEMA.read_text()) == served, (
        "The API changed: run `make openapi` and commit docs/openapi.json"
    )


def test_api_docs_page_is_served(client, db):
    client.force_login(UserFactory())

    assert client.get("/api/v1/docs").status_code == 200
