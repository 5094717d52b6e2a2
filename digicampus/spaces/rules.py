"""Who may see and do what in learning spaces.

Spaces of a school are read by its staff. Students read the personal spaces of their school's
teachers and administrators, those of their classmates, their own class's theme space and the
school's interest groups (closed groups only when they belong to them). Parents read their
children's spaces, their children's class spaces and the teachers' spaces of their children's
schools. A sealed or closed space is seen only by its owner and the school's admins.

Feed posts and guestbook entries are seen while published, by their author whatever their
state, and in every state by those who supervise the space: the school's admins and safety
team for every space, the homeroom teacher for the spaces of the class's students, and a
group's moderator for the group. Submissions are seen by their student and the student's
parents, the teacher who set the homework, the class's homeroom teacher and the school's
admins."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership
from digicampus.core.permissions import Scope, register_rule, register_visibility
from digicampus.org.models import Classroom, School
from digicampus.safety.choices import Moderation
from digicampus.safety.selectors import readable_content_q
from digicampus.spaces.choices import SpaceKind, SpaceRole, SpaceState
from digicampus.spaces.models import (
    Assignment,
    CollectedItem,
    Course,
    GuestbookEntry,
    Space,
    SpaceMember,
    SpacePost,
    Submission,
    Unit,
    UnitResource,
)

STAFF_SPACE_ROLES = (SpaceRole.TEACHER, SpaceRole.ADMIN)


def _students_of(class_ids: frozenset[int]) -> Any:
    return Membership.objects.filter(role=Role.STUDENT, classroom_id__in=class_ids).values(
        "user_id"
    )


def space_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """Spaces the user may read; `prefix` is the path to the space (`"space__"`)."""

    def f(**kw: Any) -> Q:
        return Q(**{f"{prefix}{k}": v for k, v in kw.items()})

    active = f(state=SpaceState.ACTIVE)
    q = f(owner_id=user.pk) | f(school_id__in=scope.managed_school_ids)
    open_to = f(school_id__in=scope.staff_school_ids)
    if scope.student_school_ids:
        here = f(school_id__in=scope.student_school_ids)
        open_to |= here & f(kind=SpaceKind.PERSONAL, role__in=STAFF_SPACE_ROLES)
        open_to |= here & f(kind=SpaceKind.GROUP, open_to_join=True)
        open_to |= f(pk__in=SpaceMember.objects.filter(user_id=user.pk).values("space_id"))
    if scope.student_class_ids:
        open_to |= f(kind=SpaceKind.CLASS, classroom_id__in=scope.student_class_ids)
        open_to |= f(kind=SpaceKind.PERSONAL, owner_id__in=_students_of(scope.student_class_ids))
    if scope.child_ids:
        open_to |= f(owner_id__in=scope.child_ids)
        open_to |= f(kind=SpaceKind.CLASS, classroom_id__in=scope.child_class_ids)
        open_to |= f(
            kind=SpaceKind.PERSONAL,
            role__in=STAFF_SPACE_ROLES,
            school_id__in=scope.child_school_ids,
        )
    return q | (active & open_to)


def supervisor_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """Spaces whose content the user sees in every state and may hide: the school's admins
    and safety team, the homeroom teacher of a student's class, a group's moderator."""
    q = Q(**{f"{prefix}school_id__in": scope.managed_school_ids | scope.collaborator_school_ids})
    q |= Q(**{f"{prefix}moderator_id": user.pk})
    if scope.homeroom_class_ids:
        q |= Q(
            **{
                f"{prefix}kind": SpaceKind.PERSONAL,
                f"{prefix}owner_id__in": _students_of(scope.homeroom_class_ids),
            }
        )
        q |= Q(**{f"{prefix}classroom_id__in": scope.homeroom_class_ids})
    return q


@register_visibility(Space)
def _spaces(user: Any, scope: Scope) -> Q:
    return space_q(user, scope)


def _content_q(user: Any, scope: Scope) -> Q:
    return space_q(user, scope, "space__") & (
        readable_content_q(user=user) | supervisor_q(user, scope, "space__")
    )


@register_visibility(SpacePost)
def _posts(user: Any, scope: Scope) -> Q:
    return _content_q(user, scope)


@register_visibility(GuestbookEntry)
def _guestbook(user: Any, scope: Scope) -> Q:
    return _content_q(user, scope)


def _published_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}moderation": Moderation.PUBLISHED})


def _course_q(user: Any, scope: Scope, prefix: str = "") -> Q:
    """Courses of visible spaces: published, or the teacher's own, or for supervisors."""
    return space_q(user, scope, f"{prefix}space__") & (
        _published_q(prefix)
        | Q(**{f"{prefix}teacher_id": user.pk})
        | supervisor_q(user, scope, f"{prefix}space__")
    )


@register_visibility(CollectedItem)
def _collection(user: Any, scope: Scope) -> Q:
    return space_q(user, scope, "space__") & (
        _published_q() | Q(space__owner_id=user.pk) | supervisor_q(user, scope, "space__")
    )


@register_visibility(Course)
def _courses(user: Any, scope: Scope) -> Q:
    return _course_q(user, scope)


@register_visibility(Unit)
def _units(user: Any, scope: Scope) -> Q:
    return _course_q(user, scope, "course__") & (
        _published_q()
        | Q(course__teacher_id=user.pk)
        | supervisor_q(user, scope, "course__space__")
    )


@register_visibility(UnitResource)
def _unit_resources(user: Any, scope: Scope) -> Q:
    return _course_q(user, scope, "unit__course__") & (
        _published_q("unit__")
        | Q(unit__course__teacher_id=user.pk)
        | supervisor_q(user, scope, "unit__course__space__")
    )


@register_visibility(Assignment)
def _assignments(user: Any, scope: Scope) -> Q:
    return (
        Q(school_id__in=scope.staff_school_ids)
        | Q(classroom_id__in=scope.student_class_ids)
        | Q(classroom_id__in=scope.child_class_ids)
    )


@register_visibility(Submission)
def _submissions(user: Any, scope: Scope) -> Q:
    return (
        Q(student_id=user.pk)
        | Q(student_id__in=scope.child_ids)
        | Q(school_id__in=scope.managed_school_ids)
        | Q(assignment__teacher_id=user.pk)
        | Q(assignment__classroom_id__in=scope.homeroom_class_ids)
    )


# ---------------------------------------------------------------- actions


def _is_supervisor(user: Any, scope: Scope, space: Space) -> bool:
    if space.school_id in scope.managed_school_ids | scope.collaborator_school_ids:
        return True
    if space.moderator_id is not None and space.moderator_id == user.pk:
        return True
    if space.kind == SpaceKind.CLASS:
        return space.classroom_id in scope.homeroom_class_ids
    if space.kind == SpaceKind.PERSONAL and space.role == SpaceRole.STUDENT:
        return _is_student_of(space.owner_id, scope.homeroom_class_ids)
    return False


def _is_member(user: Any, space: Space) -> bool:
    return SpaceMember.objects.filter(space_id=space.pk, user_id=user.pk).exists()


def _is_student_of(owner_id: int | None, class_ids: frozenset[int]) -> bool:
    return (
        owner_id is not None
        and bool(class_ids)
        and _students_of(class_ids).filter(user_id=owner_id).exists()
    )


@register_rule("spaces.read")
def _read(user: Any, scope: Scope, space: Space) -> bool:
    """One space already fetched, decided as `space_q` decides in SQL (a page about one space
    checks it this way, cheaper than asking the database again; the tests hold the two to the
    same answers). The cheap conditions come first; at most two small queries follow."""
    if space.owner_id is not None and space.owner_id == user.pk:
        return True
    if space.school_id in scope.managed_school_ids:
        return True
    if space.state != SpaceState.ACTIVE:
        return False
    if space.school_id in scope.staff_school_ids:
        return True
    personal = space.kind == SpaceKind.PERSONAL
    staff_space = personal and space.role in STAFF_SPACE_ROLES
    if space.school_id in scope.student_school_ids and (
        staff_space or (space.kind == SpaceKind.GROUP and space.open_to_join)
    ):
        return True
    if space.kind == SpaceKind.CLASS and space.classroom_id in (
        scope.student_class_ids | scope.child_class_ids
    ):
        return True
    if scope.child_ids and (
        space.owner_id in scope.child_ids
        or (staff_space and space.school_id in scope.child_school_ids)
    ):
        return True
    if personal and _is_student_of(space.owner_id, scope.student_class_ids):
        return True
    return bool(scope.student_school_ids) and _is_member(user, space)


@register_rule("spaces.edit")
def _edit(user: Any, scope: Scope, space: Space) -> bool:
    """Profile, sections, personal section, service guide and group details: the owner of a
    personal space; the homeroom teacher of a class space; a subject group's leader; a
    group's moderator; the school's admins for any theme space. Only while active."""
    if space.state != SpaceState.ACTIVE:
        return False
    if space.kind == SpaceKind.PERSONAL:
        return space.owner_id == user.pk
    if space.school_id in scope.managed_school_ids:
        return True
    if space.kind == SpaceKind.CLASS:
        return space.classroom_id in scope.homeroom_class_ids
    if space.kind == SpaceKind.SUBJECT_GROUP:
        return space.subject_group.leader_id == user.pk
    return space.moderator_id == user.pk


@register_rule("spaces.post")
def _post(user: Any, scope: Scope, space: Space) -> bool:
    """Write in the feed: a personal space's owner; a class's students and the school's
    staff; a subject group's teachers and the admins; a group's members, its moderator and
    the school's staff. Only while active."""
    if space.state != SpaceState.ACTIVE:
        return False
    if space.kind == SpaceKind.PERSONAL:
        return space.owner_id == user.pk
    if space.kind == SpaceKind.SUBJECT_GROUP:
        return (
            space.subject_group_id in scope.subject_group_ids
            or space.school_id in scope.managed_school_ids
        )
    if space.school_id in scope.staff_school_ids:
        return True
    if space.kind == SpaceKind.CLASS:
        return space.classroom_id in scope.student_class_ids
    return _is_member(user, space)


@register_rule("spaces.sign_guestbook")
def _sign_guestbook(user: Any, scope: Scope, space: Space) -> bool:
    """Leave a note in a guestbook: the school's staff and students who may see the space
    (parents write to teachers through messaging). Only while active."""
    if space.state != SpaceState.ACTIVE:
        return False
    if space.school_id not in scope.staff_school_ids | scope.student_school_ids:
        return False
    return _read(user, scope, space)


@register_rule("spaces.supervise")
def _supervise(user: Any, scope: Scope, space: Space) -> bool:
    """Hide or restore an item of the space, with a reason the author sees."""
    return _is_supervisor(user, scope, space)


@register_rule("spaces.see_homework")
def _see_homework(user: Any, scope: Scope, space: Space) -> bool:
    """A student's homework list with their results: the student, their parents and those
    who supervise their space."""
    if space.owner_id is None:
        return False
    if space.owner_id == user.pk or space.owner_id in scope.child_ids:
        return True
    return _is_supervisor(user, scope, space)


@register_rule("spaces.read_texts")
def _read_texts(user: Any, scope: Scope, space: Space) -> bool:
    """See the space's own texts (profile, personal section, service guide, description):
    everyone who sees the space while they are published; otherwise whoever answers for
    them and those who supervise the space, with the reason."""
    if space.moderation == Moderation.PUBLISHED or space.author_id == user.pk:
        return True
    return _is_supervisor(user, scope, space)


@register_rule("spaces.collect")
def _collect(user: Any, scope: Scope, space: Space) -> bool:
    """Keep a resource in one's own personal space."""
    return space.state == SpaceState.ACTIVE and space.owner_id == user.pk


@register_rule("spaces.manage_lifecycle")
def _manage_lifecycle(user: Any, scope: Scope, space: Space) -> bool:
    """Seal, export, close or transfer a space: the school's admins (and the bureau)."""
    return space.school_id in scope.managed_school_ids


@register_rule("spaces.export")
def _export(user: Any, scope: Scope, space: Space) -> bool:
    """Download a zip of a personal space: its owner and the school's admins."""
    return space.owner_id == user.pk or space.school_id in scope.managed_school_ids


@register_rule("spaces.receive_transfer")
def _receive_transfer(user: Any, scope: Scope, school: School) -> bool:
    """A space may move to a school the actor manages, or any school of the actor's bureau."""
    return school.pk in scope.managed_school_ids or school.bureau_id in scope.bureau_ids


@register_rule("spaces.manage_school")
def _manage_school(user: Any, scope: Scope, school: School) -> bool:
    """Create the school's missing spaces and seal a graduating class: its admins (and the
    bureau)."""
    return school.pk in scope.managed_school_ids


@register_rule("spaces.create_group")
def _create_group(user: Any, scope: Scope, school: School) -> bool:
    """Interest groups are created by the school's staff (students ask a teacher)."""
    return school.pk in scope.managed_school_ids | scope.teacher_school_ids


@register_rule("spaces.join")
def _join(user: Any, scope: Scope, space: Space) -> bool:
    """Join an open, active interest group of one's school."""
    return (
        space.kind == SpaceKind.GROUP
        and space.state == SpaceState.ACTIVE
        and space.open_to_join
        and space.school_id in scope.student_school_ids | scope.staff_school_ids
    )


@register_rule("spaces.manage_members")
def _manage_members(user: Any, scope: Scope, space: Space) -> bool:
    """Add or remove members of a group: its moderator and the school's admins."""
    return space.kind == SpaceKind.GROUP and (
        space.moderator_id == user.pk or space.school_id in scope.managed_school_ids
    )


@register_rule("spaces.build_course")
def _build_course(user: Any, scope: Scope, space: Space) -> bool:
    """Create a course: the teacher whose active space it is."""
    return (
        space.state == SpaceState.ACTIVE
        and space.owner_id == user.pk
        and space.role == SpaceRole.TEACHER
    )


@register_rule("spaces.edit_course")
def _edit_course(user: Any, scope: Scope, course: Course) -> bool:
    """Change a course, its units and their resources: its teacher while the space is
    active, and the school's admins."""
    if course.school_id in scope.managed_school_ids:
        return True
    return course.teacher_id == user.pk and course.space.state == SpaceState.ACTIVE


@register_rule("spaces.set_homework")
def _set_homework(user: Any, scope: Scope, classroom: Classroom) -> bool:
    """Set homework for a class: the teachers and admins of its school."""
    return classroom.school_id in scope.teacher_school_ids | scope.managed_school_ids


@register_rule("spaces.grade")
def _grade(user: Any, scope: Scope, assignment: Assignment) -> bool:
    """Grade homework and see the class's lists: the teacher who set it, the class's
    homeroom teacher and the school's admins."""
    return (
        assignment.teacher_id == user.pk
        or assignment.classroom_id in scope.homeroom_class_ids
        or assignment.school_id in scope.managed_school_ids
    )


@register_rule("spaces.submit")
def _submit(user: Any, scope: Scope, assignment: Assignment) -> bool:
    """Hand in homework: the students of the class."""
    return assignment.classroom_id in scope.student_class_ids
