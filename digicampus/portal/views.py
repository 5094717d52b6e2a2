"""Forum pages: a school's boards, a board's topics, a topic's posts, one's own posts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.core.rendered import rendered_rows
from digicampus.org.models import School
from digicampus.portal import selectors, services
from digicampus.portal.choices import POSTS_PER_PAGE, TOPICS_PER_PAGE, TopicKind
from digicampus.portal.forms import BoardForm, PostEditForm, ReplyForm, TopicForm
from digicampus.portal.models import Board, Post, Topic
from digicampus.safety.choices import Moderation


def _tell(request: HttpRequest, post: Post) -> None:
    """Tell the author what screening decided about the post they just wrote."""
    if post.moderation == Moderation.PUBLISHED:
        messages.success(request, _("Your post is published."))
    elif post.moderation == Moderation.HELD:
        messages.warning(
            request,
            _(
                "Your post is waiting for a check by the school's safety team. "
                "Until then only you can see it."
            ),
        )
    else:
        messages.error(
            request,
            _("Your post was not published: %(reason)s")
            % {"reason": _(post.moderation_reason) if post.moderation_reason else ""},
        )


def _school_or_404(request: HttpRequest, pk: int) -> School:
    return get_object_or_404(selectors.forum_schools(actor=request.user), pk=pk)


def _topic_or_404(request: HttpRequest, pk: int) -> Topic:
    """The topic with its board and first post (what `portal.read_topic` reads)."""
    try:
        topic = Topic.objects.select_related("board", "first_post").get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404 from None
    if not permissions.can(request.user, "portal.read_topic", topic):
        raise Http404
    return topic


def _post_or_404(request: HttpRequest, pk: int) -> Post:
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related("topic__board__school"), pk=pk
    )


@login_required
def forum_home_view(request: HttpRequest) -> HttpResponse:
    """The forum of the user's school, or the list of their schools when they have several."""
    schools = list(selectors.forum_schools(actor=request.user))
    if len(schools) == 1:
        return redirect("portal:school_boards", pk=schools[0].pk)
    return render(request, "portal/forum_home.html", {"schools": schools})


@login_required
def school_boards_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk)
    context = {
        "school": school,
        "boards": selectors.board_list(actor=request.user, school=school),
        "can_create": permissions.can(request.user, "portal.create_board", school),
    }
    return render(request, "portal/board_list.html", context)


@login_required
def board_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk)
    permissions.require(request.user, "portal.create_board", school)
    form = BoardForm(
        request.POST or None,
        grades=selectors.board_grades(school=school),
        classes=selectors.board_classes(school=school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            board = services.board_create(actor=request.user, school=school, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The board has been created."))
            return redirect(board)
    return render(request, "portal/board_form.html", {"form": form, "school": school})


@login_required
@require_POST
def board_defaults_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Create the usual boards of the school: the whole school and each class."""
    school = _school_or_404(request, pk)
    created = services.board_defaults(school=school, actor=request.user)
    if created:
        messages.success(
            request, _("%(count)s boards have been created.") % {"count": len(created)}
        )
    else:
        messages.info(request, _("The school already has these boards."))
    return redirect("portal:school_boards", pk=school.pk)


@login_required
def board_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A board's topics, and the form to start one."""
    try:
        board = Board.objects.get(pk=pk)
    except Board.DoesNotExist:
        raise Http404 from None
    if not permissions.can(request.user, "portal.read_board", board):
        raise Http404
    can_post = permissions.can(request.user, "portal.post", board)
    form = TopicForm(request.POST or None)
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        if form.is_valid():
            try:
                post = services.topic_create(actor=request.user, board=board, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                _tell(request, post)
                return redirect(post.topic)
    paginator = Paginator(selectors.topic_list(actor=request.user, board=board), TOPICS_PER_PAGE)
    paginator.count = selectors.topic_count(actor=request.user, board=board)
    page = paginator.get_page(request.GET.get("page"))
    start = (page.number - 1) * TOPICS_PER_PAGE
    rows = selectors.topic_rows(
        actor=request.user, board=board, start=start, stop=start + TOPICS_PER_PAGE
    )
    context = {
        "board": board,
        "page": page,
        "rows": _topic_rows(rows),
        "form": form if can_post else None,
    }
    return render(request, "portal/board_detail.html", context)


def _topic_rows(values: list[tuple[object, ...]]) -> list[SafeString]:
    """The board page's topic lines, from their `selectors.TOPIC_ROW_FIELDS`, rendered once per
    change (see `core.rendered`)."""

    def contexts(positions: list[int]) -> list[dict[str, Topic] | None]:
        wanted = [values[i][0] for i in positions]
        found = Topic.objects.select_related("author", "first_post").in_bulk(wanted)
        return [{"topic": found[pk]} if pk in found else None for pk in wanted]

    return rendered_rows("portal/partials/topic_row.html", values, contexts)


def _card_permissions(request: HttpRequest, topic: Topic) -> tuple[bool, bool]:
    """Whether the reader may reply in the topic, and accept an answer to it."""
    can_reply = not topic.locked and permissions.can(request.user, "portal.post", topic.board)
    can_accept = topic.kind == TopicKind.QUESTION and permissions.can(
        request.user, "portal.accept_answer", topic
    )
    return can_reply, can_accept


_AUTHOR = selectors.POST_CARD_FIELDS.index("author_id")


def _post_cards(
    request: HttpRequest,
    topic: Topic,
    rows: list[tuple[object, ...]],
    can_reply: bool,
    can_accept: bool,
) -> list[SafeString]:
    """The cards of posts from their `selectors.POST_CARD_FIELDS`, rendered once per change
    (see `core.rendered`)."""
    counts = selectors.reaction_counts(actor=request.user, post_ids=[row[0] for row in rows])
    reader = request.user.pk
    values = [
        (
            *row,
            selectors.reaction_key(counts.get(row[0])),
            topic.pk,
            topic.accepted_post_id,
            topic.first_post_id,
            row[_AUTHOR] is not None and row[_AUTHOR] == reader,
            can_reply,
            can_accept,
        )
        for row in rows
    ]

    def contexts(positions: list[int]) -> list[dict[str, object] | None]:
        wanted = [rows[i][0] for i in positions]
        found = Post.objects.select_related("author", "quoted__author").in_bulk(wanted)
        selectors.reactions_attach(actor=request.user, posts=found.values(), counts=counts)
        return [
            {
                "post": found[pk],
                "topic": topic,
                "mine": found[pk].author_id is not None and found[pk].author_id == reader,
                "can_reply": can_reply,
                "can_accept": can_accept,
            }
            if pk in found
            else None
            for pk in wanted
        ]

    return rendered_rows("portal/partials/post_card.html", values, contexts)


@login_required
def topic_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A topic's posts, page by page, and the reply form. `?post=<id>` opens the page that
    holds that post."""
    topic = _topic_or_404(request, pk)
    board = topic.board
    can_reply, can_accept = _card_permissions(request, topic)
    initial = {}
    quote_id = request.GET.get("quote", "")
    if quote_id.isdigit():
        quoted = selectors.post_quotable_get(actor=request.user, topic=topic, pk=int(quote_id))
        if quoted is not None:
            initial = {"body": selectors.post_quote_text(post=quoted), "quoted": quoted.pk}
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not permissions.can(request.user, "portal.post", board):
            raise PermissionDenied
        if form.is_valid():
            quoted_id = form.cleaned_data["quoted"]
            try:
                post = services.post_reply(
                    actor=request.user,
                    topic=topic,
                    body=form.cleaned_data["body"],
                    quoted=selectors.post_quotable_get(
                        actor=request.user, topic=topic, pk=quoted_id
                    )
                    if quoted_id
                    else None,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                _tell(request, post)
                return redirect(post.get_absolute_url())
    number = request.GET.get("page")
    post_id = request.GET.get("post", "")
    if number is None and post_id.isdigit():
        position = selectors.post_position(actor=request.user, topic=topic, post_id=int(post_id))
        number = str(position // POSTS_PER_PAGE + 1)
    paginator = Paginator(selectors.post_list(actor=request.user, topic=topic), POSTS_PER_PAGE)
    paginator.count = selectors.post_count(actor=request.user, topic=topic)
    page = paginator.get_page(number)
    start = (page.number - 1) * POSTS_PER_PAGE
    rows = selectors.post_rows(
        actor=request.user, topic=topic, start=start, stop=start + POSTS_PER_PAGE
    )
    accepted = (
        _post_cards(
            request,
            topic,
            list(
                selectors.accepted_posts(actor=request.user, topic=topic).values_list(
                    *selectors.POST_CARD_FIELDS
                )
            ),
            can_reply,
            can_accept,
        )
        if topic.accepted_post_id
        else []
    )
    context = {
        "topic": topic,
        "board": board,
        "page": page,
        "cards": _post_cards(request, topic, rows, can_reply, can_accept),
        "accepted": accepted[0] if accepted else None,
        "form": form if can_reply or form.errors else None,
        "subscribed": selectors.topic_is_subscribed(actor=request.user, topic=topic),
        "can_manage": permissions.can(request.user, "portal.manage_topics", board),
    }
    return render(request, "portal/topic_detail.html", context)


@login_required
@require_POST
def topic_pin_view(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_or_404(request, pk)
    services.topic_pin(actor=request.user, topic=topic, pinned=not topic.pinned)
    messages.success(
        request, _("The topic is pinned.") if topic.pinned else _("The topic is no longer pinned.")
    )
    return redirect(topic)


@login_required
@require_POST
def subscription_toggle_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow the topic, or stop following it."""
    topic = _topic_or_404(request, pk)
    subscribed = services.subscription_toggle(actor=request.user, topic=topic)
    messages.success(
        request,
        _("You will be told of new replies to this topic.")
        if subscribed
        else _("You no longer follow this topic."),
    )
    return redirect(topic)


@login_required
@require_POST
def topic_lock_view(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_or_404(request, pk)
    services.topic_lock(actor=request.user, topic=topic, locked=not topic.locked)
    messages.success(
        request,
        _("The topic is locked: no more replies.")
        if topic.locked
        else _("The topic is open for replies again."),
    )
    return redirect(topic)


@login_required
@require_POST
def answer_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the post as its question's accepted answer, or unmark it when it already is."""
    post = _post_or_404(request, pk)
    topic = post.topic
    accepted = topic.accepted_post_id != post.pk
    try:
        services.answer_accept(actor=request.user, topic=topic, post=post if accepted else None)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The reply is marked as the accepted answer.")
            if accepted
            else _("The reply is no longer the accepted answer."),
        )
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def reaction_toggle_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or take back one of the reader's reactions to a post."""
    post = _post_or_404(request, pk)
    try:
        services.reaction_toggle(actor=request.user, post=post, kind=request.POST.get("kind", ""))
    except DomainError as error:
        if request.htmx:
            return HttpResponse(str(error.message), status=400)
        messages.error(request, str(error.message))
    if not request.htmx:
        return redirect(post.get_absolute_url())
    # HTMX: answer the post's card with its new counts, in place.
    topic = post.topic
    fresh = (
        selectors.post_list(actor=request.user, topic=topic)
        .filter(pk=post.pk)
        .values_list(*selectors.POST_CARD_FIELDS)
    )
    [card] = _post_cards(request, topic, list(fresh), *_card_permissions(request, topic))
    return HttpResponse(card)


@login_required
def post_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes their post (and the title, for a topic's first post)."""
    post = _post_or_404(request, pk)
    permissions.require(request.user, "portal.edit_post", post)
    with_title = post.is_first
    initial = {"body": post.body, "title": post.topic.title}
    form = PostEditForm(request.POST or None, initial=initial, with_title=with_title)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                actor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _tell(request, post)
            return redirect(post.get_absolute_url())
    return render(request, "portal/post_form.html", {"form": form, "post": post})


@login_required
@require_POST
def post_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    services.post_delete(actor=request.user, post=post)
    messages.success(request, _("Your post has been deleted."))
    return redirect(post.topic)


@login_required
def my_posts_view(request: HttpRequest) -> HttpResponse:
    """Everything the user wrote in the forum, with the state of each post."""
    page = Paginator(selectors.my_posts(actor=request.user), TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/my_posts.html", {"page": page})
