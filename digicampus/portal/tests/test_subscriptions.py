"""Subscriptions: followers of a topic are told of new published replies, in-app."""

import pytest
from django.core.exceptions import PermissionDenied

from digicampus.messaging.models import Notification
from digicampus.portal import services
from digicampus.portal.models import Subscription
from digicampus.portal.tests.factories import topic

INSULT = "Mày ngu như con chó"


def told():
    return [n.audience["users"] for n in Notification.objects.filter(template="forum_reply")]


def test_author_follows_their_topic_and_hears_of_replies_but_replier_does_not(district, board):
    first = topic(board, district.student)
    services.subscription_toggle(actor=district.teacher, topic=first.topic)

    reply = services.post_reply(actor=district.classmate, topic=first.topic, body="Mình làm rồi.")

    notification = Notification.objects.get(template="forum_reply")
    assert sorted(notification.audience["users"]) == sorted(
        [district.student.pk, district.teacher.pk]
    )
    assert notification.url == reply.get_absolute_url()


def test_unsubscribed_author_and_held_replies_are_not_notified(district, board):
    first = topic(board, district.student)
    services.subscription_toggle(actor=district.teacher, topic=first.topic)

    off = services.subscription_toggle(actor=district.student, topic=first.topic)
    services.post_reply(actor=district.classmate, topic=first.topic, body=INSULT)

    assert off is False
    assert told() == []


def test_mentioned_follower_is_told_once(district, board):
    first = topic(board, district.student)

    services.post_reply(
        actor=district.teacher, topic=first.topic, body=f"@{district.student.education_id} ừ."
    )

    assert told() == []
    assert Notification.objects.filter(template="forum_mention").count() == 1


def test_student_of_another_class_cannot_follow(district, board, neighbour):
    first = topic(board, district.student)

    with pytest.raises(PermissionDenied):
        services.subscription_toggle(actor=neighbour, topic=first.topic)


def test_follow_button_toggles_and_other_school_gets_404(client, district, board):
    first = topic(board, district.student)
    url = f"/forum/topics/{first.topic_id}/subscribe/"
    client.force_login(district.classmate)

    page = client.get(first.topic.get_absolute_url()).content.decode()
    client.post(url)
    client.force_login(district.other_school_teacher)

    assert 'data-testid="subscribe"' in page
    assert Subscription.objects.filter(user=district.classmate).exists()
    assert client.post(url).status_code == 404
