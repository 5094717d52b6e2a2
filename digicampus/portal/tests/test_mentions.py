"""Mentions: `@education_id` in a published post notifies that user, if they may read it."""

from digicampus.messaging.models import Notification
from digicampus.portal import services
from digicampus.portal.tests.factories import topic
from digicampus.safety import services as safety
from digicampus.safety.models import Case

INSULT = "Mày ngu như con chó"


def mentioned():
    return [n.audience["users"] for n in Notification.objects.filter(template="forum_mention")]


def test_mentioned_classmate_is_notified_with_a_link_to_the_post(district, board):
    first = topic(board, district.student)

    reply = services.post_reply(
        actor=district.teacher,
        topic=first.topic,
        body=f"@{district.classmate.education_id}, em xem bài này nhé.",
    )

    notification = Notification.objects.get(template="forum_mention")
    assert notification.audience == {"users": [district.classmate.pk]}
    assert notification.url == reply.get_absolute_url()
    assert notification.params["title"] == first.topic.title


def test_mentions_of_users_who_cannot_read_the_board_are_ignored(district, board, neighbour):
    first = topic(board, district.student)

    services.post_reply(
        actor=district.classmate,
        topic=first.topic,
        body=f"@{neighbour.education_id} @{district.other_student.education_id} @khongco "
        f"@{district.parent.education_id} @{district.classmate.education_id}",
    )

    assert mentioned() == []


def test_mention_in_a_new_topic_notifies(district, board):
    services.topic_create(
        actor=district.student,
        board=board,
        title="Hỏi cô",
        body=f"Thưa cô @{district.teacher.education_id}.",
    )

    assert mentioned() == [[district.teacher.pk]]


def test_held_post_notifies_only_when_the_safety_team_releases_it(district, board):
    first = topic(board, district.student)
    held = services.post_reply(
        actor=district.classmate,
        topic=first.topic,
        body=f"{INSULT} @{district.student.education_id}",
    )
    before = mentioned()

    case = Case.objects.get(content_id=held.pk)
    safety.case_decide(actor=district.collaborator, case=case, action="dismiss")

    assert before == []
    assert mentioned() == [[district.student.pk]]


def test_an_edit_tells_only_the_newly_mentioned_and_not_the_followers(district, board):
    first = topic(board, district.student)
    reply = services.post_reply(
        actor=district.teacher,
        topic=first.topic,
        body=f"@{district.classmate.education_id} xem bài này.",
    )
    Notification.objects.all().delete()

    services.post_edit(
        actor=district.teacher,
        post=reply,
        body=f"@{district.classmate.education_id} @{district.student.education_id} xem bài này.",
    )
    services.post_edit(
        actor=district.teacher,
        post=reply,
        body=f"@{district.student.education_id} @{district.classmate.education_id} xem lại.",
    )

    assert mentioned() == [[district.student.pk]]
    assert not Notification.objects.filter(template="forum_reply").exists()
