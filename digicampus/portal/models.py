"""The forum: boards of a school, their topics and the posts of each topic.

This is the platform's one discussion engine (see docs/decisions/0009): class boards, Q&A and
the boards shown inside theme spaces are all forum boards. Posts are user content, screened and
reportable through `safety` (`ModeratedContent`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.core.models import ScopedManager
from digicampus.org.models import Classroom, Grade, School
from digicampus.portal.choices import BoardAudience
from digicampus.safety.models import ModeratedContent

USER = settings.AUTH_USER_MODEL


class Board(models.Model):
    """A board (chuyên mục thảo luận / 版块) of a school's forum, open to the whole school, one
    grade or one class. The school's staff read and write in every board of their school."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("open to"), max_length=10, choices=BoardAudience.choices, default=BoardAudience.SCHOOL
    )
    grade = models.ForeignKey(
        Grade,
        verbose_name=pgettext_lazy("school level", "grade"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="boards",
    )
    classroom = models.ForeignKey(
        Classroom,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="boards",
    )
    students_may_post = models.BooleanField(_("students may post"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["school", "position", "name"]
        indexes = [models.Index(fields=["school", "position"])]
        constraints = [
            models.CheckConstraint(
                name="portal_board_audience",
                condition=(
                    models.Q(audience="school", grade__isnull=True, classroom__isnull=True)
                    | models.Q(audience="grade", grade__isnull=False, classroom__isnull=True)
                    | models.Q(audience="class", grade__isnull=True, classroom__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:board_detail", args=[self.pk])


class Topic(models.Model):
    """A topic (chủ đề / 主题帖) of a board. Its title and first post are written together and
    screened together; other readers see the topic only while that first post is published.
    `reply_count` and `last_post_at` count published replies only."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="topics"
    )
    author = models.ForeignKey(
        USER,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    title = models.CharField(_("title"), max_length=200)
    first_post = models.OneToOneField(
        "Post",
        verbose_name=_("first post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post at"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [
            models.Index(fields=["board", "-pinned", "-last_post_at", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:topic_detail", args=[self.pk])


class Post(ModeratedContent):
    """A post of a topic: its first post or a reply (trả lời / 回帖). Published posts are read
    by everyone who may read the board; held, hidden and deleted ones only by their author
    (with the reason) and the school's safety team."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        USER,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["topic", "created_at", "id"]),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.body[:50]

    def get_absolute_url(self) -> str:
        """The topic page that holds this post, scrolled to it."""
        return f"{self.topic.get_absolute_url()}?post={self.pk}#post-{self.pk}"

    @property
    def school(self) -> School:
        """The board's school, whose safety team moderates the post."""
        return self.topic.board.school

    @property
    def is_first(self) -> bool:
        return self.topic.first_post_id == self.pk

    def moderation_text(self) -> str:
        """What screening reads: the body, and for a topic's first post the title too."""
        if self.is_first:
            return f"{self.topic.title}\n{self.body}"
        return self.body

    def moderation_changed(self, previous: str) -> None:
        """Published, hidden or restored: the topic's replies and activity are counted again."""
        from digicampus.portal.services import topic_counters_refresh

        topic_counters_refresh(topic=self.topic)
