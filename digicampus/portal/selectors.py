"""Reads of the forum (a school's boards, a board's topics, a topic's posts, one's own posts)
and of the portals (management lists through `visible_to`; public pages through
`Article.objects.public()`, which needs no account).

Lists are plain querysets; pages cut them into `TOPICS_PER_PAGE` topics and `POSTS_PER_PAGE`
posts. Every row comes with what its page shows in the same query (no query per row)."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from digicampus.accounts.models import User
from digicampus.core import permissions
from digicampus.core.prepared import Inline, Prepared
from digicampus.org.models import Classroom, Grade, School
from digicampus.portal.choices import HOME_ARTICLES_PER_COLUMN, ArticleState, ReactionKind
from digicampus.portal.models import (
    Article,
    Board,
    Column,
    Page,
    Post,
    Reaction,
    Site,
    SiteFile,
    SiteRole,
    Subscription,
    Topic,
)
from digicampus.portal.rules import forum_school_ids, is_editor, sees_every_post
from digicampus.safety.choices import Moderation
from digicampus.safety.selectors import readable_content_q


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


def _topics(board_id: int | Inline, reader_id: int | None = None) -> QuerySet[Topic]:
    """A board's topics in the board's order; with `reader_id`, only those that reader sees
    when they are not on the school's safety team (published, or their own)."""
    topics = Topic.objects.filter(board_id=board_id)
    if reader_id is not None:
        topics = topics.filter(
            Q(first_post__moderation=Moderation.PUBLISHED) | Q(author_id=reader_id)
        )
    return topics.order_by("-pinned", "-last_post_at", "-pk")


def _reader(actor: User, school_id: int) -> tuple[int, ...]:
    """The reader's id for `_topics` and `_posts`, or nothing for the school's safety team,
    who see every topic and post."""
    return () if sees_every_post(actor, school_id) else (actor.pk,)


def topic_list(*, actor: User, board: Board) -> QuerySet[Topic]:
    """The topics of a board the actor may read (from `board_get` or a `visible_to` query):
    pinned first, then the most recently active. Others' topics show while their first post is
    published; the school's safety team sees them all. Each row carries its author and first
    post (for the moderation badge).

    The board's readability is not checked again here: filtering on it would join every topic
    to its board for a condition already known to hold."""
    return _topics(board.pk, *_reader(actor, board.school_id)).select_related(
        "author", "first_post"
    )


# What a board page's topic line shows: the key of its rendering (see views._topic_rows).
TOPIC_ROW_FIELDS = (
    "pk",
    "title",
    "kind",
    "reply_count",
    "last_post_at",
    "accepted_post_id",
    "pinned",
    "locked",
    "author__full_name",
    "first_post__moderation",
)
_TOPIC_ROWS = Prepared(
    lambda *reader, board, start, stop: (
        Topic.objects.filter(pk__in=_topics(Inline(board), *reader)[start:stop].values("pk"))
        .order_by("-pinned", "-last_post_at", "-pk")
        .values_list(*TOPIC_ROW_FIELDS)
    )
)


def topic_rows(*, actor: User, board: Board, start: int, stop: int) -> list[tuple[object, ...]]:
    """`TOPIC_ROW_FIELDS` of `topic_list`'s rows from `start` to `stop`, as the database gives
    them (see `core.prepared`); the page is cut first, then only its rows are joined."""
    reader = _reader(actor, board.school_id)
    return _TOPIC_ROWS.rows(*reader, board=board.pk, start=start, stop=stop)


# What a line of latest topics shows (a theme space's board, see spaces.views._topic_rows).
LATEST_TOPIC_FIELDS = (
    "pk",
    "title",
    "reply_count",
    "author__full_name",
    "last_post_at",
    "kind",
    "accepted_post_id",
)


def _board_in(ids: tuple[int, ...]) -> Q:
    return reduce(operator.or_, (Q(board_id=Inline(pk)) for pk in ids))


def _latest(
    *reader: int, boards: tuple[int, ...], unseen: tuple[int, ...], kind: str, limit: int
) -> QuerySet[Topic]:
    """`latest_topics`' query: the ids of the boards, and of those where the reader (their
    id in `reader`) sees published topics only, are written into the SQL (see `Inline`)."""
    topics = Topic.objects.filter(_board_in(boards), kind=Inline(kind))
    if unseen:
        topics = topics.filter(
            ~_board_in(unseen)
            | Q(first_post__moderation=Inline(Moderation.PUBLISHED.value))
            | Q(author_id=reader[0])
        )
    return topics.order_by("-pinned", "-last_post_at", "-pk").values_list(*LATEST_TOPIC_FIELDS)[
        :limit
    ]


_LATEST = Prepared(_latest)


def latest_topics(
    *, actor: User, boards: list[Board], kind: str, limit: int
) -> list[tuple[object, ...]]:
    """The latest topics of one kind in several boards the actor reads (checked with
    `portal.read_board`: a theme space shows its boards' latest discussions and questions):
    others' topics while published, all of them on the boards of the actor's safety team.
    The boards are not asked again (as for `topic_list`). Rows of `LATEST_TOPIC_FIELDS`."""
    if not boards:
        return []
    unseen = tuple(b.pk for b in boards if not sees_every_post(actor, b.school_id))
    return _LATEST.values(
        *((actor.pk,) if unseen else ()),
        boards=tuple(b.pk for b in boards),
        unseen=unseen,
        kind=str(kind),
        limit=limit,
    )


_BOARD_TOPICS = Prepared(
    lambda board_id: Topic.objects.filter(board_id=board_id).order_by().values("pk")
)
# Others' topics whose first post is not published, through the posts' moderation index and
# the (board, first post, author) index rather than a join: SQLite keeps no statistics of
# skewed values and would otherwise read every topic of the board and its first post.
_UNSEEN_TOPICS = Prepared(
    lambda board_id, reader_id: (
        Topic.objects.filter(
            board_id=board_id,
            first_post_id__in=Post.objects.filter(
                moderation__in=[s for s in Moderation.values if s != Moderation.PUBLISHED]
            ).values("pk"),
        )
        .exclude(author_id=reader_id)
        .order_by()
        .values("pk")
    )
)


def topic_count(*, actor: User, board: Board) -> int:
    """How many topics `topic_list` holds for the actor, counted cheaply: all of the board's
    topics less others' topics whose first post is not published. Those are few and found
    through the moderation index; counting the list itself joins every topic of the board to
    its first post (about 10 ms for 3,000 topics on PostgreSQL)."""
    total = _BOARD_TOPICS.count(board.pk)
    if sees_every_post(actor, board.school_id):
        return total
    return total - _UNSEEN_TOPICS.count(board.pk, actor.pk)


def topic_get(*, actor: User, pk: int) -> Topic:
    """One topic the actor may see, with its board and school (Topic.DoesNotExist otherwise)."""
    return (
        Topic.objects.visible_to(actor)
        .select_related("board__school", "author", "first_post")
        .get(pk=pk)
    )


# What a page of posts reads (a row is rendered from these only; see views._post_cards).
_POST_ROW_FIELDS = (
    "topic_id",
    "author_id",
    "body",
    "quoted_id",
    "created_at",
    "edited_at",
    "moderation",
    "moderation_reason",
    "author__full_name",
    "quoted__topic_id",
    "quoted__author_id",
    "quoted__moderation",
    "quoted__author__full_name",
)


def post_list(*, actor: User, topic: Topic) -> QuerySet[Post]:
    """The posts of a topic the actor may read (from `topic_get` or a `visible_to` query), in
    the order written: published ones, the actor's own in any state (each with its
    `moderation_reason`), and for the school's safety team all of them. A page of them gets
    its reaction counts from `reactions_attach`.

    The topic's readability is not checked again: joining every post to its topic and board
    led PostgreSQL to read all posts of a long topic before taking a page."""
    return (
        _posts(topic.pk, *_reader(actor, topic.board.school_id))
        .select_related("author", "quoted__author")
        .only(*_POST_ROW_FIELDS)
    )


def _posts(topic_id: int | Inline, reader_id: int | None = None) -> QuerySet[Post]:
    """A topic's posts in the order written; with `reader_id`, only those that reader sees
    when they are not on the school's safety team."""
    posts = Post.objects.filter(topic_id=topic_id)
    if reader_id is not None:
        posts = posts.filter(readable_content_q(user_id=reader_id))
    return posts.order_by("created_at", "pk")


# What a post card shows: with the reaction counts, the topic's values and the reader's flags,
# the key of its rendering (see views._post_cards).
POST_CARD_FIELDS = (
    "pk",
    "body",
    "moderation",
    "moderation_reason",
    "created_at",
    "edited_at",
    "author_id",
    "author__full_name",
    "quoted_id",
    "quoted__moderation",
    "quoted__author__full_name",
)
# The page is cut from the index first and only its rows are joined to their authors and
# quoted posts (PostgreSQL would otherwise join every skipped row too).
_POST_ROWS = Prepared(
    lambda *reader, topic, start, stop: (
        Post.objects.filter(pk__in=_posts(Inline(topic), *reader)[start:stop].values("pk"))
        .order_by("created_at", "pk")
        .values_list(*POST_CARD_FIELDS)
    )
)
_POST_COUNT = Prepared(lambda topic_id, *reader: _posts(topic_id, *reader).order_by().values("pk"))


def post_rows(*, actor: User, topic: Topic, start: int, stop: int) -> list[tuple[object, ...]]:
    """`POST_CARD_FIELDS` of `post_list`'s rows from `start` to `stop`, as the database gives
    them (see `core.prepared`)."""
    reader = _reader(actor, topic.board.school_id)
    return _POST_ROWS.rows(*reader, topic=topic.pk, start=start, stop=stop)


def post_count(*, actor: User, topic: Topic) -> int:
    """How many posts `post_list` holds for the actor."""
    return _POST_COUNT.count(topic.pk, *_reader(actor, topic.board.school_id))


def reaction_counts(
    *, actor: User, post_ids: Iterable[int]
) -> dict[int, dict[str, tuple[int, bool]]]:
    """For each post that has reactions: kind -> (count, whether the actor is among them), in
    one query for the whole page.

    Counting for the page's rows only, after they are cut, keeps the cost of a page the same
    however long the topic is."""
    post_ids = list(post_ids)
    if not post_ids:
        return {}
    counts: dict[int, dict[str, tuple[int, bool]]] = {}
    for post_id, kind, n, mine in _REACTIONS.rows(actor.pk, *post_ids):
        counts.setdefault(post_id, {})[kind] = (n, mine > 0)
    return counts


_REACTIONS = Prepared(
    lambda reader_id, *post_ids: (
        Reaction.objects.filter(post_id__in=post_ids)
        .order_by()
        .values_list("post_id", "kind")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(user_id=reader_id)))
    )
)


def reaction_key(counts: dict[str, tuple[int, bool]] | None) -> tuple[tuple[str, int, bool], ...]:
    """A post's reaction counts as a tuple, in the order the card shows them."""
    counts = counts or {}
    return tuple((kind, *counts.get(kind, (0, False))) for kind in ReactionKind.values)


def reactions_attach(
    *,
    actor: User,
    posts: Iterable[Post],
    counts: dict[int, dict[str, tuple[int, bool]]] | None = None,
) -> list[Post]:
    """Give each post its reaction counts (`n_<kind>`) and the actor's own (`mine_<kind>`),
    which `Post.reaction_summary` reads: one query for the whole page (none when the counts
    of `reaction_counts` are given)."""
    posts = list(posts)
    if counts is None:
        counts = reaction_counts(actor=actor, post_ids=[post.pk for post in posts])
    for post in posts:
        for kind, n, mine in reaction_key(counts.get(post.pk)):
            setattr(post, f"n_{kind}", n)
            setattr(post, f"mine_{kind}", mine)
    return posts


_SUBSCRIBED = Prepared(
    lambda topic_id, user_id: (
        Subscription.objects.filter(topic_id=topic_id, user_id=user_id).order_by().values("pk")[:1]
    )
)


def topic_is_subscribed(*, actor: User, topic: Topic) -> bool:
    """Whether the actor follows the topic."""
    return bool(_SUBSCRIBED.rows(topic.pk, actor.pk))


def topic_accepted_post(*, actor: User, topic: Topic) -> Post | None:
    """The question's accepted answer, when it has one the actor may see (and published)."""
    post = accepted_posts(actor=actor, topic=topic).first()
    return reactions_attach(actor=actor, posts=[post])[0] if post else None


def accepted_posts(*, actor: User, topic: Topic) -> QuerySet[Post]:
    """The question's accepted answer as a list of at most one post: published, and one the
    actor may see."""
    if topic.accepted_post_id is None:
        return Post.objects.none()
    return post_list(actor=actor, topic=topic).filter(
        pk=topic.accepted_post_id, moderation=Moderation.PUBLISHED
    )


def post_quotable_get(*, actor: User, topic: Topic, pk: int) -> Post | None:
    """A published post of the topic that the actor may see and quote, or None."""
    return (
        Post.objects.visible_to(actor)
        .filter(topic=topic, pk=pk, moderation=Moderation.PUBLISHED)
        .select_related("author")
        .first()
    )


def post_quote_text(*, post: Post) -> str:
    """The quote that pre-fills a reply: `> Name wrote:` then each line of the post, in plain
    text like every body."""
    name = post.author.full_name if post.author else _("Deleted account")
    lines = [_("%(name)s wrote:") % {"name": name}, *post.body.splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


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
        .select_related("topic__board__school", "author")
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


# ---------------------------------------------------------------- portals: management


def site_list(*, actor: User) -> QuerySet[Site]:
    """Portals the actor manages or writes for."""
    return Site.objects.visible_to(actor).select_related("school", "bureau").order_by("name")


def site_missing_schools(*, actor: User) -> QuerySet[School]:
    """Schools the actor manages that have no portal yet."""
    scope = permissions.scope_of(actor)
    return School.objects.filter(pk__in=scope.managed_school_ids, site__isnull=True).order_by(
        "name"
    )


def site_is_editor(*, actor: User, site: Site) -> bool:
    """Whether the actor edits and publishes on the portal."""
    scope = permissions.scope_of(actor)
    return scope.is_superuser or is_editor(actor, scope, site)


def column_list(*, site: Site) -> QuerySet[Column]:
    """The portal's columns in their order."""
    return Column.objects.filter(site=site).order_by("position", "name", "pk")


def page_list(*, actor: User, site: Site) -> QuerySet[Page]:
    """The portal's static pages, for its editors."""
    return Page.objects.visible_to(actor).filter(site=site).order_by("title")


def site_role_list(*, actor: User, site: Site) -> QuerySet[SiteRole]:
    """The portal's writers and editors, for its admins."""
    return (
        SiteRole.objects.visible_to(actor)
        .filter(site=site)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def site_image_list(*, actor: User, site: Site) -> QuerySet[SiteFile]:
    """Images uploaded for the portal, newest first (for the article form's cover)."""
    return SiteFile.objects.visible_to(actor).filter(site=site).select_related("file")


def article_list(*, actor: User, site: Site, state: str = "") -> QuerySet[Article]:
    """The portal's articles the actor sees (editors: all; writers: their own and the
    published ones), optionally in one state, most recently changed first."""
    articles = (
        Article.objects.visible_to(actor)
        .filter(site=site)
        .select_related("column", "author")
        .order_by("-updated_at", "-pk")
    )
    if state:
        articles = articles.filter(state=state)
    return articles


def article_get(*, actor: User, pk: int) -> Article:
    """One article the actor sees, with its portal and column (Article.DoesNotExist)."""
    return (
        Article.objects.visible_to(actor)
        .select_related("site__school", "column", "author", "cover")
        .get(pk=pk)
    )


def article_state_counts(*, actor: User, site: Site) -> dict[str, int]:
    """How many articles the actor sees in each state, for the list's tabs."""
    rows = (
        Article.objects.visible_to(actor)
        .filter(site=site)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(ArticleState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


# ---------------------------------------------------------------- portals: public pages


def public_site_get(*, slug: str) -> Site:
    """A portal by its address (Site.DoesNotExist)."""
    return Site.objects.select_related("school", "bureau", "logo__site_file").get(slug=slug)


def public_article_list(*, site: Site) -> QuerySet[Article]:
    """Articles readers see on the portal, newest first: its own, and on the bureau's portal
    also the schools' articles shared with the bureau."""
    articles = Article.objects.public()
    if site.bureau_id is not None:
        articles = articles.filter(
            Q(site=site) | Q(site__school__bureau_id=site.bureau_id, share_with_bureau=True)
        )
    else:
        articles = articles.filter(site=site)
    return articles.select_related("site", "column", "author", "cover").order_by(
        "-published_at", "-pk"
    )


def public_home_columns(*, site: Site) -> list[tuple[Column, list[Article]]]:
    """The portal's columns, each with its latest public articles (two queries: a window
    function keeps the newest few of every column)."""
    columns = list(column_list(site=site))
    latest: dict[int, list[Article]] = {c.pk: [] for c in columns}
    articles = (
        Article.objects.public()
        .filter(column__in=columns)
        .select_related("site")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("column_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=HOME_ARTICLES_PER_COLUMN)
        .order_by("-published_at", "-pk")
    )
    for article in articles:
        latest[article.column_id].append(article)
    return [(c, latest[c.pk]) for c in columns]


def public_shared_articles(*, site: Site, limit: int = 10) -> list[Article]:
    """On the bureau's portal: the latest school articles shared with the bureau."""
    if site.bureau_id is None:
        return []
    return list(
        Article.objects.public()
        .filter(site__school__bureau_id=site.bureau_id, share_with_bureau=True)
        .select_related("site")
        .order_by("-published_at", "-pk")[:limit]
    )


def public_column_get(*, site: Site, slug: str) -> Column:
    return Column.objects.get(site=site, slug=slug)


def public_column_articles(*, column: Column) -> QuerySet[Article]:
    """The column's public articles, newest first, with what the list shows."""
    return (
        Article.objects.public()
        .filter(column=column)
        .select_related("site", "author", "cover")
        .order_by("-published_at", "-pk")
    )


def public_article_get(*, site: Site, slug: str) -> Article:
    """A public article of the portal (Article.DoesNotExist for anything not published)."""
    return (
        Article.objects.public()
        .select_related("site", "column", "author", "cover")
        .get(site=site, slug=slug)
    )


def public_page_get(*, site: Site, slug: str) -> Page:
    return Page.objects.get(site=site, slug=slug, published=True)


def public_page_list(*, site: Site) -> QuerySet[Page]:
    return Page.objects.filter(site=site, published=True).order_by("title")


def public_file_get(*, actor: User, pk: int) -> SiteFile:
    """An image of a portal: anyone's once a public article or a published page shows it (or
    it is the portal's logo or a public article's cover); otherwise only the portal's writers
    and editors see it (SiteFile.DoesNotExist)."""
    files = SiteFile.objects.select_related("file")
    public = Article.objects.public()
    shown = (
        Q(articles__in=public)
        | Q(covers__in=public)
        | Q(pages__published=True)
        | Q(file__in=Site.objects.filter(logo__isnull=False).values("logo"))
    )
    found = files.filter(pk=pk).filter(shown).first()
    if found is not None:
        return found
    return SiteFile.objects.visible_to(actor).select_related("file").get(pk=pk)


def public_sitemap_articles() -> QuerySet[Article]:
    return Article.objects.public().select_related("site").order_by("-published_at", "-pk")


def public_sitemap_pages() -> QuerySet[Page]:
    return Page.objects.filter(published=True).select_related("site").order_by("pk")


def site_staff_find(*, identifier: str) -> User | None:
    """The account with this education ID or e-mail (the role service checks that they work
    at the portal's school)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    return User.objects.filter(
        Q(education_id__iexact=identifier) | Q(email__iexact=identifier), is_active=True
    ).first()
