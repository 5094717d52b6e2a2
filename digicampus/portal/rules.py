"""Who may see and do what in the forum.

A board is read by the staff of its school (school admins, teachers, collaborators, and the
bureau through its grant) and by the students it is open to: every student of the school, the
students of one grade, those of one class, or the members of one interest group. Parents do
not read the students' forum; students of another class never see a class board. Others see
a post only while it is published; its author always sees it, and so does the school's safety
team (its admins and collaborators), which decides about held and reported posts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility, scope_of
from digicampus.org.models import Bureau, Classroom, School
from digicampus.portal.choices import (
    AUTHOR_EDITABLE_STATES,
    ArticleState,
    BoardAudience,
    SiteRoleKind,
)
from digicampus.portal.models import (
    Article,
    Board,
    Column,
    Page,
    Post,
    Site,
    SiteFile,
    SiteRole,
    Topic,
)
from digicampus.safety.choices import Moderation
from digicampus.safety.rules import team_school_ids
from digicampus.safety.selectors import readable_content_q
from digicampus.spaces.models import SpaceMember


def _student_grade_ids(scope: Scope) -> Any:
    return Classroom.objects.filter(pk__in=scope.student_class_ids).values("grade_id")


def board_q(scope: Scope, prefix: str = "") -> Q:
    """Boards the user may read; `prefix` is the path to the board (`"topic__board__"`)."""
    q = Q(**{f"{prefix}school_id__in": scope.staff_school_ids})
    if scope.student_school_ids:
        q |= Q(
            **{
                f"{prefix}audience": BoardAudience.SCHOOL,
                f"{prefix}school_id__in": scope.student_school_ids,
            }
        )
    if scope.student_class_ids:
        q |= Q(
            **{
                f"{prefix}audience": BoardAudience.GRADE,
                f"{prefix}grade_id__in": _student_grade_ids(scope),
            }
        )
        q |= Q(
            **{
                f"{prefix}audience": BoardAudience.CLASS,
                f"{prefix}classroom_id__in": scope.student_class_ids,
            }
        )
    if scope.user_id is not None:
        q |= Q(
            **{
                f"{prefix}audience": BoardAudience.GROUP,
                f"{prefix}space_id__in": _group_ids(scope.user_id),
            }
        )
    return q


def _group_ids(user_id: int) -> Any:
    """Interest groups (theme spaces) the user is a member of; their boards are theirs."""
    return SpaceMember.objects.filter(user_id=user_id).values("space_id")


def _topic_open_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """A topic is seen by others only while its first post (its title) is published."""
    return (
        Q(**{f"{prefix}first_post__moderation": Moderation.PUBLISHED})
        | Q(**{f"{prefix}author_id": user.pk})
        | Q(**{f"{prefix}board__school_id__in": team_school_ids(scope)})
    )


def sees_every_post(user: Any, school_id: int) -> bool:
    """Whether the user reads the school's posts in every state (its safety team does)."""
    return school_id in team_school_ids(scope_of(user))


@register_visibility(Board)
def _boards(user: Any, scope: Scope) -> Q:
    return board_q(scope)


@register_visibility(Topic)
def _topics(user: Any, scope: Scope) -> Q:
    return board_q(scope, "board__") & _topic_open_q(user, scope)


@register_visibility(Post)
def _posts(user: Any, scope: Scope) -> Q:
    return (
        board_q(scope, "topic__board__")
        & _topic_open_q(user, scope, "topic__")
        & (readable_content_q(user=user) | Q(topic__board__school_id__in=team_school_ids(scope)))
    )


def forum_school_ids(scope: Scope) -> frozenset[int]:
    """Schools whose forum the user takes part in: where they work or study."""
    return scope.staff_school_ids | scope.student_school_ids


def _student_reads(scope: Scope, board: Board) -> bool:
    if board.audience == BoardAudience.SCHOOL:
        return board.school_id in scope.student_school_ids
    if board.audience == BoardAudience.CLASS:
        return board.classroom_id in scope.student_class_ids
    if board.audience == BoardAudience.GROUP:
        return SpaceMember.objects.filter(space_id=board.space_id, user_id=scope.user_id).exists()
    return Classroom.objects.filter(
        pk__in=scope.student_class_ids, grade_id=board.grade_id
    ).exists()


@register_rule("portal.read_board")
def _read_board(user: Any, scope: Scope, board: Board) -> bool:
    """One board already fetched, decided as `board_q` decides in SQL (pages that show one
    board check it this way: cheaper than asking the database again)."""
    return board.school_id in scope.staff_school_ids or _student_reads(scope, board)


@register_rule("portal.read_topic")
def _read_topic(user: Any, scope: Scope, topic: Topic) -> bool:
    """One topic already fetched with its board and first post, decided as the `Topic`
    visibility filter decides in SQL (the tests hold the two to the same answers)."""
    board = topic.board
    if not _read_board(user, scope, board):
        return False
    return (
        (topic.first_post is not None and topic.first_post.moderation == Moderation.PUBLISHED)
        or (topic.author_id is not None and topic.author_id == user.pk)
        or board.school_id in team_school_ids(scope)
    )


@register_rule("portal.create_board")
def _create_board(user: Any, scope: Scope, school: School) -> bool:
    """School admins (and the bureau for its schools) and the school's collaborators."""
    return school.pk in scope.managed_school_ids | scope.collaborator_school_ids


@register_rule("portal.post")
def _post(user: Any, scope: Scope, board: Board) -> bool:
    """Start a topic or reply: the school's staff always; students the board is open to,
    unless the board is for staff posts only."""
    if board.school_id in scope.staff_school_ids:
        return True
    return board.students_may_post and _student_reads(scope, board)


@register_rule("portal.manage_topics")
def _manage_topics(user: Any, scope: Scope, board: Board) -> bool:
    """Pin and lock topics: the school's staff (its safety team included)."""
    return board.school_id in scope.staff_school_ids


@register_rule("portal.accept_answer")
def _accept_answer(user: Any, scope: Scope, topic: Topic) -> bool:
    """Mark or unmark a question's accepted answer: the topic's author and the school's
    staff."""
    if topic.author_id is not None and topic.author_id == user.pk:
        return True
    return topic.board.school_id in scope.staff_school_ids


@register_rule("portal.react")
def _react(user: Any, scope: Scope, post: Post) -> bool:
    """React to a post: whoever may see it, while it is published."""
    if post.moderation != Moderation.PUBLISHED:
        return False
    return Post.objects.filter(_posts(user, scope), pk=post.pk).exists()


@register_rule("portal.subscribe")
def _subscribe(user: Any, scope: Scope, topic: Topic) -> bool:
    """Follow a topic: whoever may see it."""
    return Topic.objects.filter(_topics(user, scope), pk=topic.pk).exists()


@register_rule("portal.edit_post")
def _edit_post(user: Any, scope: Scope, post: Post) -> bool:
    """Only the author edits or deletes a post; the safety team hides posts through cases."""
    return post.author_id is not None and post.author_id == user.pk


# ---------------------------------------------------------------- portals
#
# A school's portal is run by its admins (and the bureau's admins through their grant), who are
# its editors, and by the staff they name writers or editors (`SiteRole`). The bureau's portal
# is run by the bureau's admins. Others see portal rows only through the public pages, which
# read published rows without an account (selectors, not `visible_to`).


def _site_roles(user: Any) -> dict[int, str]:
    """The user's portal roles by site id, read once per request."""
    roles = getattr(user, "_dc_site_roles", None)
    if roles is None:
        roles = dict(SiteRole.objects.filter(user_id=user.pk).values_list("site_id", "role"))
        user._dc_site_roles = roles
    return roles


def _admin_site_q(scope: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}school_id__in": scope.managed_school_ids}) | Q(
        **{f"{prefix}bureau_id__in": scope.bureau_ids}
    )


def site_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """Portals whose management pages the user opens: admins' and those they have a role on."""
    role_sites = SiteRole.objects.filter(user_id=user.pk).values("site_id")
    return _admin_site_q(scope, prefix) | Q(**{f"{prefix}pk__in": role_sites})


def _editor_site_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    editor_sites = SiteRole.objects.filter(user_id=user.pk, role=SiteRoleKind.EDITOR).values(
        "site_id"
    )
    return _admin_site_q(scope, prefix) | Q(**{f"{prefix}pk__in": editor_sites})


@register_visibility(Site)
def _sites(user: Any, scope: Scope) -> Q:
    return site_q(user, scope)


@register_visibility(Column)
def _columns(user: Any, scope: Scope) -> Q:
    return site_q(user, scope, "site__")


@register_visibility(Page)
def _pages(user: Any, scope: Scope) -> Q:
    return _editor_site_q(user, scope, "site__")


@register_visibility(SiteFile)
def _site_files(user: Any, scope: Scope) -> Q:
    return site_q(user, scope, "site__")


@register_visibility(SiteRole)
def _site_roles_visible(user: Any, scope: Scope) -> Q:
    return _admin_site_q(scope, "site__")


@register_visibility(Article)
def _articles(user: Any, scope: Scope) -> Q:
    """Editors see every article of their portal; writers their own and the published ones."""
    return _editor_site_q(user, scope, "site__") | (
        site_q(user, scope, "site__")
        & (Q(author_id=user.pk) | Q(state__in=[ArticleState.PUBLISHED, ArticleState.SCHEDULED]))
    )


def _is_admin(scope: Scope, site: Site) -> bool:
    if site.school_id is not None:
        return site.school_id in scope.managed_school_ids
    return site.bureau_id in scope.bureau_ids


def is_editor(user: Any, scope: Scope, site: Site) -> bool:
    return _is_admin(scope, site) or _site_roles(user).get(site.pk) == SiteRoleKind.EDITOR


@register_rule("portal.create_site")
def _create_site(user: Any, scope: Scope, owner: School | Bureau) -> bool:
    """A school's admins (and its bureau) open the school's portal; bureau admins theirs."""
    if isinstance(owner, School):
        return owner.pk in scope.managed_school_ids
    return owner.pk in scope.bureau_ids


@register_rule("portal.manage_site")
def _manage_site(user: Any, scope: Scope, site: Site) -> bool:
    """Settings, columns and roles: the school's admins (the bureau's for its portal)."""
    return _is_admin(scope, site)


@register_rule("portal.edit_site")
def _edit_site(user: Any, scope: Scope, site: Site) -> bool:
    """Pages, and publishing: the portal's editors."""
    return is_editor(user, scope, site)


@register_rule("portal.write")
def _write(user: Any, scope: Scope, site: Site) -> bool:
    """Draft articles and upload images: the portal's writers and editors."""
    return is_editor(user, scope, site) or site.pk in _site_roles(user)


@register_rule("portal.edit_article")
def _edit_article(user: Any, scope: Scope, article: Article) -> bool:
    """Change and submit an article: its author while it is a draft or returned; editors any
    time."""
    if is_editor(user, scope, article.site):
        return True
    return (
        article.author_id == user.pk
        and article.state in AUTHOR_EDITABLE_STATES
        and article.site_id in _site_roles(user)
    )


@register_rule("portal.publish")
def _publish(user: Any, scope: Scope, article: Article) -> bool:
    """Return, publish, schedule and unpublish: the portal's editors."""
    return is_editor(user, scope, article.site)
