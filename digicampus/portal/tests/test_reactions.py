"""Reactions: readers who see a post toggle a like, thanks or helpful on it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from digicampus.core.errors import DomainError
from digicampus.portal import selectors, services
from digicampus.portal.models import Reaction
from digicampus.portal.tests.factories import replies, topic

INSULT = "Mày ngu như con chó"


def test_classmate_toggles_a_reaction_and_counts_follow(district, board):
    first = topic(board, district.student)

    on = services.reaction_toggle(actor=district.classmate, post=first, kind="thanks")
    services.reaction_toggle(actor=district.teacher, post=first, kind="thanks")
    [counted] = selectors.reactions_attach(
        actor=district.classmate,
        posts=selectors.post_list(actor=district.classmate, topic=first.topic),
    )
    off = services.reaction_toggle(actor=district.classmate, post=first, kind="thanks")
    [after] = selectors.reactions_attach(
        actor=district.classmate,
        posts=selectors.post_list(actor=district.classmate, topic=first.topic),
    )

    assert on is True
    assert off is False
    assert ("thanks", "Thanks", 2, True) in counted.reaction_summary()
    assert ("thanks", "Thanks", 1, False) in after.reaction_summary()


def test_student_of_another_class_cannot_react(district, board, neighbour):
    first = topic(board, district.student)

    with pytest.raises(PermissionDenied):
        services.reaction_toggle(actor=neighbour, post=first, kind="like")
    assert not Reaction.objects.exists()


def test_nobody_reacts_to_a_held_post_or_with_an_unknown_kind(district, board):
    first = topic(board, district.student)
    held = services.post_reply(actor=district.classmate, topic=first.topic, body=INSULT)

    with pytest.raises(PermissionDenied):
        services.reaction_toggle(actor=district.classmate, post=held, kind="like")
    with pytest.raises(DomainError):
        services.reaction_toggle(actor=district.classmate, post=first, kind="love")


def test_reaction_button_posts_and_redirects_to_the_post(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)

    response = client.post(f"/forum/posts/{first.pk}/react/", {"kind": "helpful"})
    page = client.get(first.topic.get_absolute_url()).content.decode()

    assert response.status_code == 302
    assert Reaction.objects.get().kind == "helpful"
    assert 'data-testid="reaction-helpful"' in page
    assert 'aria-pressed="true"' in page


def test_other_school_gets_404_on_reacting(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.other_school_teacher)

    assert client.post(f"/forum/posts/{first.pk}/react/", {"kind": "like"}).status_code == 404


def test_topic_page_queries_stay_flat_as_reacted_posts_grow(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.teacher)

    def count():
        client.get(first.topic.get_absolute_url())  # warms the per-user caches
        with CaptureQueriesContext(connection) as ctx:
            client.get(first.topic.get_absolute_url())
        return len(ctx)

    services.reaction_toggle(actor=district.classmate, post=first, kind="like")
    few = count()
    for post in replies(first, [district.classmate, district.student, district.collaborator]):
        services.reaction_toggle(actor=district.student, post=post, kind="thanks")
        services.reaction_toggle(actor=district.classmate, post=post, kind="like")
    many = count()

    assert many == few


def test_api_lists_reaction_counts(client, district, board):
    first = topic(board, district.student)
    services.reaction_toggle(actor=district.classmate, post=first, kind="like")
    client.force_login(district.teacher)

    items = client.get(f"/api/v1/forum/topics/{first.topic_id}/posts").json()["items"]

    assert items[0]["reactions"] == {"like": 1, "thanks": 0, "helpful": 0}
