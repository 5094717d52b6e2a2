"""The safety API: same services, same scoping, JSON errors with stable codes."""

from digicampus.safety import services
from digicampus.safety.models import Case, TeamMember

API = "/api/v1/safety"


def _post(client, path, data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_report_then_the_team_decides_and_the_reporter_reads_the_answer(client, district):
    client.force_login(district.parent)
    created = _post(
        client,
        "/reports",
        {"category": "fake_news", "text": "Tin đồn nghỉ học", "school_id": district.school.pk},
    )
    assert created.status_code == 201
    case_id = created.json()["case_id"]

    client.force_login(district.collaborator)
    queue = client.get(f"{API}/schools/{district.school.pk}/cases").json()
    assert [c["id"] for c in queue] == [case_id]
    decided = _post(
        client, f"/cases/{case_id}/decision", {"action": "dismiss", "resolution": "Tin giả."}
    )
    assert decided.json()["state"] == "dismissed"

    client.force_login(district.parent)
    assert client.get(f"{API}/reports").json()[0]["answer"] == "Tin giả."


def test_a_decision_without_reason_is_a_json_error(client, district):
    report = services.report_create(
        actor=district.parent, school=district.school, category="other", text="x"
    )
    client.force_login(district.collaborator)

    response = _post(client, f"/cases/{report.case_id}/decision", {"action": "hide"})

    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"


def test_queue_and_cases_stay_with_their_school(client, district):
    report = services.report_create(
        actor=district.parent, school=district.school, category="other", text="x"
    )
    client.force_login(district.other_school_admin)

    assert client.get(f"{API}/cases/{report.case_id}").status_code == 404
    assert client.get(f"{API}/schools/{district.school.pk}/cases").status_code == 404
    client.force_login(district.student)
    assert client.get(f"{API}/schools/{district.school.pk}/cases").status_code == 403


def test_abuse_report_hides_the_reporter_from_the_homeroom_teacher(client, district):
    client.force_login(district.parent)
    created = _post(
        client,
        "/abuse-reports",
        {
            "school_id": district.school.pk,
            "child_id": district.student.pk,
            "severity": "high",
            "where": "offline",
            "description": "Bị bạn lớn hơn đánh ở cổng trường",
        },
    )
    assert created.status_code == 201
    assert created.json()["reporter"] == district.parent.full_name

    client.force_login(district.teacher)
    assert client.get(f"{API}/abuse-reports").json()[0]["reporter"] is None
    TeamMember.objects.create(
        school=district.school, user=district.collaborator, handles_abuse=True
    )
    client.force_login(district.collaborator)
    assert client.get(f"{API}/abuse-reports").json()[0]["reporter"] == district.parent.full_name


def test_feedback_conduct_and_screen(client, district):
    client.force_login(district.student)
    sent = _post(
        client,
        "/feedback",
        {"school_id": district.school.pk, "kind": "feedback", "subject": "Căng tin", "body": "..."},
    )
    assert sent.status_code == 201
    assert client.get(f"{API}/feedback").json()[0]["subject"] == "Căng tin"
    assert client.get(f"{API}/conduct").json()["pending"] is False
    assert (
        _post(client, "/screen", {"text": "x", "school_id": district.school.pk}).status_code == 404
    )

    client.force_login(district.teacher)
    verdict = _post(client, "/screen", {"text": "đm thằng kia", "school_id": district.school.pk})
    assert verdict.json()["decision"] != "publish"
    assert "insult" in verdict.json()["categories"]
    assert not Case.objects.exists()
