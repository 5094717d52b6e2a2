"""Reads of learning spaces: every one starts from `visible_to`, so a page never shows what
its reader may not see, and fetches what it shows in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership, User
from digicampus.core import permissions
from digicampus.core.prepared import Inline, Prepared
from digicampus.org.models import Classroom, School
from digicampus.portal import selectors as portal
from digicampus.portal.choices import BoardAudience, TopicKind
from digicampus.portal.models import Board
from digicampus.safety.choices import Moderation
from digicampus.safety.selectors import readable_content_q
from digicampus.spaces.choices import SlotKind, SpaceKind
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

_SPACE = Prepared(
    lambda pk: Space.objects.filter(pk=pk).select_related(
        "school", "owner", "classroom", "subject_group", "moderator", "photo"
    )
)


def space_get(*, actor: User, pk: int) -> Space:
    """One space the actor may see, with what its header shows (Space.DoesNotExist). The one
    space is checked in Python (`spaces.read`), as `visible_to` decides in SQL."""
    found = _SPACE.instances(pk)
    if not found or not permissions.can(actor, "spaces.read", found[0]):
        raise Space.DoesNotExist
    return found[0]


def space_list(*, actor: User, school: School, kind: str | None = None) -> QuerySet[Space]:
    """The school's spaces the actor may see, theme spaces first, by name."""
    qs = Space.objects.visible_to(actor).filter(school=school).select_related("owner")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "name", "owner__full_name", "pk")


def space_schools(*, actor: User) -> QuerySet[School]:
    """Schools of the actor's scope, and any other where they see a space (e.g. one that
    moved with its owner)."""
    return School.objects.filter(
        Q(pk__in=School.objects.visible_to(actor).values("pk"))
        | Q(pk__in=Space.objects.visible_to(actor).values("school_id"))
    ).order_by("name")


def _reader(actor: User, space: Space) -> tuple[int, ...]:
    """The reader's id for `_content`, or nothing for those who supervise the space and see
    every item in every state."""
    return () if permissions.can(actor, "spaces.supervise", space) else (actor.pk,)


def _content(
    model: type[SpacePost] | type[GuestbookEntry],
    space_id: int | Inline,
    reader_id: int | None = None,
) -> QuerySet[Any]:
    """A space's feed posts or guestbook notes, newest first; with `reader_id`, only those that
    reader sees: published ones and their own. The same rule as the visibility of feed posts and
    notes (`rules._content_q`), without asking again whether the space itself is visible: a
    page of a large space stays one index range."""
    rows = model.objects.filter(space_id=space_id)
    if reader_id is not None:
        rows = rows.filter(readable_content_q(user_id=reader_id))
    return rows.order_by("-created_at", "-pk")


def post_list(*, actor: User, space: Space) -> QuerySet[SpacePost]:
    """The feed of `space` (read through `space_get`, so visible to the actor), newest first:
    published posts, the actor's own in any state, and all of them for those who supervise
    it."""
    return _content(SpacePost, space.pk, *_reader(actor, space)).select_related(
        "author", "attachment"
    )


def guestbook_list(*, actor: User, space: Space) -> QuerySet[GuestbookEntry]:
    """The guestbook of `space` (visible to the actor), newest first, on the same terms as
    the feed."""
    return _content(GuestbookEntry, space.pk, *_reader(actor, space)).select_related("author")


# What a feed item shows (with the reader's flags, the key of its rendering, see
# views._feed_items); the page is cut from the index first, then only its rows are joined.
FEED_ROW_FIELDS = (
    "pk",
    "body",
    "moderation",
    "moderation_reason",
    "created_at",
    "author_id",
    "author__full_name",
)
POST_ROW_FIELDS = (*FEED_ROW_FIELDS, "kind", "attachment_id")


def _rows(model: Any, fields: tuple[str, ...]) -> Prepared:
    return Prepared(
        lambda *reader, space, start, stop: (
            model.objects.filter(
                pk__in=_content(model, Inline(space), *reader)[start:stop].values("pk")
            )
            .order_by("-created_at", "-pk")
            .values_list(*fields)
        )
    )


_POST_ROWS = _rows(SpacePost, POST_ROW_FIELDS)
_GUESTBOOK_ROWS = _rows(GuestbookEntry, FEED_ROW_FIELDS)
_POST_COUNT = Prepared(
    lambda space_id, *reader: _content(SpacePost, space_id, *reader).order_by().values("pk")
)


def post_rows(*, actor: User, space: Space, start: int, stop: int) -> list[tuple[Any, ...]]:
    """`POST_ROW_FIELDS` of `post_list`'s rows from `start` to `stop`, as the database gives
    them (see `core.prepared`)."""
    return _POST_ROWS.rows(*_reader(actor, space), space=space.pk, start=start, stop=stop)


def post_count(*, actor: User, space: Space) -> int:
    """How many posts `post_list` holds for the actor."""
    return _POST_COUNT.count(space.pk, *_reader(actor, space))


def guestbook_rows(*, actor: User, space: Space, stop: int) -> list[tuple[Any, ...]]:
    """`FEED_ROW_FIELDS` of the latest `stop` notes of `guestbook_list`."""
    return _GUESTBOOK_ROWS.rows(*_reader(actor, space), space=space.pk, start=0, stop=stop)


def post_get(*, actor: User, pk: int) -> SpacePost:
    return SpacePost.objects.visible_to(actor).select_related("space__school").get(pk=pk)


def guestbook_get(*, actor: User, pk: int) -> GuestbookEntry:
    return GuestbookEntry.objects.visible_to(actor).select_related("space__school").get(pk=pk)


def collected_get(*, actor: User, pk: int) -> CollectedItem:
    return CollectedItem.objects.visible_to(actor).select_related("space__school").get(pk=pk)


def _courses(space_id: int, *reader: int) -> QuerySet[Course]:
    """A space's courses with how many units each has, newest first; with `reader`, only
    those that reader sees: published ones and their own. The same rule as the courses'
    visibility (`rules`), without asking again whether the space itself is visible."""
    rows = Course.objects.filter(space_id=space_id)
    if reader:
        rows = rows.filter(Q(moderation=Moderation.PUBLISHED) | Q(teacher_id=reader[0]))
    return rows.annotate(n_units=Count("units", distinct=True)).order_by("-created_at", "-pk")


def _collection(space_id: int, *, every_state: bool) -> QuerySet[CollectedItem]:
    """A space's kept resources, newest first: the published ones, or all of them for the
    owner and those who supervise the space (as `rules` decides)."""
    rows = CollectedItem.objects.filter(space_id=space_id)
    if not every_state:
        rows = rows.filter(moderation=Moderation.PUBLISHED)
    return rows.select_related("file").order_by("-created_at", "-pk")


_COURSES = Prepared(lambda space_id, *reader, limit: _courses(space_id, *reader)[:limit])
_COLLECTION = Prepared(
    lambda space_id, *, every_state, limit: _collection(space_id, every_state=every_state)[:limit]
)


def _sees_every_item(actor: User, space: Space) -> bool:
    return space.owner_id == actor.pk or permissions.can(actor, "spaces.supervise", space)


def collection_list(*, actor: User, space: Space) -> QuerySet[CollectedItem]:
    """The resources kept in `space` (read through `space_get`, so visible to the actor)."""
    return _collection(space.pk, every_state=_sees_every_item(actor, space))


def collection_page(*, actor: User, space: Space, limit: int) -> list[CollectedItem]:
    """The newest `limit` of `collection_list`."""
    every_state = _sees_every_item(actor, space)
    return _COLLECTION.instances(space.pk, every_state=every_state, limit=limit)


def course_list(*, actor: User, space: Space) -> QuerySet[Course]:
    """The courses of `space` (visible to the actor) with how many units each has."""
    return _courses(space.pk, *_reader(actor, space))


def course_page(*, actor: User, space: Space, limit: int) -> list[Course]:
    """The newest `limit` of `course_list`."""
    return _COURSES.instances(space.pk, *_reader(actor, space), limit=limit)


def course_get(*, actor: User, pk: int) -> Course:
    """One course with its units, each with its resources by slot and whether complete."""
    resources = UnitResource.objects.select_related("file").order_by("slot", "pk")
    return (
        Course.objects.visible_to(actor)
        .select_related("space", "school", "teacher")
        .prefetch_related(
            "classrooms",
            Prefetch(
                "units",
                queryset=Unit.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("resources", queryset=resources)
                ),
            ),
        )
        .get(pk=pk)
    )


def unit_get(*, actor: User, pk: int) -> Unit:
    return (
        Unit.objects.visible_to(actor)
        .select_related("course__space", "course__school")
        .prefetch_related(
            Prefetch("resources", queryset=UnitResource.objects.select_related("file"))
        )
        .get(pk=pk)
    )


def unit_resource_get(*, actor: User, pk: int) -> UnitResource:
    return (
        UnitResource.objects.visible_to(actor)
        .select_related("unit__course__space", "unit__course__school")
        .get(pk=pk)
    )


def unit_slots(unit: Unit) -> list[tuple[str, str, list[UnitResource]]]:
    """(slot, label, resources) for every standard slot, from the prefetched resources."""
    by_slot: dict[str, list[UnitResource]] = {}
    for resource in unit.resources.all():
        by_slot.setdefault(resource.slot, []).append(resource)
    return [(kind, str(label), by_slot.get(kind, [])) for kind, label in SlotKind.choices]


def unit_is_complete(unit: Unit) -> bool:
    """Every standard slot holds at least one resource (from the prefetched resources)."""
    return {r.slot for r in unit.resources.all()} >= set(SlotKind.values)


def member_list(*, space: Space) -> QuerySet[User]:
    """The members of an interest group, by name."""
    return User.objects.filter(space_memberships__space=space).order_by("full_name", "pk")


def is_member(*, user: User, space: Space) -> bool:
    return SpaceMember.objects.filter(space=space, user=user).exists()


_THEME_BOARDS = Prepared(
    lambda owner_id, *, kind: Board.objects.filter(
        **(
            {"audience": BoardAudience.CLASS, "classroom_id": owner_id}
            if kind == SpaceKind.CLASS
            else {"audience": BoardAudience.GROUP, "space_id": owner_id}
        )
    ).order_by("position", "name", "pk")
)


def theme_boards(*, actor: User, space: Space) -> list[Board]:
    """The forum boards shown inside a theme space that the actor reads: the class's boards,
    or the group's (each checked in Python with `portal.read_board`)."""
    if space.kind == SpaceKind.CLASS:
        boards = _THEME_BOARDS.instances(space.classroom_id, kind=SpaceKind.CLASS)
    elif space.kind == SpaceKind.GROUP:
        boards = _THEME_BOARDS.instances(space.pk, kind=SpaceKind.GROUP)
    else:
        return []
    return [b for b in boards if permissions.can(actor, "portal.read_board", b)]


def board_topics(
    *, actor: User, boards: list[Board], kind: str, limit: int = 5
) -> list[tuple[Any, ...]]:
    """The latest topics of one kind (discussion, or question with its accepted answer) of
    the theme space's boards, as the forum lists them (`portal.LATEST_TOPIC_FIELDS`)."""
    return portal.latest_topics(actor=actor, boards=boards, kind=kind, limit=limit)


QUESTION = TopicKind.QUESTION
DISCUSSION = TopicKind.DISCUSSION


# ---------------------------------------------------------------- homework


def assignment_list_for_class(*, actor: User, classroom: Classroom) -> QuerySet[Assignment]:
    """The class's homework, latest due first, with how many handed in and were graded."""
    return (
        Assignment.objects.visible_to(actor)
        .filter(classroom=classroom)
        .select_related("teacher", "classroom")
        .annotate(
            n_submitted=Count("submissions", distinct=True),
            n_graded=Count("submissions", filter=Q(submissions__graded_at__isnull=False)),
        )
        .order_by("-due_at", "-pk")
    )


def assignment_list_for_teacher(*, actor: User) -> QuerySet[Assignment]:
    """Homework the actor set, latest due first, with counts."""
    return (
        Assignment.objects.visible_to(actor)
        .filter(teacher=actor)
        .select_related("classroom")
        .annotate(
            n_submitted=Count("submissions", distinct=True),
            n_graded=Count("submissions", filter=Q(submissions__graded_at__isnull=False)),
        )
        .order_by("-due_at", "-pk")
    )


def assignment_list_for_student(*, actor: User, student: User) -> QuerySet[Assignment]:
    """A student's homework with their own submission (`mine`, a list of zero or one)."""
    classes = Membership.objects.filter(user=student, role=Role.STUDENT).values("classroom_id")
    return (
        Assignment.objects.visible_to(actor)
        .filter(classroom_id__in=classes)
        .select_related("teacher", "classroom")
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=Submission.objects.visible_to(actor).filter(student=student),
                to_attr="mine",
            )
        )
        .order_by("-due_at", "-pk")
    )


def assignment_get(*, actor: User, pk: int) -> Assignment:
    return (
        Assignment.objects.visible_to(actor)
        .select_related("classroom__school", "teacher", "course")
        .prefetch_related("files")
        .get(pk=pk)
    )


_ASSIGNMENT = Prepared(lambda pk: Assignment.objects.filter(pk=pk).select_related("classroom"))


def assignment_to_grade(*, actor: User, pk: int) -> Assignment:
    """Homework the actor grades (`spaces.grade`, checked in Python on the one row), for the
    grading view: Assignment.DoesNotExist when the actor may not see it, PermissionDenied
    when they see it but do not grade it."""
    found = _ASSIGNMENT.instances(pk)
    if found and permissions.can(actor, "spaces.grade", found[0]):
        return found[0]
    if found and Assignment.objects.visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    raise Assignment.DoesNotExist


def class_students(*, classroom: Classroom | int) -> QuerySet[User]:
    """The students of a class (or of the class with that id), by name."""
    return User.objects.filter(
        memberships__role=Role.STUDENT, memberships__classroom=classroom
    ).order_by("full_name", "pk")


# What a line of the grading view shows: the student, then their submission (all None when
# nothing was handed in) with its files as ((stored name, original name), ...).
GRADING_LINE_FIELDS = (
    "student_id",
    "full_name",
    "submission_id",
    "text",
    "is_late",
    "score",
    "comment",
    "files",
)


_SUBMISSION_LINES = Prepared(
    lambda assignment_id: (
        Submission.objects.filter(assignment_id=assignment_id)
        .order_by()
        .values_list("student_id", "pk", "text", "is_late", "score", "comment")
    )
)
_SUBMISSION_FILES = Prepared(
    lambda assignment_id: (
        Submission.files.through.objects.filter(submission__assignment_id=assignment_id)
        .order_by("submission_id", "storedfile_id")
        .values_list("submission_id", "storedfile__file", "storedfile__original_name")
    )
)
_CLASS_STUDENTS = Prepared(
    lambda classroom_id: class_students(classroom=classroom_id).values_list("pk", "full_name")
)


def grading_lines(*, assignment: Assignment) -> list[tuple[Any, ...]]:
    """`GRADING_LINE_FIELDS` for every student of the class, by name, in three queries whatever
    the class size (values only: the view keeps each line rendered, see `core.rendered`). For
    those who grade the homework (`assignment_to_grade`), who see all its submissions."""
    submissions = {row[0]: row[1:] for row in _SUBMISSION_LINES.values(assignment.pk)}
    files: dict[int, list[tuple[str, str]]] = {}
    for submission_id, name, original in _SUBMISSION_FILES.values(assignment.pk):
        files.setdefault(submission_id, []).append((name, original))
    empty = (None, None, None, None, None)
    return [
        (student_id, full_name, *submission, tuple(files.get(submission[0], ())))
        for student_id, full_name in _CLASS_STUDENTS.values(assignment.classroom_id)
        for submission in [submissions.get(student_id, empty)]
    ]


def grading_rows(*, actor: User, assignment: Assignment) -> list[tuple[User, Submission | None]]:
    """Every student of the class with their submission (or None): the bulk grading view, in
    two queries whatever the class size."""
    submissions = {
        s.student_id: s
        for s in Submission.objects.visible_to(actor)
        .filter(assignment=assignment)
        .prefetch_related("files")
    }
    return [(s, submissions.get(s.pk)) for s in class_students(classroom=assignment.classroom)]


def submission_get(*, actor: User, pk: int) -> Submission:
    return (
        Submission.objects.visible_to(actor)
        .select_related("assignment__classroom", "student")
        .prefetch_related("files")
        .get(pk=pk)
    )


def missing_students(*, assignment: Assignment) -> QuerySet[User]:
    """Students of the class who have not handed the homework in."""
    handed = Submission.objects.filter(assignment=assignment).values("student_id")
    return class_students(classroom=assignment.classroom).exclude(pk__in=handed)


def overdue_list(*, actor: User, classroom: Classroom) -> QuerySet[Assignment]:
    """The class's homework past its due time that some students have not handed in, with
    how many are missing."""
    students = Membership.objects.filter(role=Role.STUDENT, classroom=classroom)
    n_students = students.count()
    return (
        assignment_list_for_class(actor=actor, classroom=classroom)
        .filter(due_at__lt=timezone.now())
        .annotate(n_missing=n_students - Count("submissions", distinct=True))
        .filter(n_missing__gt=0)
    )


def children_results(*, actor: User) -> list[tuple[User, list[Submission]]]:
    """For a parent: each child with their graded homework, latest first."""
    children = list(User.objects.filter(parent_links__parent=actor).order_by("full_name", "pk"))
    rows = (
        Submission.objects.visible_to(actor)
        .filter(student__in=children, graded_at__isnull=False)
        .select_related("assignment__classroom", "assignment__teacher")
        .order_by("-graded_at", "-pk")
    )
    by_child: dict[int, list[Submission]] = {}
    for row in rows:
        by_child.setdefault(row.student_id, []).append(row)
    return [(child, by_child.get(child.pk, [])) for child in children]


def homeroom_classes(*, actor: User) -> QuerySet[Classroom]:
    return Classroom.objects.filter(homeroom_teacher=actor).select_related("school")


def teaching_classes(*, actor: User, school: School) -> QuerySet[Classroom]:
    """Classes of the current year of a school, for choosing where to set homework."""
    return (
        Classroom.objects.filter(school=school, grade__school_year__is_current=True)
        .select_related("grade")
        .order_by("grade__number", "name")
    )


def complete_course_q() -> Q:
    """Courses with at least one unit, where no unit lacks a standard slot."""
    incomplete = (
        Unit.objects.filter(course=OuterRef("pk"))
        .annotate(n_slots=Count("resources__slot", distinct=True))
        .filter(n_slots__lt=len(SlotKind))
    )
    return Q(Exists(Unit.objects.filter(course=OuterRef("pk")))) & ~Q(Exists(incomplete))
