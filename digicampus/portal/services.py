"""Writes of the forum: boards, topics, posts, and the staff's pins and locks.

Every post goes through `safety`: `posting_check` before it is saved (a suspended author is
refused) and `content_screen` right after, in the same transaction. Screening may hold the post
for the school's team or block it; only published posts count in a topic's replies and
activity, and only they are shown to other readers. The services return the post so that the
page can tell its author what happened."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from digicampus.accounts.models import User
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.org.models import Classroom, Grade, School
from digicampus.portal.choices import BoardAudience
from digicampus.portal.errors import PortalError
from digicampus.portal.models import Board, Post, Topic
from digicampus.safety.choices import Moderation
from digicampus.safety.services import content_screen, posting_check

# ---------------------------------------------------------------- boards


def _board_target(
    *, school: School, audience: str, grade: Grade | None, classroom: Classroom | None
) -> tuple[Grade | None, Classroom | None]:
    """The grade or class a board is open to, checked against its audience and school."""
    if audience == BoardAudience.GRADE:
        if grade is None or grade.school_id != school.pk:
            raise DomainError(PortalError.BAD_AUDIENCE, _("Choose a grade of this school."))
        return grade, None
    if audience == BoardAudience.CLASS:
        if classroom is None or classroom.school_id != school.pk:
            raise DomainError(PortalError.BAD_AUDIENCE, _("Choose a class of this school."))
        return None, classroom
    if audience != BoardAudience.SCHOOL:
        raise DomainError(PortalError.BAD_AUDIENCE, _("Choose who the board is open to."))
    return None, None


@transaction.atomic
def board_create(
    *,
    actor: User,
    school: School,
    name: str,
    audience: str = BoardAudience.SCHOOL,
    description: str = "",
    grade: Grade | None = None,
    classroom: Classroom | None = None,
    students_may_post: bool = True,
    position: int = 0,
) -> Board:
    """Create a board of the school's forum. School admins and collaborators only
    (PermissionDenied); a grade or class board needs a grade or class of the same school
    (DomainError)."""
    permissions.require(actor, "portal.create_board", school)
    grade, classroom = _board_target(
        school=school, audience=audience, grade=grade, classroom=classroom
    )
    board = Board(
        school=school,
        name=name.strip(),
        description=description.strip(),
        audience=audience,
        grade=grade,
        classroom=classroom,
        students_may_post=students_may_post,
        position=position,
    )
    board.full_clean(exclude=["school", "grade", "classroom"])
    board.save()
    audit.record(actor=actor, verb="portal.board_create", target=board, school_id=school.pk)
    return board


@transaction.atomic
def board_defaults(*, school: School, actor: User | None = None) -> list[Board]:
    """Give a school its usual boards: one for the whole school and one per class of the
    current year, named in the active language. Boards that already exist are kept, so it
    may run again after classes are added. With an actor, the actor must be allowed to
    create boards; without one (the demo seed, a command) it runs as the system."""
    if actor is not None:
        permissions.require(actor, "portal.create_board", school)
    created: list[Board] = []
    if not Board.objects.filter(school=school, audience=BoardAudience.SCHOOL).exists():
        created.append(
            Board(
                school=school,
                name=_("Whole school"),
                description=_("Questions and news for everyone at the school."),
                audience=BoardAudience.SCHOOL,
                position=0,
            )
        )
    with_board = Board.objects.filter(school=school, classroom__isnull=False).values("classroom_id")
    classes = (
        Classroom.objects.filter(school=school, grade__school_year__is_current=True)
        .exclude(pk__in=with_board)
        .select_related("grade")
        .order_by("grade__number", "name")
    )
    for position, classroom in enumerate(classes, start=10):
        created.append(
            Board(
                school=school,
                name=_("Class %(name)s") % {"name": classroom.name},
                audience=BoardAudience.CLASS,
                classroom=classroom,
                position=position,
            )
        )
    Board.objects.bulk_create(created)
    if created and actor is not None:
        audit.record(
            actor=actor,
            verb="portal.board_defaults",
            target=school,
            school_id=school.pk,
            data={"boards": len(created)},
        )
    return created


# ---------------------------------------------------------------- topics and posts


def topic_counters_refresh(*, topic: Topic) -> Topic:
    """Count the topic's published replies again and take the time of its last published post
    (after a post is published late, edited, or deleted)."""
    published = Post.objects.filter(topic_id=topic.pk, moderation=Moderation.PUBLISHED)
    totals = published.exclude(pk=topic.first_post_id).aggregate(
        n=Count("pk"), last=Max("created_at")
    )
    first = published.filter(pk=topic.first_post_id).values_list("created_at", flat=True).first()
    topic.reply_count = totals["n"]
    topic.last_post_at = max(t for t in (totals["last"], first, topic.created_at) if t)
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=topic.reply_count, last_post_at=topic.last_post_at
    )
    return topic


def _new_post(*, actor: User, topic: Topic, body: str) -> Post:
    post = Post(topic=topic, author=actor, body=body.strip())
    post.full_clean(exclude=["topic", "author"])
    post.save()
    return post


@transaction.atomic
def topic_create(*, actor: User, board: Board, title: str, body: str) -> Post:
    """Start a topic in a board and return its first post, screened with the title.

    Raises PermissionDenied when the actor may not post in the board, DomainError when they
    are suspended from posting, ValidationError for an empty title or text. A held or blocked
    first post keeps the topic out of sight of everyone but its author and the safety team."""
    permissions.require(actor, "portal.post", board)
    posting_check(author=actor, school=board.school)
    now = timezone.now()
    topic = Topic(board=board, author=actor, title=title.strip(), created_at=now, last_post_at=now)
    topic.full_clean(exclude=["board", "author", "first_post"])
    topic.save()
    post = _new_post(actor=actor, topic=topic, body=body)
    topic.first_post = post
    topic.save(update_fields=["first_post"])
    content_screen(content=post, author=actor)
    return post


@transaction.atomic
def post_reply(*, actor: User, topic: Topic, body: str) -> Post:
    """Reply in a topic and return the reply, screened. Once published it counts in the
    topic's replies and moves the topic up its board.

    Raises PermissionDenied when the actor may not post in the board, DomainError when the
    topic is locked or the actor is suspended, ValidationError for an empty text."""
    # The topic's row is locked so that replies written at the same moment all count.
    current = Topic.objects.select_for_update().get(pk=topic.pk)
    board = topic.board
    permissions.require(actor, "portal.post", board)
    if current.locked:
        raise DomainError(PortalError.TOPIC_LOCKED, _("This topic is locked: no more replies."))
    posting_check(author=actor, school=board.school)
    post = _new_post(actor=actor, topic=topic, body=body)
    content_screen(content=post, author=actor)
    if post.moderation == Moderation.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_post_at=post.created_at
        )
        topic.reply_count = current.reply_count + 1
        topic.last_post_at = post.created_at
    return post


@transaction.atomic
def post_edit(*, actor: User, post: Post, body: str, title: str | None = None) -> Post:
    """The author changes a post (and, for a topic's first post, the topic's title); the new
    text is screened again. A post the safety team hid or that was deleted cannot be edited
    (DomainError); a held post stays held until the team decides."""
    permissions.require(actor, "portal.edit_post", post)
    if post.moderation in (Moderation.HIDDEN, Moderation.DELETED):
        raise DomainError(
            PortalError.POST_REMOVED, _("This post was removed; it cannot be edited.")
        )
    topic = post.topic
    posting_check(author=actor, school=topic.board.school)
    was_published = post.is_published
    post.body = body.strip()
    post.edited_at = timezone.now()
    post.full_clean(exclude=["topic", "author"])
    if title is not None:
        if not post.is_first:
            raise DomainError(
                PortalError.NOT_FIRST_POST, _("Only the first post of a topic has a title.")
            )
        topic.title = title.strip()
        topic.full_clean(exclude=["board", "author", "first_post"])
        topic.save(update_fields=["title"])
    post.save(update_fields=["body", "edited_at"])
    content_screen(content=post, author=actor)
    if was_published and not post.is_published:
        topic_counters_refresh(topic=topic)
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post) -> Post:
    """The author deletes their post: it is kept for the safety team's records, marked
    deleted with no reason, and no longer counts in its topic. Deleting a topic's first post
    takes the topic out of sight of other readers."""
    permissions.require(actor, "portal.edit_post", post)
    if post.moderation == Moderation.DELETED:
        return post
    was_published = post.is_published
    post.moderation = Moderation.DELETED
    post.moderation_reason = ""
    post.save(update_fields=["moderation", "moderation_reason"])
    audit.record(
        actor=actor, verb="portal.post_delete", target=post, school_id=post.topic.board.school_id
    )
    if was_published:
        topic_counters_refresh(topic=post.topic)
    return post


@transaction.atomic
def topic_pin(*, actor: User, topic: Topic, pinned: bool = True) -> Topic:
    """Pin a topic to the top of its board, or unpin it: the school's staff."""
    permissions.require(actor, "portal.manage_topics", topic.board)
    topic.pinned = pinned
    topic.save(update_fields=["pinned"])
    audit.record(
        actor=actor,
        verb="portal.topic_pin" if pinned else "portal.topic_unpin",
        target=topic,
        school_id=topic.board.school_id,
    )
    return topic


@transaction.atomic
def topic_lock(*, actor: User, topic: Topic, locked: bool = True) -> Topic:
    """Lock a topic (no more replies) or open it again: the school's staff."""
    permissions.require(actor, "portal.manage_topics", topic.board)
    topic.locked = locked
    topic.save(update_fields=["locked"])
    audit.record(
        actor=actor,
        verb="portal.topic_lock" if locked else "portal.topic_unlock",
        target=topic,
        school_id=topic.board.school_id,
    )
    return topic
