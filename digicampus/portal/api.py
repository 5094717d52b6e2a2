"""API: the forum for mobile apps — boards, topics and posts, writing topics and replies —
and the portals (`site_router`): public articles without an account, and the news workflow
for staff.

The same selectors and services as the pages: a post written here is screened the same way,
and its `moderation` says whether it was published, held for the safety team, or blocked
(with `moderation_reason`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from digicampus.portal import selectors, services
from digicampus.portal.choices import (
    ARTICLES_PER_PAGE,
    POSTS_PER_PAGE,
    TOPICS_PER_PAGE,
    StudentPhotos,
    TopicKind,
)
from digicampus.portal.models import Article, Board, Post, Site, Topic

router = Router(tags=["forum"])


class BoardOut(Schema):
    id: int
    school_id: int
    name: str
    description: str
    audience: str
    grade_id: int | None
    classroom_id: int | None
    students_may_post: bool


class TopicOut(Schema):
    id: int
    board_id: int
    title: str
    kind: str = Field(description="discussion or question.")
    accepted_post_id: int | None = Field(description="The question's accepted answer, if any.")
    author_id: int | None
    author_name: str | None
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    pinned: bool
    locked: bool
    moderation: str = Field(description="State of the first post, which carries the title.")

    @staticmethod
    def resolve_author_name(topic: Topic) -> str | None:
        return topic.author.full_name if topic.author else None

    @staticmethod
    def resolve_moderation(topic: Topic) -> str:
        return topic.first_post.moderation if topic.first_post else ""


class PostOut(Schema):
    id: int
    topic_id: int
    author_id: int | None
    author_name: str | None
    body: str
    quoted_id: int | None = Field(description="The post this reply quotes, if any.")
    created_at: datetime
    edited_at: datetime | None
    moderation: str = Field(description="published, held, hidden or deleted.")
    moderation_reason: str = Field(description="Why the post is not published, translated.")
    reactions: dict[str, int] = Field(description="How many readers left each reaction.")

    @staticmethod
    def resolve_reactions(post: Post) -> dict[str, int]:
        return {kind: count for kind, _label, count, _mine in post.reaction_summary()}

    @staticmethod
    def resolve_author_name(post: Post) -> str | None:
        return post.author.full_name if post.author else None

    @staticmethod
    def resolve_moderation_reason(post: Post) -> str:
        return gettext(post.moderation_reason) if post.moderation_reason else ""


class TopicIn(Schema):
    kind: TopicKind = TopicKind.DISCUSSION
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20000)


class ReplyIn(Schema):
    body: str = Field(min_length=1, max_length=20000)
    quoted_id: int | None = Field(
        default=None, description="A published post of the topic that this reply quotes."
    )


@router.get("/schools/{school_id}/boards", response=list[BoardOut])
@paginate
def board_list(request: HttpRequest, school_id: int) -> object:
    """The school's boards the caller may read."""
    school = get_object_or_404(selectors.forum_schools(actor=request.user), pk=school_id)
    return selectors.board_list(actor=request.user, school=school)


@router.get("/boards/{board_id}/topics", response=list[TopicOut])
@paginate(PageNumberPagination, page_size=TOPICS_PER_PAGE)
def topic_list(request: HttpRequest, board_id: int) -> object:
    """The board's topics, pinned first, then the most recently active."""
    board = get_object_or_404(Board.objects.visible_to(request.user), pk=board_id)
    return selectors.topic_list(actor=request.user, board=board)


@router.post("/boards/{board_id}/topics", response={201: PostOut})
def topic_create(request: HttpRequest, board_id: int, payload: TopicIn) -> Status[Post]:
    """Start a topic; answers its first post, whose `moderation` says what screening did."""
    board = get_object_or_404(
        Board.objects.visible_to(request.user).select_related("school"), pk=board_id
    )
    post = services.topic_create(
        actor=request.user, board=board, title=payload.title, body=payload.body, kind=payload.kind
    )
    return Status(201, post)


class PostPagination(PageNumberPagination):
    """Pages of posts, each page's posts with their reaction counts (two queries a page)."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        page[self.items_attribute] = selectors.reactions_attach(
            actor=request.user, posts=page[self.items_attribute]
        )
        return page


@router.get("/topics/{topic_id}/posts", response=list[PostOut])
@paginate(PostPagination, page_size=POSTS_PER_PAGE)
def post_list(request: HttpRequest, topic_id: int) -> object:
    """The topic's posts in the order written: published ones, and the caller's own in any
    state."""
    topic = get_object_or_404(Topic.objects.visible_to(request.user), pk=topic_id)
    return selectors.post_list(actor=request.user, topic=topic)


@router.post("/topics/{topic_id}/posts", response={201: PostOut})
def post_reply(request: HttpRequest, topic_id: int, payload: ReplyIn) -> Status[Post]:
    """Reply in a topic; answers the reply, whose `moderation` says what screening did."""
    topic = get_object_or_404(
        Topic.objects.visible_to(request.user).select_related("board__school"), pk=topic_id
    )
    quoted = None
    if payload.quoted_id is not None:
        quoted = selectors.post_quotable_get(actor=request.user, topic=topic, pk=payload.quoted_id)
        if quoted is None:
            raise Http404
    post = services.post_reply(actor=request.user, topic=topic, body=payload.body, quoted=quoted)
    return Status(201, post)


class PostEditIn(Schema):
    body: str = Field(min_length=1, max_length=20000)
    title: str | None = Field(
        default=None, min_length=1, max_length=200, description="Only for a topic's first post."
    )


class TopicChangeIn(Schema):
    pinned: bool | None = Field(default=None, description="Pin to the top of the board.")
    locked: bool | None = Field(default=None, description="Lock: no more replies.")


class AcceptedIn(Schema):
    post_id: int | None = Field(description="A published reply of the question, or null.")


class FollowingOut(Schema):
    following: bool


def _topic(request: HttpRequest, topic_id: int) -> Topic:
    return get_object_or_404(
        Topic.objects.visible_to(request.user).select_related("board__school", "first_post"),
        pk=topic_id,
    )


def _post(request: HttpRequest, post_id: int) -> Post:
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related("topic__board__school", "author"),
        pk=post_id,
    )


def _counted(request: HttpRequest, post: Post) -> Post:
    return selectors.reactions_attach(actor=request.user, posts=[post])[0]


@router.get("/posts/mine", response=list[PostOut])
@paginate(PostPagination, page_size=POSTS_PER_PAGE)
def my_posts(request: HttpRequest) -> object:
    """Everything the caller wrote in the forum, newest first, in any state."""
    return selectors.my_posts(actor=request.user)


@router.patch("/posts/{post_id}", response=PostOut)
def post_edit(request: HttpRequest, post_id: int, payload: PostEditIn) -> Post:
    """The author changes a post (and the title with a topic's first post); screened again."""
    post = _post(request, post_id)
    post = services.post_edit(actor=request.user, post=post, body=payload.body, title=payload.title)
    return _counted(request, post)


@router.delete("/posts/{post_id}", response={204: None})
def post_delete(request: HttpRequest, post_id: int) -> Status[None]:
    """The author deletes their post (kept, marked deleted, for the safety team's records)."""
    services.post_delete(actor=request.user, post=_post(request, post_id))
    return Status(204, None)


@router.put("/posts/{post_id}/reactions/{kind}", response=PostOut)
def reaction_add(request: HttpRequest, post_id: int, kind: str) -> Post:
    """Leave a reaction (like, thanks, helpful) on a published post; answers the post with its
    counts. Doing it twice changes nothing."""
    post = _post(request, post_id)
    services.reaction_set(actor=request.user, post=post, kind=kind, on=True)
    return _counted(request, post)


@router.delete("/posts/{post_id}/reactions/{kind}", response=PostOut)
def reaction_remove(request: HttpRequest, post_id: int, kind: str) -> Post:
    """Take a reaction back; answers the post with its counts."""
    post = _post(request, post_id)
    services.reaction_set(actor=request.user, post=post, kind=kind, on=False)
    return _counted(request, post)


@router.patch("/topics/{topic_id}", response=TopicOut)
def topic_change(request: HttpRequest, topic_id: int, payload: TopicChangeIn) -> Topic:
    """Pin or lock a topic (the school's staff)."""
    topic = _topic(request, topic_id)
    if payload.pinned is not None:
        topic = services.topic_pin(actor=request.user, topic=topic, pinned=payload.pinned)
    if payload.locked is not None:
        topic = services.topic_lock(actor=request.user, topic=topic, locked=payload.locked)
    return topic


@router.put("/topics/{topic_id}/accepted-answer", response=TopicOut)
def answer_accept(request: HttpRequest, topic_id: int, payload: AcceptedIn) -> Topic:
    """Mark a published reply as the question's accepted answer, or unmark with null: the
    topic's author and the school's staff."""
    topic = _topic(request, topic_id)
    post = None
    if payload.post_id is not None:
        post = get_object_or_404(
            selectors.post_list(actor=request.user, topic=topic), pk=payload.post_id
        )
    return services.answer_accept(actor=request.user, topic=topic, post=post)


@router.put("/topics/{topic_id}/subscription", response=FollowingOut)
def topic_follow(request: HttpRequest, topic_id: int) -> dict[str, bool]:
    """Follow the topic: new published replies are notified in-app."""
    topic = _topic(request, topic_id)
    return {"following": services.subscription_set(actor=request.user, topic=topic, follow=True)}


@router.delete("/topics/{topic_id}/subscription", response=FollowingOut)
def topic_unfollow(request: HttpRequest, topic_id: int) -> dict[str, bool]:
    """Stop following the topic."""
    topic = _topic(request, topic_id)
    return {"following": services.subscription_set(actor=request.user, topic=topic, follow=False)}


# ---------------------------------------------------------------- portals

site_router = Router(tags=["portal"])


class ArticleOut(Schema):
    id: int
    site_id: int
    column_id: int
    title: str
    slug: str
    summary: str
    body: str = Field(description="Sanitised HTML.")
    author_name: str | None
    published_at: datetime | None
    views: int
    url: str

    @staticmethod
    def resolve_author_name(article: Article) -> str | None:
        return article.author.full_name if article.author else None

    @staticmethod
    def resolve_url(article: Article) -> str:
        return article.get_absolute_url()


class ArticleStaffOut(ArticleOut):
    state: str = Field(description="draft, submitted, returned, scheduled, published, unpublished.")
    editor_comment: str
    student_photos: str
    publish_at: datetime | None
    moderation: str = Field(description="published, held, hidden or deleted (safety screening).")


class ArticleIn(Schema):
    column_id: int
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(default="", max_length=300)
    body: str = Field(min_length=1, max_length=200000, description="HTML, sanitised on save.")
    share_with_bureau: bool = False
    student_photos: StudentPhotos = Field(
        default=StudentPhotos.NONE,
        description="Whether the images show students, and if so whether their parents' "
        "consent is on record (none, consent, no_consent); no_consent cannot be published.",
    )


@site_router.get("/public/{slug}/articles", response=list[ArticleOut], auth=None)
@paginate(PageNumberPagination, page_size=ARTICLES_PER_PAGE)
def public_article_list(request: HttpRequest, slug: str) -> object:
    """The portal's published articles, newest first; no account needed."""
    try:
        site = selectors.public_site_get(slug=slug)
    except Site.DoesNotExist:
        raise Http404 from None
    return selectors.public_article_list(site=site)


@site_router.get("/sites/{site_id}/articles", response=list[ArticleStaffOut])
@paginate(PageNumberPagination, page_size=ARTICLES_PER_PAGE)
def article_list(request: HttpRequest, site_id: int, state: str = "") -> object:
    """The portal's articles the caller sees (editors: all; writers: their own and the
    published ones), optionally in one state."""
    site = get_object_or_404(selectors.site_list(actor=request.user), pk=site_id)
    return selectors.article_list(actor=request.user, site=site, state=state)


@site_router.post("/sites/{site_id}/articles", response={201: ArticleStaffOut})
def article_create(request: HttpRequest, site_id: int, payload: ArticleIn) -> Status[Article]:
    """Draft an article (the portal's writers and editors)."""
    site = get_object_or_404(selectors.site_list(actor=request.user), pk=site_id)
    column = get_object_or_404(selectors.column_list(site=site), pk=payload.column_id)
    article = services.article_create(
        actor=request.user,
        site=site,
        column=column,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        share_with_bureau=payload.share_with_bureau,
        student_photos=payload.student_photos,
    )
    return Status(201, article)


def _staff_article(request: HttpRequest, article_id: int) -> Article:
    return get_object_or_404(
        Article.objects.visible_to(request.user).select_related("site__school", "author"),
        pk=article_id,
    )


@site_router.post("/articles/{article_id}/submit", response=ArticleStaffOut)
def article_submit(request: HttpRequest, article_id: int) -> Article:
    """Send a draft or returned article to the editors (its writer)."""
    article = _staff_article(request, article_id)
    return services.article_submit(actor=request.user, article=article)


@site_router.post("/articles/{article_id}/publish", response=ArticleStaffOut)
def article_publish(
    request: HttpRequest, article_id: int, publish_at: datetime | None = None
) -> Article:
    """Publish now, or schedule when the `publish_at` query parameter is in the future (the
    portal's editors)."""
    article = _staff_article(request, article_id)
    return services.article_publish(actor=request.user, article=article, publish_at=publish_at)
