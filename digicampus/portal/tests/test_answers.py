"""Q&A topics: a question's author or the school's staff accept one published reply."""

import pytest
from django.core.exceptions import PermissionDenied

from digicampus.core.errors import DomainError
from digicampus.portal import services
from digicampus.portal.choices import TopicKind
from digicampus.portal.errors import PortalError
from digicampus.portal.models import Topic
from digicampus.portal.tests.factories import replies, topic
from digicampus.safety.choices import Moderation

INSULT = "Mày ngu như con chó"


def question(board, author):
    return services.topic_create(
        actor=author, board=board, title="Bài 5 làm sao?", body="Ai giúp mình với.", kind="question"
    )


def test_author_accepts_a_reply_and_unmarks_it(district, board):
    first = question(board, district.student)
    [reply] = replies(first, [district.classmate])

    services.answer_accept(actor=district.student, topic=first.topic, post=reply)
    first.topic.refresh_from_db()
    accepted = first.topic.accepted_post_id
    services.answer_accept(actor=district.student, topic=first.topic, post=None)
    first.topic.refresh_from_db()

    assert accepted == reply.pk
    assert first.topic.accepted_post_id is None


def test_teacher_of_the_school_can_accept_an_answer(district, board):
    first = question(board, district.student)
    [reply] = replies(first, [district.classmate])

    services.answer_accept(actor=district.teacher, topic=first.topic, post=reply)

    assert Topic.objects.get(pk=first.topic_id).is_answered


def test_classmate_cannot_accept_an_answer_to_someone_elses_question(district, board):
    first = question(board, district.student)
    [reply] = replies(first, [district.teacher])

    with pytest.raises(PermissionDenied):
        services.answer_accept(actor=district.classmate, topic=first.topic, post=reply)


def test_cannot_accept_in_a_discussion_the_first_post_or_a_held_reply(district, board):
    discussion = topic(board, district.student)
    [reply] = replies(discussion, [district.classmate])
    first = question(board, district.student)
    held = services.post_reply(actor=district.classmate, topic=first.topic, body=INSULT)

    with pytest.raises(DomainError) as not_question:
        services.answer_accept(actor=district.student, topic=discussion.topic, post=reply)
    for post in (first, held, reply):
        with pytest.raises(DomainError) as bad:
            services.answer_accept(actor=district.student, topic=first.topic, post=post)
        assert bad.value.code == PortalError.BAD_ANSWER
    assert not_question.value.code == PortalError.NOT_A_QUESTION
    assert held.moderation == Moderation.HELD


def test_deleted_accepted_answer_no_longer_answers_the_question(district, board):
    first = question(board, district.student)
    [reply] = replies(first, [district.classmate])
    services.answer_accept(actor=district.student, topic=first.topic, post=reply)

    services.post_delete(actor=district.classmate, post=reply)

    assert Topic.objects.get(pk=first.topic_id).accepted_post_id is None


def test_accepted_answer_is_shown_first_and_board_says_answered(client, district, board):
    first = question(board, district.student)
    [reply, other] = replies(first, [district.classmate, district.teacher])
    reply.body = "Đáp án đúng"
    reply.save(update_fields=["body"])
    client.force_login(district.student)

    client.post(f"/forum/posts/{reply.pk}/accept/")
    page = client.get(first.topic.get_absolute_url()).content.decode()
    listing = client.get(board.get_absolute_url()).content.decode()

    assert 'data-testid="accepted-answer"' in page
    assert page.index("Đáp án đúng") < page.index(f'id="post-{other.pk}"')
    assert 'data-testid="answered"' in listing


def test_student_starts_a_question_from_the_board_page(client, district, board):
    client.force_login(district.student)

    client.post(board.get_absolute_url(), {"kind": "question", "title": "Hỏi", "body": "Bài 5?"})

    assert Topic.objects.get().kind == TopicKind.QUESTION


def test_classmate_gets_403_accepting_and_other_school_404(client, district, board):
    first = question(board, district.student)
    [reply] = replies(first, [district.teacher])

    client.force_login(district.classmate)
    forbidden = client.post(f"/forum/posts/{reply.pk}/accept/")
    client.force_login(district.other_school_teacher)
    hidden = client.post(f"/forum/posts/{reply.pk}/accept/")

    assert forbidden.status_code == 403
    assert hidden.status_code == 404


def test_api_creates_a_question_and_shows_its_accepted_answer(client, district, board):
    client.force_login(district.student)

    created = client.post(
        f"/api/v1/forum/boards/{board.pk}/topics",
        {"kind": "question", "title": "Hỏi", "body": "Bài 5?"},
        content_type="application/json",
    )
    topic_row = Topic.objects.get()
    [reply] = replies(topic_row.first_post, [district.teacher])
    services.answer_accept(actor=district.student, topic=topic_row, post=reply)
    listed = client.get(f"/api/v1/forum/boards/{board.pk}/topics").json()

    assert created.status_code == 201
    assert listed["items"][0]["kind"] == "question"
    assert listed["items"][0]["accepted_post_id"] == reply.pk
