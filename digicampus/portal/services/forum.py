"""Writes of the forum: boards, topics, posts, reactions, following, accepted answers, and
the staff's pins and locks; the boards of interest groups.

Every post goes through `safety`: `posting_check` before it is saved (a suspended author is
refused) and `content_screen` right after, in the same transaction. Screening may hold the post
for the school's team or block it; only published posts count in a topic's replies and
activity, and only they are shown to other readers. The services return the post so that the
page can tell its author what happened."""

from __future__ import annotations

import re
from collections.abc import Set
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from digicampus.accounts.models import User
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.messaging import services as messaging
from digicampus.messaging.choices import Channel, NotificationKind
from digicampus.org.models import Classroom, Grade, School
from digicampus.portal.choices import (
    BoardAudience,
    ReactionKind,
    TopicKind,
)
from digicampus.portal.errors import PortalError
from digicampus.portal.models import (
    Board,
    Post,
    Reaction,
    Subscription,
    Topic,
)
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
    # An accepted answer that is no longer published no longer answers the question.
    if topic.accepted_post_id and not published.filter(pk=topic.accepted_post_id).exists():
        topic.accepted_post = None
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=topic.reply_count,
        last_post_at=topic.last_post_at,
        accepted_post=topic.accepted_post_id,
    )
    return topic


# `@education_id` in a post's text; an education ID is letters, digits, dots and hyphens.
MENTION = re.compile(r"(?<![\w@])@([\w.\-]+)")
# At most this many people are notified of one post (a list of names is not a broadcast).
MAX_MENTIONS = 20


def _mention_names(text: str) -> set[str]:
    return {m.rstrip(".-") for m in MENTION.findall(text)} - {""}


def _mentioned_ids(post: Post, already: Set[str] = frozenset()) -> list[int]:
    """Users the post @mentions (apart from `already` told) who may read it (others are
    ignored without a trace), never its author."""
    names = _mention_names(post.body) - already
    if not names:
        return []
    users = (
        User.objects.filter(education_id__in=sorted(names)[:MAX_MENTIONS], is_active=True)
        .exclude(pk=post.author_id)
        .order_by("pk")
    )
    return [u.pk for u in users if Post.objects.visible_to(u).filter(pk=post.pk).exists()]


def post_announce(*, post: Post, edited_from: str | None = None) -> None:
    """Tell the people a newly published post concerns, in-app, with a link to it: the users
    it @mentions who may read it, and for a reply the topic's subscribers who still may
    (mentioned ones are told once). Never its author. Called when a post is published at
    once and when the safety team releases a held one; a post that is not published is never
    announced. After an edit (`edited_from`: the text before), only people newly mentioned
    are told."""
    if not post.is_published:
        return
    topic = post.topic
    author = post.author
    params = {"name": author.full_name if author else "", "title": topic.title}
    already = _mention_names(edited_from) if edited_from is not None else frozenset()
    mentioned = _mentioned_ids(post, already)
    followers: list[int] = []
    if not post.is_first and edited_from is None:
        subscribers = (
            User.objects.filter(forum_subscriptions__topic_id=topic.pk, is_active=True)
            .exclude(pk__in=[*mentioned, post.author_id or 0])
            .order_by("pk")
        )
        followers = [
            u.pk for u in subscribers if Post.objects.visible_to(u).filter(pk=post.pk).exists()
        ]
    for template, user_ids in (("forum_mention", mentioned), ("forum_reply", followers)):
        if user_ids:
            messaging.notification_create(
                sender=author,
                kind=NotificationKind.SYSTEM,
                audience={"users": user_ids},
                school=topic.board.school,
                template=template,
                params=params,
                url=post.get_absolute_url(),
                channels=[Channel.IN_APP],
            )


@transaction.atomic
def subscription_set(*, actor: User, topic: Topic, follow: bool) -> bool:
    """Follow a topic (new published replies are notified in-app) or stop following it;
    answers whether the actor now follows it. Whoever may see the topic (PermissionDenied)."""
    permissions.require(actor, "portal.subscribe", topic)
    if follow:
        Subscription.objects.get_or_create(topic=topic, user=actor)
    else:
        Subscription.objects.filter(topic=topic, user=actor).delete()
    return follow


@transaction.atomic
def subscription_toggle(*, actor: User, topic: Topic) -> bool:
    """Follow the topic when the actor does not, stop following it when they do."""
    following = Subscription.objects.filter(topic=topic, user=actor).exists()
    return subscription_set(actor=actor, topic=topic, follow=not following)


def _new_post(*, actor: User, topic: Topic, body: str, quoted: Post | None = None) -> Post:
    post = Post(topic=topic, author=actor, body=body.strip(), quoted=quoted)
    post.full_clean(exclude=["topic", "author", "quoted"])
    post.save()
    return post


@transaction.atomic
def topic_create(
    *, actor: User, board: Board, title: str, body: str, kind: str = TopicKind.DISCUSSION
) -> Post:
    """Start a topic (a discussion or a question) in a board and return its first post,
    screened with the title.

    Raises PermissionDenied when the actor may not post in the board, DomainError when they
    are suspended from posting, ValidationError for an empty title or text. A held or blocked
    first post keeps the topic out of sight of everyone but its author and the safety team."""
    permissions.require(actor, "portal.post", board)
    posting_check(author=actor, school=board.school)
    now = timezone.now()
    topic = Topic(
        board=board,
        author=actor,
        title=title.strip(),
        kind=kind,
        created_at=now,
        last_post_at=now,
    )
    topic.full_clean(exclude=["board", "author", "first_post", "accepted_post"])
    topic.save()
    post = _new_post(actor=actor, topic=topic, body=body)
    topic.first_post = post
    topic.save(update_fields=["first_post"])
    Subscription.objects.create(topic=topic, user=actor)
    content_screen(content=post, author=actor)
    post_announce(post=post)
    return post


@transaction.atomic
def post_reply(*, actor: User, topic: Topic, body: str, quoted: Post | None = None) -> Post:
    """Reply in a topic and return the reply, screened. Once published it counts in the
    topic's replies and moves the topic up its board. `quoted` is the post it answers (a
    published post of the same topic); the quoted text itself is part of `body`.

    Raises PermissionDenied when the actor may not post in the board, DomainError when the
    topic is locked, the actor is suspended or `quoted` is not a published post of the topic,
    ValidationError for an empty text."""
    # The topic's row is locked so that replies written at the same moment all count.
    current = Topic.objects.select_for_update().get(pk=topic.pk)
    board = topic.board
    permissions.require(actor, "portal.post", board)
    if current.locked:
        raise DomainError(PortalError.TOPIC_LOCKED, _("This topic is locked: no more replies."))
    posting_check(author=actor, school=board.school)
    if quoted is not None and (quoted.topic_id != topic.pk or not quoted.is_published):
        raise DomainError(
            PortalError.BAD_QUOTE, _("Only a published post of this topic can be quoted.")
        )
    post = _new_post(actor=actor, topic=topic, body=body, quoted=quoted)
    content_screen(content=post, author=actor)
    if post.moderation == Moderation.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_post_at=post.created_at
        )
        topic.reply_count = current.reply_count + 1
        topic.last_post_at = post.created_at
    post_announce(post=post)
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
    before = post.body
    post.body = body.strip()
    post.edited_at = timezone.now()
    post.full_clean(exclude=["topic", "author", "quoted"])
    if title is not None:
        if not post.is_first:
            raise DomainError(
                PortalError.NOT_FIRST_POST, _("Only the first post of a topic has a title.")
            )
        topic.title = title.strip()
        topic.full_clean(exclude=["board", "author", "first_post", "accepted_post"])
        topic.save(update_fields=["title"])
    post.save(update_fields=["body", "edited_at"])
    content_screen(content=post, author=actor)
    if was_published and not post.is_published:
        topic_counters_refresh(topic=topic)
    if was_published:
        post_announce(post=post, edited_from=before)
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
def answer_accept(*, actor: User, topic: Topic, post: Post | None) -> Topic:
    """Mark a published reply of a question as its accepted answer (replacing any other), or
    with `post=None` unmark it. The topic's author and the school's staff (PermissionDenied);
    DomainError when the topic is not a question or the post is not a published reply of
    it."""
    permissions.require(actor, "portal.accept_answer", topic)
    if topic.kind != TopicKind.QUESTION:
        raise DomainError(
            PortalError.NOT_A_QUESTION, _("Only a question can have an accepted answer.")
        )
    if post is not None and (
        post.topic_id != topic.pk or post.pk == topic.first_post_id or not post.is_published
    ):
        raise DomainError(
            PortalError.BAD_ANSWER, _("Only a published reply to this question can be accepted.")
        )
    topic.accepted_post = post
    topic.save(update_fields=["accepted_post"])
    audit.record(
        actor=actor,
        verb="portal.answer_accept" if post is not None else "portal.answer_unaccept",
        target=topic,
        school_id=topic.board.school_id,
        data={"post_id": post.pk if post is not None else None},
    )
    return topic


@transaction.atomic
def reaction_set(*, actor: User, post: Post, kind: str, on: bool) -> bool:
    """Leave the actor's reaction of this kind on a post, or take it back; answers whether it
    is now there. Whoever may see the published post (PermissionDenied); DomainError for an
    unknown kind."""
    if kind not in ReactionKind.values:
        raise DomainError(PortalError.BAD_REACTION, _("Choose a reaction."))
    permissions.require(actor, "portal.react", post)
    if on:
        Reaction.objects.get_or_create(post=post, user=actor, kind=kind)
    else:
        Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
    return on


@transaction.atomic
def reaction_toggle(*, actor: User, post: Post, kind: str) -> bool:
    """Add the reaction when the actor has not left it, take it back when they have."""
    there = Reaction.objects.filter(post=post, user=actor, kind=kind).exists()
    return reaction_set(actor=actor, post=post, kind=kind, on=not there)


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


# ---------------------------------------------------------------- group boards


def group_board_create(*, space: Any, name: str, description: str = "") -> Board:
    """The board of an interest group (a theme space of `spaces`), open to its members and
    the school's staff. Called by `spaces.services.group_create`, which checks the actor."""
    board = Board(
        school_id=space.school_id,
        name=name.strip()[:120],
        description=description.strip(),
        audience=BoardAudience.GROUP,
        space=space,
        position=100,
    )
    board.full_clean(exclude=["school", "space"])
    board.save()
    return board
