"""Quoting: a reply pre-filled with a plain-text quote, linked to the post it quotes."""

import pytest

from digicampus.core.errors import DomainError
from digicampus.portal import selectors, services
from digicampus.portal.models import Post
from digicampus.portal.tests.factories import replies, topic

INSULT = "Mày ngu như con chó"


def test_quote_link_prefills_the_reply_with_a_plain_text_quote(client, district, board):
    first = topic(board, district.student, body="Dòng một\nDòng hai")
    client.force_login(district.classmate)

    page = client.get(f"{first.topic.get_absolute_url()}?quote={first.pk}")

    form = page.context["form"]
    name = district.student.full_name
    assert form.initial["body"] == f"> {name} wrote:\n> Dòng một\n> Dòng hai\n\n"
    assert form.initial["quoted"] == first.pk
    assert 'data-testid="quote-post"' in page.content.decode()


def test_reply_with_a_quote_links_to_the_quoted_post(client, district, board):
    first = topic(board, district.student)
    client.force_login(district.classmate)

    client.post(first.topic.get_absolute_url(), {"body": "> trích\n\nĐồng ý.", "quoted": first.pk})
    reply = Post.objects.exclude(pk=first.pk).get()
    page = client.get(first.topic.get_absolute_url()).content.decode()

    assert reply.quoted_id == first.pk
    assert 'data-testid="in-reply-to"' in page
    assert f"#post-{first.pk}" in page


def test_held_post_of_another_author_cannot_be_quoted(client, district, board):
    first = topic(board, district.student)
    held = services.post_reply(actor=district.classmate, topic=first.topic, body=INSULT)
    client.force_login(district.teacher)

    page = client.get(f"{first.topic.get_absolute_url()}?quote={held.pk}")
    with pytest.raises(DomainError):
        services.post_reply(actor=district.teacher, topic=first.topic, body="x", quoted=held)

    assert "quoted" not in page.context["form"].initial
    assert (
        selectors.post_quotable_get(actor=district.student, topic=first.topic, pk=held.pk) is None
    )


def test_post_of_another_topic_cannot_be_quoted(district, board):
    first = topic(board, district.student)
    other = topic(board, district.student, title="Khác")

    with pytest.raises(DomainError):
        services.post_reply(actor=district.classmate, topic=first.topic, body="x", quoted=other)


def test_api_reply_quotes_a_post(client, district, board):
    first = topic(board, district.student)
    [reply] = replies(first, [district.teacher])
    client.force_login(district.classmate)

    created = client.post(
        f"/api/v1/forum/topics/{first.topic_id}/posts",
        {"body": "> x\n\nĐúng.", "quoted_id": reply.pk},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["quoted_id"] == reply.pk
