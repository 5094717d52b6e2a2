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


# ---------------------------------------------------------------- portals


def school_site(school, **fields):
    """The school's portal with its usual columns, opened as the system."""
    from django.utils import translation

    with translation.override("en"):
        site = services.site_create(actor=None, school=school)
    for name, value in fields.items():
        setattr(site, name, value)
    if fields:
        site.save()
    return site


def writer_of(site, user, role="writer"):
    """Give `user` a portal role, as the system (no admin needed in tests)."""
    from digicampus.portal.models import SiteRole

    SiteRole.objects.update_or_create(site=site, user=user, defaults={"role": role})
    if hasattr(user, "_dc_site_roles"):
        del user._dc_site_roles
    return user


def news_column(site):
    return site.columns.get(slug="news")


def draft(site, author, *, title="Ngày hội an toàn thông tin", body="<p>Học sinh tham gia.</p>"):
    """A draft article written by `author` in the news column."""
    return services.article_create(
        actor=author, site=site, column=news_column(site), title=title, body=body
    )


def published(site, author, editor, **fields):
    """An article drafted by `author` and published at once by `editor`."""
    article = draft(site, author, **fields)
    return services.article_publish(actor=editor, article=article)
