from digicampus.spaces import services
from digicampus.spaces.tests.factories import course, homework, space_of, unit

API = "/api/v1/spaces"
JSON = "application/json"


def test_student_writes_in_their_space_and_teacher_signs_the_guestbook(client, district):
    client.force_login(district.student)
    mine = client.get(f"{API}/mine").json()
    created = client.post(
        f"{API}/spaces/{mine['id']}/posts",
        {"body": "Bài vẽ của em", "kind": "work"},
        content_type=JSON,
    )
    client.force_login(district.teacher)
    note = client.post(
        f"{API}/spaces/{mine['id']}/guestbook", {"body": "Đẹp lắm!"}, content_type=JSON
    )
    posts = client.get(f"{API}/spaces/{mine['id']}/posts").json()

    assert mine["role"] == "student"
    assert created.status_code == 201
    assert created.json()["moderation"] == "published"
    assert note.status_code == 201
    assert [p["body"] for p in posts["items"]] == ["Bài vẽ của em"]


def test_user_of_another_school_gets_404(client, district):
    space = space_of(district.teacher)
    client.force_login(district.other_school_teacher)

    assert client.get(f"{API}/spaces/{space.pk}").status_code == 404
    assert client.get(f"{API}/spaces/{space.pk}/posts").status_code == 404


def test_course_lists_its_units_with_their_resources(client, district):
    c = course(district.teacher, district.classroom)
    u = unit(c)
    services.unit_resource_add(
        actor=district.teacher, unit=u, slot="video", link="https://example.org/v"
    )
    client.force_login(district.student)

    data = client.get(f"{API}/courses/{c.pk}").json()

    assert data["units"][0]["title"] == u.title
    assert data["units"][0]["complete"] is False
    assert data["units"][0]["resources"][0]["slot"] == "video"


def test_homework_submitted_graded_and_seen_by_the_parent(client, district):
    assignment = homework(district.teacher, district.classroom)
    client.force_login(district.student)
    handed = client.post(
        f"{API}/homework/{assignment.pk}/submission", {"text": "Đáp án"}, content_type=JSON
    )
    client.force_login(district.teacher)
    rows = client.get(f"{API}/homework/{assignment.pk}/submissions").json()
    graded = client.post(
        f"{API}/homework/{assignment.pk}/grades",
        [{"student_id": district.student.pk, "score": "8.5", "comment": "Tốt"}],
        content_type=JSON,
    )
    client.force_login(district.parent)
    results = client.get(f"{API}/results").json()

    assert handed.status_code == 201
    assert handed.json()["is_late"] is False
    assert {r["student_id"] for r in rows} == {district.student.pk, district.classmate.pk}
    assert graded.json() == {"graded": 1}
    assert results[0]["results"][0]["score"] == "8.5"


def test_student_cannot_grade_through_the_api(client, district):
    assignment = homework(district.teacher, district.classroom)
    client.force_login(district.student)

    response = client.post(
        f"{API}/homework/{assignment.pk}/grades",
        [{"student_id": district.student.pk, "score": "10", "comment": ""}],
        content_type=JSON,
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_student_hands_in_a_file_through_the_api(client, district):
    from digicampus.spaces.tests.factories import pdf

    assignment = homework(district.teacher, district.classroom)
    client.force_login(district.student)

    response = client.post(
        f"{API}/homework/{assignment.pk}/submission/upload", {"text": "Bài làm", "file": pdf()}
    )
    empty = client.post(f"{API}/homework/{assignment.pk}/submission/upload", {})

    assert response.status_code == 201
    assert assignment.submissions.get().files.count() == 1
    assert empty.status_code == 400
