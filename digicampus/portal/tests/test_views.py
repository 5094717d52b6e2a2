import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from digicampus.portal import services
from digicampus.portal.models import Board, Topic
from digicampus.portal.tests.factories import BoardFactory, replies, topic
from digicampus.safety.choices import Moderation

INSULT = "Mày ngu như con chó"


def test_student_starts_a_topic_and_classmate_replies(client, district, board):
    client.force_login(district.student)
    response = client.post(
        board.get_absolute_url(), {"title": "Bài tập Toán", "body": "Bài 5 làm thế nào?"}
    )
    created = Topic.objects.get()
    client.force_login(district.classmate)
    page = client.get(created.get_absolute_url())
    answer = client.post(
        created.get_absolute_url(), {"body": "Dùng định lý Pi-ta-go."}, follow=True
    )

    assert response.url == created.get_absolute_url()
    assert "Bài 5 làm thế nào?" in page.content.decode()
    assert "Dùng định lý Pi-ta-go." in answer.content.decode()
    assert "Your post is published." in answer.content.decode()
    created.refresh_from_db()
    assert created.reply_count == 1


def test_student_of_another_class_gets_404_on_the_board_and_topic(
    client, district, board, neighbour
):
    first = topic(board, district.student)
    client.force_login(neighbour)

    assert client.get(board.get_absolute_url()).status_code == 404
    assert client.get(first.topic.get_absolute_url()).status_code == 404
    assert client.post(first.topic.get_absolute_url(), {"body": "x"}).status_code == 404
    boards = client.get(reverse("portal:school_boards", args=[district.school.pk]))
    assert board.name not in boards.content.decode()


@pytest.mark.parametrize("visitor", ["other_school_teacher", "other_school_admin", "other_student"])
def test_users_of_another_school_get_404(client, district, board, visitor):
    first = topic(board, district.student)
    client.force_login(getattr(district, visitor))

    for url in (
        board.get_absolute_url(),
        first.topic.get_absolute_url(),
        reverse("portal:school_boards", args=[district.school.pk]),
        reverse("portal:post_edit", args=[first.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_parents_do_not_see_the_forum(client, district, board):
    BoardFactory(school=district.school)
    client.force_login(district.parent)

    home = client.get(reverse("portal:home"))

    assert home.status_code == 200
    assert "The forum is for the staff and students of a school." in home.content.decode()
    assert reverse("portal:home") not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("portal:school_boards", args=[district.school.pk])).status_code == 404
    assert client.get(board.get_absolute_url()).status_code == 404


def test_forum_is_in_the_navigation_of_students_and_staff(client, district):
    for member in (district.student, district.teacher):
        client.force_login(member)
        assert reverse("portal:home") in client.get(reverse("home")).content.decode()


def test_forum_home_opens_the_only_school_of_a_student(client, district):
    client.force_login(district.student)

    response = client.get(reverse("portal:home"))

    assert response.url == reverse("portal:school_boards", args=[district.school.pk])


def test_held_reply_is_shown_only_to_its_author_with_its_reason(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)

    answer = client.post(first.topic.get_absolute_url(), {"body": INSULT}, follow=True)
    client.force_login(district.student)
    other = client.get(first.topic.get_absolute_url())

    mine = answer.content.decode()
    assert "waiting for a check by the school" in mine
    assert INSULT in mine
    assert 'data-testid="moderation-reason"' in mine
    assert 'data-testid="moderation-badge"' in mine
    assert INSULT not in other.content.decode()


def test_a_post_offers_a_report_link_to_other_readers(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)

    page = client.get(first.topic.get_absolute_url()).content.decode()

    assert f"{reverse('safety:report_create')}?content=portal.post:{first.pk}" in page


def test_a_form_with_errors_keeps_what_was_typed(client, district, board):
    client.force_login(district.student)

    response = client.post(board.get_absolute_url(), {"title": "", "body": "Nội dung giữ lại"})

    assert response.status_code == 200
    assert "Nội dung giữ lại" in response.content.decode()
    assert not Topic.objects.exists()


def test_a_locked_topic_refuses_replies_and_keeps_the_text(client, district, board):
    first = topic(board, district.student)
    services.topic_lock(actor=district.teacher, topic=first.topic)
    client.force_login(district.classmate)

    response = client.post(first.topic.get_absolute_url(), {"body": "Mình muốn hỏi thêm"})

    assert response.status_code == 200
    assert "This topic is locked" in response.content.decode()
    assert "Mình muốn hỏi thêm" in response.content.decode()


def test_teacher_pins_and_locks_a_topic_students_may_not(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.student)
    assert client.post(reverse("portal:topic_lock", args=[first.topic_id])).status_code == 403

    client.force_login(district.teacher)
    client.post(reverse("portal:topic_pin", args=[first.topic_id]))
    client.post(reverse("portal:topic_lock", args=[first.topic_id]))

    first.topic.refresh_from_db()
    assert first.topic.pinned
    assert first.topic.locked


def test_author_edits_and_deletes_a_post_others_may_not(client, district, board):
    first = topic(board, district.student)
    (reply,) = replies(first, [district.classmate])
    client.force_login(district.student)
    assert client.get(reverse("portal:post_edit", args=[reply.pk])).status_code == 403

    client.force_login(district.classmate)
    client.post(reverse("portal:post_edit", args=[reply.pk]), {"body": "Sửa lại cho đúng."})
    client.post(reverse("portal:post_delete", args=[reply.pk]))

    reply.refresh_from_db()
    assert reply.body == "Sửa lại cho đúng."
    assert reply.moderation == Moderation.DELETED


def test_my_posts_shows_a_held_post_with_its_reason(client, district, board):
    topic(board, district.student, title="Hỏi bài", body=INSULT)
    client.force_login(district.student)

    page = client.get(reverse("portal:my_posts")).content.decode()

    assert "Hỏi bài" in page
    assert "Waiting for a check by the school" in page


def test_school_admin_creates_a_board_teacher_may_not(client, district):
    url = reverse("portal:board_create", args=[district.school.pk])
    client.force_login(district.teacher)
    assert client.get(url).status_code == 403

    client.force_login(district.school_admin)
    missing = client.post(url, {"name": "Lớp 6A", "audience": "class", "position": 0})
    created = client.post(
        url,
        {
            "name": "Lớp 6A",
            "audience": "class",
            "classroom": district.classroom.pk,
            "students_may_post": "on",
            "position": 1,
        },
    )

    assert missing.status_code == 200
    assert "Lớp 6A" in missing.content.decode()
    board = Board.objects.get()
    assert created.url == board.get_absolute_url()
    assert board.classroom == district.classroom


def test_school_admin_creates_the_usual_boards(client, district):
    client.force_login(district.school_admin)

    client.post(reverse("portal:board_defaults", args=[district.school.pk]))

    assert Board.objects.filter(school=district.school).count() == 2


def test_a_post_link_opens_the_page_that_holds_it(client, district, board):
    first = topic(board, district.student)
    later = replies(first, [district.classmate] * 25)[-1]
    client.force_login(district.student)

    response = client.get(later.get_absolute_url())

    assert response.context["page"].number == 2
    assert f'id="post-{later.pk}"' in response.content.decode()


def _queries(client, url: str) -> int:
    client.get(url)  # the user's scope is cached from then on
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_board_page_queries_do_not_grow_with_topics(client, district, board):
    topic(board, district.student)
    client.force_login(district.classmate)
    few = _queries(client, board.get_absolute_url())

    for n in range(12):
        topic(board, district.student, title=f"Chủ đề {n}")

    assert _queries(client, board.get_absolute_url()) == few


def test_topic_page_queries_do_not_grow_with_posts(client, district, board):
    first = topic(board, district.student)
    replies(first, [district.classmate])
    client.force_login(district.student)
    few = _queries(client, first.topic.get_absolute_url())

    replies(first, [district.classmate, district.teacher] * 8)

    assert _queries(client, first.topic.get_absolute_url()) == few


def test_kept_rows_follow_every_change_and_the_reader(client, district, board):
    """Rows are kept rendered, so each change must show at once: a reaction, an edit, a
    hidden post, another reader (own post or not) and another language."""
    first = topic(board, district.student)
    [reply] = replies(first, [district.classmate])
    for reader in (district.student, district.classmate):
        reader.language = "en"
        reader.save(update_fields=["language"])
    client.force_login(district.student)
    url = first.topic.get_absolute_url()
    before = client.get(url).content.decode()
    services.reaction_toggle(actor=district.teacher, post=reply, kind="like")
    services.post_edit(actor=district.classmate, post=reply, body="Đã sửa: dùng Pi-ta-go.")
    after = client.get(url).content.decode()
    client.force_login(district.classmate)
    as_author = client.get(url).content.decode()
    client.post(reverse("accounts:language_set"), {"language": "zh-hans"})
    in_chinese = client.get(url).content.decode()

    assert "Đã sửa" not in before
    assert "Đã sửa" in after
    assert 'data-testid="reaction-like">Like <span class="badge text-bg-light">0' in before
    assert 'data-testid="reaction-like">Like <span class="badge text-bg-light">1' in after
    assert reverse("portal:post_edit", args=[reply.pk]) not in after
    assert reverse("portal:post_edit", args=[reply.pk]) in as_author
    assert 'data-testid="reaction-like">赞 <span class="badge text-bg-light">1' in in_chinese


def test_a_reaction_by_htmx_answers_the_post_card_alone(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)

    response = client.post(
        reverse("portal:reaction_toggle", args=[first.pk]),
        {"kind": "thanks"},
        HTTP_HX_REQUEST="true",
    )
    wrong = client.post(
        reverse("portal:reaction_toggle", args=[first.pk]),
        {"kind": "angry"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<article class="card') or html.lstrip().startswith("<article")
    assert "<html" not in html
    assert 'aria-pressed="true" data-testid="reaction-thanks"' in html
    assert wrong.status_code == 400
