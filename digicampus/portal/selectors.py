"""Reads of the forum: a school's boards, a board's topics, a topic's posts, one's own posts.

Lists are plain querysets; pages cut them into `TOPICS_PER_PAGE` topics and `POSTS_PER_PAGE`
posts. Every row comes with what its page shows in the same query (no query per row)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from digicampus.accounts.models import User
from digicampus.core import permissions
from digicampus.org.models import Classroom, Grade, School
from digicampus.portal.models import Board, Post, Topic
from digicampus.portal.rules import forum_school_ids


def forum_schools(*, actor: User) -> QuerySet[School]:
    """Schools whose forum the actor takes part in: where they work or study (parents and
    expert reviewers have none)."""
    return School.objects.filter(pk__in=forum_school_ids(permissions.scope_of(actor))).order_by(
        "name"
    )


def board_list(*, actor: User, school: School) -> QuerySet[Board]:
    """The school's boards the actor may read, in the school's order."""
    return (
        Board.objects.visible_to(actor)
        .filter(school=school)
        .select_related("grade", "classroom")
        .order_by("position", "name", "pk")
    )


def board_get(*, actor: User, pk: int) -> Board:
    """One board the actor may read (Board.DoesNotExist otherwise)."""
    return Board.objects.visible_to(actor).select_related("school").get(pk=pk)


def topic_list(*, actor: User, board: Board) -> QuerySet[Topic]:
    """The board's topics the actor may see: pinned first, then the most recently active.
    Each row carries its author and first post (for the author's moderation badge)."""
    return (
        Topic.objects.visible_to(actor)
        .filter(board=board)
        .select_related("author", "first_post")
        .order_by("-pinned", "-last_post_at", "-pk")
    )


def topic_get(*, actor: User, pk: int) -> Topic:
    """One topic the actor may see, with its board and school (Topic.DoesNotExist otherwise)."""
    return (
        Topic.objects.visible_to(actor)
        .select_related("board__school", "author", "first_post")
        .get(pk=pk)
    )


def post_list(*, actor: User, topic: Topic) -> QuerySet[Post]:
    """The topic's posts in the order written: published ones, the actor's own in any state
    (each with its `moderation_reason`), and for the school's safety team all of them."""
    return (
        Post.objects.visible_to(actor)
        .filter(topic=topic)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def post_get(*, actor: User, pk: int) -> Post:
    """One post the actor may see, with its topic, board and school."""
    return Post.objects.visible_to(actor).select_related("topic__board__school").get(pk=pk)


def post_position(*, actor: User, topic: Topic, post_id: int) -> int:
    """How many posts the actor sees in the topic before post `post_id` (0 when it is the
    first or is not among them): the page of a post is `position // POSTS_PER_PAGE + 1`."""
    posts = post_list(actor=actor, topic=topic)
    target = posts.filter(pk=post_id).values_list("created_at", flat=True).first()
    if target is None:
        return 0
    return posts.filter(Q(created_at__lt=target) | Q(created_at=target, pk__lt=post_id)).count()


def my_posts(*, actor: User) -> QuerySet[Post]:
    """Everything the actor wrote in the forum, newest first, in any state: their history,
    with the reason for each post that is not published."""
    return (
        Post.objects.filter(author=actor)
        .select_related("topic__board__school")
        .order_by("-created_at", "-pk")
    )


def board_grades(*, school: School) -> QuerySet[Grade]:
    """Grades of the school's current year, for a grade board."""
    return Grade.objects.filter(school=school, school_year__is_current=True).order_by("number")


def board_classes(*, school: School) -> QuerySet[Classroom]:
    """Classes of the school's current year, for a class board."""
    return (
        Classroom.objects.filter(school=school, grade__school_year__is_current=True)
        .select_related("grade")
        .order_by("grade__number", "name")
    )
