"""Screening holds or blocks content; the team decides with a reason the author sees; the
author appeals to a second reviewer; suspensions stop posting; every step is audited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from digicampus.core.errors import DomainError
from digicampus.core.models import AuditEntry
from digicampus.messaging import selectors as messaging_selectors
from digicampus.safety import services
from digicampus.safety.models import Case, SafetySettings

INSULT = "Cô dạy n.g.u quá"


def test_screening_holds_an_insult_and_the_team_is_told(
    district, message_of, django_capture_on_commit_callbacks
):
    message = message_of(INSULT)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.content_screen(content=message, author=district.parent)

    case = Case.objects.get()
    message.refresh_from_db()
    assert result.decision == "hold"
    assert message.moderation == "held"
    assert case.source == "screening"
    assert case.category == "insult"
    assert case.author == district.parent
    assert len(messaging_selectors.inbox(user=district.collaborator)) == 1
    assert AuditEntry.objects.filter(verb="safety.screening_hold").exists()


def test_harmless_content_stays_published_and_opens_no_case(district, message_of):
    message = message_of("Cô ơi, mai con xin nghỉ học ạ")

    services.content_screen(content=message, author=district.parent)

    message.refresh_from_db()
    assert message.moderation == "published"
    assert not Case.objects.exists()


def test_the_bureau_policy_can_block_and_the_author_may_appeal(district, message_of):
    SafetySettings.objects.create(bureau=district.bureau, block_at=1)
    message = message_of(INSULT)

    result = services.content_screen(content=message, author=district.parent)

    message.refresh_from_db()
    case = Case.objects.get()
    assert result.decision == "block"
    assert message.moderation == "deleted"
    assert case.state == "actioned"
    services.case_appeal(actor=district.parent, case=case, text="Đó là tên một bài hát")
    case.refresh_from_db()
    assert case.state == "appealed"


def test_bureau_additions_and_allow_list_apply(district, message_of):
    SafetySettings.objects.create(
        bureau=district.bureau,
        screening_additions="insult, 2, đồ bò sát",
        screening_allow="cô dạy n.g.u",
    )
    flagged = message_of("mày là đồ bò sát")
    allowed = message_of(INSULT)

    assert services.content_screen(content=flagged, author=district.parent).decision == "hold"
    assert services.content_screen(content=allowed, author=district.parent).decision == "publish"


def _held(district, message_of):
    message = message_of(INSULT)
    services.content_screen(content=message, author=district.parent)
    return message, Case.objects.get()


def test_hide_with_a_reason_the_author_sees_then_appeal_to_a_second_reviewer(
    client, district, message_of, django_capture_on_commit_callbacks
):
    message, case = _held(district, message_of)
    client.force_login(district.collaborator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("safety:case_decide", args=[case.pk]),
            {"action": "hide", "reason": "Lời lẽ xúc phạm giáo viên"},
        )

    message.refresh_from_db()
    case.refresh_from_db()
    assert message.moderation == "hidden"
    assert message.moderation_reason == "Lời lẽ xúc phạm giáo viên"
    assert case.state == "actioned"
    assert len(messaging_selectors.inbox(user=district.parent)) == 1

    client.force_login(district.parent)
    assert "Lời lẽ xúc phạm giáo viên" in client.get(case.get_absolute_url()).content.decode()
    client.post(reverse("safety:case_appeal", args=[case.pk]), {"text": "Con viết nhầm"})
    case.refresh_from_db()
    assert case.state == "appealed"

    with pytest.raises(DomainError):
        services.appeal_decide(actor=district.collaborator, case=case, uphold=True, answer="Giữ")

    client.force_login(district.school_admin)
    client.post(
        reverse("safety:appeal_decide", args=[case.pk]),
        {"uphold": "0", "answer": "Đã xem lại, khôi phục tin nhắn"},
    )
    case.refresh_from_db()
    message.refresh_from_db()
    assert case.state == "closed"
    assert case.appeal_decided_by == district.school_admin
    assert message.moderation == "published"
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"safety.case_hide", "safety.appeal", "safety.appeal_grant"} <= verbs


def test_a_decision_needs_a_reason_and_keeps_what_was_typed(client, district, message_of):
    _message, case = _held(district, message_of)
    client.force_login(district.collaborator)

    response = client.post(reverse("safety:case_decide", args=[case.pk]), {"action": "hide"})

    case.refresh_from_db()
    assert case.state == "new"
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Give the reason the author will see." in page


def test_suspension_stops_posting_until_it_ends(district, message_of):
    _message, case = _held(district, message_of)

    services.case_decide(
        actor=district.collaborator,
        case=case,
        action="suspend",
        reason="Xúc phạm nhiều lần",
        suspend_days=3,
    )

    with pytest.raises(DomainError) as refused:
        services.posting_check(author=district.parent, school=district.school)
    assert refused.value.code == "posting_suspended"
    services.posting_check(author=district.parent, school=district.other_school)


def test_take_and_assign_within_the_team(district, message_of):
    _message, case = _held(district, message_of)

    services.case_take(actor=district.collaborator, case=case)
    case.refresh_from_db()
    assert case.state == "in_review"
    assert case.assignee == district.collaborator

    with pytest.raises(DomainError):
        services.case_take(actor=district.collaborator, case=case, assignee=district.student)


def test_the_queue_shows_open_cases_with_overdue_ones_marked(client, district, message_of):
    _message, case = _held(district, message_of)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timezone.timedelta(hours=1))
    client.force_login(district.collaborator)

    page = client.get(reverse("safety:case_queue", args=[district.school.pk])).content.decode()

    assert 'data-testid="overdue"' in page
    assert "n.g.u" in page


def test_queue_pages_stay_with_their_school(client, district, message_of):
    _message, case = _held(district, message_of)

    for user in (district.other_school_admin, district.teacher, district.student):
        client.force_login(user)
        assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(district.teacher)
    queue = reverse("safety:case_queue", args=[district.school.pk])
    assert client.get(queue).status_code == 403


def test_the_bureau_sees_only_escalated_cases(client, district, message_of):
    _message, case = _held(district, message_of)
    client.force_login(district.bureau_admin)
    assert client.get(case.get_absolute_url()).status_code == 404

    services.case_escalate(actor=district.school_admin, case=case, note="Phụ huynh khiếu nại")

    assert client.get(case.get_absolute_url()).status_code == 200
    assert case.get_absolute_url() in client.get(reverse("safety:home")).content.decode()


def test_queue_query_count_does_not_grow_with_cases(
    client, district, message_of, django_assert_max_num_queries
):
    for _ in range(3):
        services.content_screen(content=message_of(INSULT), author=district.parent)
    client.force_login(district.collaborator)
    url = reverse("safety:case_queue", args=[district.school.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(10):
        services.content_screen(content=message_of(INSULT), author=district.parent)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_bureau_sets_a_decision_per_category(district, message_of):
    SafetySettings.objects.create(bureau=district.bureau, screening_decisions="insult: block")

    result = services.content_screen(content=message_of(INSULT), author=district.parent)

    assert result.decision == "block"


def test_bad_settings_are_refused_and_kept(client, district):
    client.force_login(district.bureau_admin)
    url = reverse("safety:settings", args=[district.bureau.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields} | {
        "screening_decisions": "self_harm: block",
        "screening_additions": "rudeness, 2, đồ lười",
    }

    page = client.post(url, data).content.decode()

    assert "self_harm: block" in page
    assert "đồ lười" in page
    assert not SafetySettings.objects.exists()
    data |= {"screening_decisions": "gambling: block", "screening_additions": "insult, 2, đồ lười"}
    assert client.post(url, data).status_code == 302
    assert SafetySettings.objects.get().screening_decisions == "gambling: block"
