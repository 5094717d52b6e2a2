"""Who may see and do what in the forum.

A board is read by the staff of its school (school admins, teachers, collaborators, and the
bureau through its grant) and by the students it is open to: every student of the school, the
students of one grade, or those of one class. Parents do not read the students' forum;
students of another class never see a class board. Others see a post only while it is
published; its author always sees it, and so does the school's safety team (its admins and
collaborators), which decides about held and reported posts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility
from digicampus.org.models import Classroom, School
from digicampus.portal.choices import BoardAudience
from digicampus.portal.models import Board, Post, Topic
from digicampus.safety.choices import Moderation
from digicampus.safety.selectors import readable_content_q


def _team_school_ids(scope: Scope) -> frozenset[int]:
    """Schools whose safety team the user belongs to; they see content in every state."""
    return scope.admin_school_ids | scope.collaborator_school_ids


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
    return q


def _topic_open_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """A topic is seen by others only while its first post (its title) is published."""
    return (
        Q(**{f"{prefix}first_post__moderation": Moderation.PUBLISHED})
        | Q(**{f"{prefix}author_id": user.pk})
        | Q(**{f"{prefix}board__school_id__in": _team_school_ids(scope)})
    )


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
        & (readable_content_q(user=user) | Q(topic__board__school_id__in=_team_school_ids(scope)))
    )


def forum_school_ids(scope: Scope) -> frozenset[int]:
    """Schools whose forum the user takes part in: where they work or study."""
    return scope.staff_school_ids | scope.student_school_ids


def _student_reads(scope: Scope, board: Board) -> bool:
    if board.audience == BoardAudience.SCHOOL:
        return board.school_id in scope.student_school_ids
    if board.audience == BoardAudience.CLASS:
        return board.classroom_id in scope.student_class_ids
    return Classroom.objects.filter(
        pk__in=scope.student_class_ids, grade_id=board.grade_id
    ).exists()


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


@register_rule("portal.edit_post")
def _edit_post(user: Any, scope: Scope, post: Post) -> bool:
    """Only the author edits or deletes a post; the safety team hides posts through cases."""
    return post.author_id is not None and post.author_id == user.pk
