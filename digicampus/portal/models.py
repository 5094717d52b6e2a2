"""The forum, and the public portals of the schools and the bureau.

The forum: boards of a school, their topics and the posts of each topic. This is the platform's
one discussion engine (see docs/decisions/0009): class boards, Q&A and the boards shown inside
theme spaces are all forum boards. Posts are user content, screened and reportable through
`safety` (`ModeratedContent`).

The portals (cổng thông tin điện tử / 门户网站, docs/decisions/0011): one `Site` per school and
one for the bureau, with columns, static pages and news articles that writers draft and editors
publish; published articles are read without an account."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.core.models import ScopedManager, ScopedQuerySet, TimeStampedModel
from digicampus.library.models import StoredFile
from digicampus.org.models import Bureau, Classroom, Grade, School
from digicampus.portal.choices import (
    ArticleState,
    BoardAudience,
    ColumnKind,
    ReactionKind,
    SiteRoleKind,
    StudentPhotos,
    TopicKind,
)
from digicampus.safety.choices import Moderation
from digicampus.safety.models import ModeratedContent

USER = settings.AUTH_USER_MODEL


class Board(models.Model):
    """A board (chuyên mục thảo luận / 版块) of a school's forum, open to the whole school, one
    grade, one class or the members of one interest group (a theme space of `spaces`). The
    school's staff read and write in every board of their school."""

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
    space = models.ForeignKey(
        "spaces.Space",
        verbose_name=_("interest group"),
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
                    models.Q(
                        audience="school",
                        grade__isnull=True,
                        classroom__isnull=True,
                        space__isnull=True,
                    )
                    | models.Q(
                        audience="grade",
                        grade__isnull=False,
                        classroom__isnull=True,
                        space__isnull=True,
                    )
                    | models.Q(
                        audience="class",
                        grade__isnull=True,
                        classroom__isnull=False,
                        space__isnull=True,
                    )
                    | models.Q(
                        audience="group",
                        grade__isnull=True,
                        classroom__isnull=True,
                        space__isnull=False,
                    )
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
    `reply_count` and `last_post_at` count published replies only. A question may have one
    published reply accepted as its answer (`accepted_post`)."""

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
    kind = models.CharField(
        _("kind"), max_length=12, choices=TopicKind.choices, default=TopicKind.DISCUSSION
    )
    first_post = models.OneToOneField(
        "Post",
        verbose_name=_("first post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_post = models.ForeignKey(
        "Post",
        verbose_name=_("accepted answer"),
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
            # Counts a board's hidden topics without reading the topic rows.
            models.Index(fields=["board", "first_post", "author"], name="portal_topic_board_first"),
            # A theme space's latest discussions and latest questions, each one index range.
            models.Index(
                fields=["board", "kind", "-pinned", "-last_post_at", "-id"],
                name="portal_topic_board_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:topic_detail", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.kind == TopicKind.QUESTION and self.accepted_post_id is not None


class Post(ModeratedContent):
    """A post of a topic: its first post or a reply (trả lời / 回帖). Published posts are read
    by everyone who may read the board; held, hidden and deleted ones only by their author
    (with the reason) and the school's safety team. A reply may quote another post of its
    topic (`quoted`); the quote itself is plain text in its body."""

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
    quoted = models.ForeignKey(
        "self",
        verbose_name=_("quoted post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [
            # A topic's posts in order, with what decides who reads them: counting them and
            # skipping to a later page read the index alone.
            models.Index(
                fields=["topic", "created_at", "id", "moderation", "author"],
                name="portal_post_topic_order",
            ),
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
        """Published, hidden or restored: the topic's replies and activity are counted again.
        A held post released by the safety team is announced now, as if just written."""
        from digicampus.portal.services import post_announce, topic_counters_refresh

        topic_counters_refresh(topic=self.topic)
        if previous == Moderation.HELD and self.moderation == Moderation.PUBLISHED:
            post_announce(post=self)

    def reaction_summary(self) -> list[tuple[str, str, int, bool]]:
        """(kind, label, count, reacted by the reader) of each reaction, from the counts that
        `selectors.post_list` annotates (zero without them)."""
        return [
            (kind, str(label), getattr(self, f"n_{kind}", 0), getattr(self, f"mine_{kind}", False))
            for kind, label in ReactionKind.choices
        ]


class Subscription(models.Model):
    """A reader who follows a topic: told in-app of every new published reply (except their
    own). A topic's author follows it from the start."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        USER,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="portal_subscription_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} ({self.user_id})"


class Reaction(models.Model):
    """A reader's reaction (like, thanks, helpful) to a post; at most one of each kind per
    reader and post."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="portal_reaction_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.user_id})"


# ---------------------------------------------------------------- portals


class Site(TimeStampedModel):
    """The public portal of one school or of the bureau: exactly one of the two is set. Its
    `slug` is the readable part of its public address, `/p/<slug>/`."""

    school = models.OneToOneField(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="site",
    )
    bureau = models.OneToOneField(
        Bureau,
        verbose_name=_("bureau"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="site",
    )
    name = models.CharField(_("name"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    logo = models.ForeignKey(
        StoredFile,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0d6efd",
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #0d6efd."), code="colour"
            )
        ],
    )
    address = models.CharField(_("contact address"), max_length=255, blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("portal")
        verbose_name_plural = _("portals")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="portal_site_one_owner",
                condition=(
                    models.Q(school__isnull=False, bureau__isnull=True)
                    | models.Q(school__isnull=True, bureau__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal_public:home", args=[self.slug])


class SiteRole(models.Model):
    """A member of staff who writes for the portal, or edits and publishes what others write.
    The school's admins (the bureau's admins for the bureau portal) are editors without one."""

    site = models.ForeignKey(
        Site, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="roles"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="site_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=SiteRoleKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("portal role")
        verbose_name_plural = _("portal roles")
        ordering = ["site", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="portal_siterole_one_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Column(models.Model):
    """A column (chuyên mục / 栏目) of a portal: news, announcements, activities, the
    cyber-safety corner or public notices."""

    site = models.ForeignKey(
        Site, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="columns"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ColumnKind.choices, default=ColumnKind.NEWS
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["site", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="portal_column_slug_per_site")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal_public:column", args=[self.site.slug, self.slug])


class SiteFile(models.Model):
    """An image uploaded for a portal's articles and pages (through `library.file_store`).
    Served at `/portal/files/<id>/`: to everyone once an article or page that shows it is
    published, otherwise only to the portal's writers and editors."""

    site = models.ForeignKey(
        Site, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.OneToOneField(
        StoredFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="site_file"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("portal image")
        verbose_name_plural = _("portal images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file.original_name

    def get_absolute_url(self) -> str:
        return reverse("portal_site:file", args=[self.pk])


class Page(TimeStampedModel):
    """A static page of a portal (about the school, admissions, contact); its body is
    sanitised HTML."""

    site = models.ForeignKey(
        Site, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="pages"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80)
    body = models.TextField(_("text"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    images = models.ManyToManyField(
        SiteFile, verbose_name=_("images"), blank=True, related_name="pages"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["site", "title"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="portal_page_slug_per_site")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal_public:page", args=[self.site.slug, self.slug])


class ArticleQuerySet(ScopedQuerySet):
    """Articles, with the filter of what readers without an account may see."""

    def public(self) -> ArticleQuerySet:
        """Published articles (or scheduled ones whose time has come) that screening or the
        safety team let through."""
        return self.filter(
            models.Q(state=ArticleState.PUBLISHED)
            | models.Q(state=ArticleState.SCHEDULED, publish_at__lte=timezone.now()),
            moderation=Moderation.PUBLISHED,
        )


class Article(ModeratedContent, TimeStampedModel):
    """A news article (tin bài / 新闻) of a portal's column. A writer drafts and submits it, an
    editor returns it with a comment or publishes it, now or at `publish_at`. Screened when
    submitted and published: held or blocked articles stay out of public pages until the
    safety team releases them. School articles with `share_with_bureau` also appear on the
    bureau's portal."""

    site = models.ForeignKey(
        Site, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="articles"
    )
    column = models.ForeignKey(
        Column, verbose_name=_("column"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100)
    summary = models.CharField(pgettext_lazy("portal", "summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    cover = models.ForeignKey(
        SiteFile,
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="covers",
    )
    images = models.ManyToManyField(
        SiteFile, verbose_name=_("images"), blank=True, related_name="articles"
    )
    author = models.ForeignKey(
        USER,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="portal_articles",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    editor_comment = models.TextField(_("editor's comment"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)
    share_with_bureau = models.BooleanField(_("show on the bureau's portal"), default=False)
    student_photos = models.CharField(
        _("students in the images"),
        max_length=10,
        choices=StudentPhotos.choices,
        default=StudentPhotos.NONE,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="portal_article_slug_per_site")
        ]
        indexes = [
            models.Index(fields=["site", "state", "-published_at"]),
            models.Index(fields=["column", "state", "-published_at"]),
            models.Index(fields=["share_with_bureau", "state", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its public address (answers 404 until it is published)."""
        return reverse("portal_public:article", args=[self.site.slug, self.slug])

    @property
    def school(self) -> School | None:
        """The school whose safety team moderates it; None on the bureau's portal."""
        return self.site.school

    @property
    def is_public(self) -> bool:
        due = self.state == ArticleState.SCHEDULED and (
            self.publish_at is not None and self.publish_at <= timezone.now()
        )
        return self.is_published and (self.state == ArticleState.PUBLISHED or due)

    def moderation_text(self) -> str:
        """What screening reads: the title, the summary and the text without its markup."""
        from digicampus.portal.html import plain_text

        return f"{self.title}\n{self.summary}\n{plain_text(self.body)}"

    def moderation_changed(self, previous: str) -> None:
        """Released or hidden by the safety team: the portal's cached pages are rebuilt."""
        from digicampus.portal.cache import site_changed

        site_changed(self.site_id)
