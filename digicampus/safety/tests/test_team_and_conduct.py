"""The collaborator team, the code of conduct and its acceptance, statistics for the bureau."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.indicators import indicator_values
from digicampus.safety import services
from digicampus.safety.models import TeamMember


def test_admin_adds_a_teacher_who_joins_the_queue_and_a_student_who_does_not(client, district):
    client.force_login(district.school_admin)
    team_url = reverse("safety:team", args=[district.school.pk])

    client.post(team_url, {"user": district.teacher.pk, "duty": "Theo dõi diễn đàn khối 6"})
    client.post(team_url, {"user": district.student.pk, "duty": "Đại sứ nội dung tích cực"})

    assert TeamMember.objects.count() == 2
    assert permissions.can(district.teacher, "safety.view_queue", district.school)
    assert not permissions.can(district.student, "safety.view_queue", district.school)
    page = client.get(team_url).content.decode()
    assert "Đại sứ nội dung tích cực" in page


def test_a_student_cannot_handle_abuse_reports(district):
    with pytest.raises(DomainError):
        services.team_member_save(
            actor=district.school_admin,
            school=district.school,
            user=district.student,
            duty="",
            handles_abuse=True,
        )


def test_only_the_school_admin_manages_the_team(client, district):
    client.force_login(district.collaborator)
    url = reverse("safety:team", args=[district.school.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"user": district.teacher.pk}).status_code == 403


@pytest.fixture
def code(district):
    return services.conduct_publish(
        actor=district.bureau_admin,
        bureau=district.bureau,
        title="Bộ quy tắc ứng xử trên không gian mạng",
        body_vi="Tôn trọng bạn bè. Không chia sẻ thông tin cá nhân.",
        body_zh_hans="尊重同学。不泄露个人信息。",
        body_en="Respect others. Do not share personal data.",
    )


def test_students_accept_the_code_on_first_visit_and_again_when_rules_change(
    client, district, code
):
    client.force_login(district.student)

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("safety:conduct"))
    assert "Respect others." in client.get(reverse("safety:conduct")).content.decode()
    client.post(reverse("safety:conduct"), {"next": "/"})
    assert client.get(reverse("home")).status_code == 200
    assert indicator_values("safety.conduct_acceptance", [district.school.pk]).overall > 0

    services.school_safety_update(
        actor=district.school_admin,
        school=district.school,
        conduct_rules="Không dùng điện thoại trong giờ học.",
        team_rules="",
    )
    client.logout()
    client.force_login(district.student)
    assert client.get(reverse("home")).status_code == 302


def test_a_new_version_is_numbered_and_read_in_the_readers_language(client, district, code):
    second = services.conduct_publish(
        actor=district.bureau_admin,
        bureau=district.bureau,
        title="v2",
        body_vi="a",
        body_zh_hans="请文明上网",
        body_en="c",
    )
    assert second.version == 2
    with pytest.raises(PermissionDenied):
        services.conduct_publish(
            actor=district.school_admin,
            bureau=district.bureau,
            title="x",
            body_vi="x",
            body_zh_hans="x",
            body_en="x",
        )
    district.student.language = "zh-hans"
    district.student.save()
    client.force_login(district.student)
    assert "请文明上网" in client.get(reverse("safety:conduct")).content.decode()


def test_statistics_show_figures_without_reporters(client, district):
    report = services.report_create(
        actor=district.parent, school=district.school, category="fake_news", text="Tin đồn"
    )
    client.force_login(district.bureau_admin)

    page = client.get(reverse("safety:statistics")).content.decode()

    assert district.school.name in page
    assert district.parent.full_name not in page
    assert report.case.get_category_display() in page
    client.force_login(district.student)
    assert client.get(reverse("safety:statistics")).status_code == 403
