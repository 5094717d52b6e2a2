"""Forum test data: boards of the conftest's school, topics and posts written through the
services (so they are screened like real ones)."""

import factory

from digicampus.org.tests.factories import SchoolFactory
from digicampus.portal import services
from digicampus.portal.choices import BoardAudience
from digicampus.portal.models import Board, Post


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    audience = BoardAudience.SCHOOL


def class_board(classroom, **fields) -> Board:
    """The board of one class."""
    return BoardFactory(
        school=classroom.school, audience=BoardAudience.CLASS, classroom=classroom, **fields
    )


def grade_board(grade, **fields) -> Board:
    """The board of one grade."""
    return BoardFactory(school=grade.school, audience=BoardAudience.GRADE, grade=grade, **fields)


def topic(
    board, author, *, title="Bài tập Toán tuần này", body="Mọi người làm bài 5 chưa?"
) -> Post:
    """A topic started by `author`; returns its first post."""
    return services.topic_create(actor=author, board=board, title=title, body=body)


def replies(post: Post, authors, *, body="Mình làm rồi, dùng định lý Pi-ta-go.") -> list[Post]:
    """One published reply per author in the topic of `post`."""
    return [services.post_reply(actor=a, topic=post.topic, body=body) for a in authors]
