"""API: learning spaces for mobile apps — spaces with their feed and guestbook, courses and
units, homework for students (hand in), teachers (grade the class) and parents (results).

The same selectors and services as the pages: a post written here is screened the same way,
and its `moderation` says whether it was published, held for the safety team, or blocked."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.spaces import selectors, services
from digicampus.spaces.choices import GUESTBOOK_PER_PAGE, POSTS_PER_PAGE, PostKind
from digicampus.spaces.errors import SpaceError
from digicampus.spaces.models import (
    Assignment,
    Course,
    GuestbookEntry,
    Space,
    SpacePost,
    Submission,
)

router = Router(tags=["spaces"])


class SpaceOut(Schema):
    id: int
    school_id: int
    kind: str = Field(description="personal, class, subject_group or group.")
    role: str = Field(description="For a personal space: teacher, student or admin.")
    state: str = Field(description="active, sealed or closed.")
    name: str
    owner_id: int | None
    classroom_id: int | None
    description: str
    sections: list[str] = Field(description="The sections the space shows, in order.")
    graduated_from: str
    major: str
    subjects_taught: str
    positions: str
    career: str
    achievements: str
    personal_title: str
    personal_body: str
    service_guide: str

    @staticmethod
    def resolve_name(space: Space) -> str:
        return str(space)

    @staticmethod
    def resolve_sections(space: Space) -> list[str]:
        return list(space.layout)


class PostOut(Schema):
    id: int
    space_id: int
    author_id: int | None
    author_name: str | None
    kind: str
    body: str
    attachment_url: str | None
    created_at: datetime
    moderation: str = Field(description="published, held, hidden or deleted.")
    moderation_reason: str = Field(description="Why the item is not published, translated.")

    @staticmethod
    def resolve_author_name(item: SpacePost) -> str | None:
        return item.author.full_name if item.author else None

    @staticmethod
    def resolve_attachment_url(item: SpacePost) -> str | None:
        return item.attachment.file.url if item.attachment else None

    @staticmethod
    def resolve_moderation_reason(item: SpacePost) -> str:
        return gettext(item.moderation_reason) if item.moderation_reason else ""


class GuestbookOut(Schema):
    id: int
    space_id: int
    author_id: int | None
    author_name: str | None
    body: str
    created_at: datetime
    moderation: str
    moderation_reason: str

    @staticmethod
    def resolve_author_name(item: GuestbookEntry) -> str | None:
        return item.author.full_name if item.author else None

    @staticmethod
    def resolve_moderation_reason(item: GuestbookEntry) -> str:
        return gettext(item.moderation_reason) if item.moderation_reason else ""


class PostIn(Schema):
    body: str = Field(min_length=1, max_length=5000)
    kind: PostKind = PostKind.NOTE


class GuestbookIn(Schema):
    body: str = Field(min_length=1, max_length=2000)


class ResourceOut(Schema):
    id: int
    slot: str
    title: str
    link: str
    file_url: str | None

    @staticmethod
    def resolve_file_url(resource: object) -> str | None:
        stored = getattr(resource, "file", None)
        return stored.file.url if stored else None


class UnitOut(Schema):
    id: int
    position: int
    title: str
    summary: str
    complete: bool = Field(description="Every standard slot holds a resource.")
    resources: list[ResourceOut]

    @staticmethod
    def resolve_complete(unit: object) -> bool:
        return selectors.unit_is_complete(unit)  # type: ignore[arg-type]

    @staticmethod
    def resolve_resources(unit: object) -> list[object]:
        return list(unit.resources.all())  # type: ignore[attr-defined]


class CourseOut(Schema):
    id: int
    space_id: int
    teacher_id: int | None
    title: str
    subject: str
    description: str


class CourseDetailOut(CourseOut):
    classroom_ids: list[int]
    units: list[UnitOut]

    @staticmethod
    def resolve_classroom_ids(course: Course) -> list[int]:
        return [c.pk for c in course.classrooms.all()]

    @staticmethod
    def resolve_units(course: Course) -> list[object]:
        return list(course.units.all())


class CourseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    subject: str = Field(default="", max_length=100)
    description: str = Field(default="", max_length=5000)


class UnitIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(default="", max_length=5000)


class AssignmentOut(Schema):
    id: int
    classroom_id: int
    teacher_id: int | None
    title: str
    instructions: str
    due_at: datetime


class SubmissionOut(Schema):
    id: int
    assignment_id: int
    student_id: int
    text: str
    submitted_at: datetime
    is_late: bool
    score: Decimal | None = Field(description="Out of 10; null until graded.")
    comment: str
    graded_at: datetime | None


class SubmissionIn(Schema):
    text: str = Field(min_length=1, max_length=20000)


class GradeIn(Schema):
    student_id: int
    score: Decimal | None = Field(description="0 to 10; null leaves it ungraded.")
    comment: str = Field(default="", max_length=2000)


class GradingRowOut(Schema):
    student_id: int
    student_name: str
    submission: SubmissionOut | None


class ChildResultsOut(Schema):
    child_id: int
    child_name: str
    results: list[SubmissionOut]


def _space(request: HttpRequest, space_id: int) -> Space:
    try:
        return selectors.space_get(actor=request.user, pk=space_id)
    except Space.DoesNotExist:
        raise Http404 from None


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    try:
        return selectors.assignment_get(actor=request.user, pk=assignment_id)
    except Assignment.DoesNotExist:
        raise Http404 from None


@router.get("/mine", response=SpaceOut)
def my_space(request: HttpRequest) -> Space:
    """The caller's personal space (created at first use); 404 for parents and the bureau."""
    space = services.space_for_user(user=request.user)
    if space is None:
        raise Http404
    return space


@router.get("/spaces/{space_id}", response=SpaceOut)
def space_detail(request: HttpRequest, space_id: int) -> Space:
    return _space(request, space_id)


@router.get("/spaces/{space_id}/posts", response=list[PostOut])
@paginate(PageNumberPagination, page_size=POSTS_PER_PAGE)
def post_list(request: HttpRequest, space_id: int) -> object:
    """The space's feed, newest first."""
    return selectors.post_list(actor=request.user, space=_space(request, space_id))


@router.post("/spaces/{space_id}/posts", response={201: PostOut})
def post_create(request: HttpRequest, space_id: int, payload: PostIn) -> Status[SpacePost]:
    """Write in the space's feed; `moderation` says what screening did."""
    post = services.post_create(
        actor=request.user, space=_space(request, space_id), body=payload.body, kind=payload.kind
    )
    return Status(201, post)


@router.get("/spaces/{space_id}/guestbook", response=list[GuestbookOut])
@paginate(PageNumberPagination, page_size=GUESTBOOK_PER_PAGE)
def guestbook_list(request: HttpRequest, space_id: int) -> object:
    return selectors.guestbook_list(actor=request.user, space=_space(request, space_id))


@router.post("/spaces/{space_id}/guestbook", response={201: GuestbookOut})
def guestbook_sign(
    request: HttpRequest, space_id: int, payload: GuestbookIn
) -> Status[GuestbookEntry]:
    entry = services.guestbook_sign(
        actor=request.user, space=_space(request, space_id), body=payload.body
    )
    return Status(201, entry)


@router.post("/posts/{post_id}/hide", response=PostOut)
def post_hide(request: HttpRequest, post_id: int, reason: str = "") -> SpacePost:
    """Hide a feed item with a `reason` (query parameter, required) its author sees: those
    who supervise the space."""
    try:
        post = selectors.post_get(actor=request.user, pk=post_id)
    except SpacePost.DoesNotExist:
        raise Http404 from None
    services.item_hide(actor=request.user, item=post, reason=reason[:500])
    return post


@router.get("/spaces/{space_id}/courses", response=list[CourseOut])
def course_list(request: HttpRequest, space_id: int) -> object:
    return selectors.course_list(actor=request.user, space=_space(request, space_id))


@router.post("/spaces/{space_id}/courses", response={201: CourseDetailOut})
def course_create(request: HttpRequest, space_id: int, payload: CourseIn) -> Status[Course]:
    course = services.course_create(
        actor=request.user, space=_space(request, space_id), **payload.dict()
    )
    return Status(201, selectors.course_get(actor=request.user, pk=course.pk))


@router.get("/courses/{course_id}", response=CourseDetailOut)
def course_detail(request: HttpRequest, course_id: int) -> Course:
    """A course with its units, each with its resources and whether it is complete."""
    try:
        return selectors.course_get(actor=request.user, pk=course_id)
    except Course.DoesNotExist:
        raise Http404 from None


@router.get("/courses/{course_id}/units", response=list[UnitOut])
def unit_list(request: HttpRequest, course_id: int) -> list[object]:
    """The course's units, each with its resources and whether it is complete."""
    return list(course_detail(request, course_id).units.all())


@router.post("/courses/{course_id}/units", response={201: UnitOut})
def unit_create(request: HttpRequest, course_id: int, payload: UnitIn) -> Status[object]:
    course = get_object_or_404(Course.objects.visible_to(request.user), pk=course_id)
    unit = services.unit_create(actor=request.user, course=course, **payload.dict())
    return Status(201, selectors.unit_get(actor=request.user, pk=unit.pk))


@router.get("/homework", response=list[AssignmentOut])
def homework_list(request: HttpRequest) -> object:
    """The caller's homework: the classes' homework for a student, what they set for a
    teacher."""
    set_by_me = selectors.assignment_list_for_teacher(actor=request.user)
    if set_by_me.exists():
        return set_by_me[:100]
    return selectors.assignment_list_for_student(actor=request.user, student=request.user)[:100]


@router.get("/homework/{assignment_id}", response=AssignmentOut)
def homework_detail(request: HttpRequest, assignment_id: int) -> Assignment:
    return _assignment(request, assignment_id)


@router.get("/homework/{assignment_id}/submission", response=SubmissionOut)
def submission_mine(request: HttpRequest, assignment_id: int) -> Submission:
    """The caller's own submission of the homework, with its result once graded."""
    assignment = _assignment(request, assignment_id)
    return get_object_or_404(
        Submission.objects.visible_to(request.user), assignment=assignment, student=request.user
    )


@router.post("/homework/{assignment_id}/submission", response={201: SubmissionOut})
def submission_save(
    request: HttpRequest, assignment_id: int, payload: SubmissionIn
) -> Status[Submission]:
    """Hand in (again, until graded); `is_late` says whether after the due time."""
    submission = services.submission_save(
        actor=request.user, assignment=_assignment(request, assignment_id), text=payload.text
    )
    return Status(201, submission)


@router.post("/homework/{assignment_id}/submission/upload", response={201: SubmissionOut})
def submission_upload(
    request: HttpRequest,
    assignment_id: int,
    text: str = Form(""),
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja's way to declare a file
) -> Status[Submission]:
    """Hand in with a file (multipart: `file`, and optionally `text`), checked by the
    library's upload service like files handed in on the page."""
    assignment = _assignment(request, assignment_id)
    submission = services.submission_save(
        actor=request.user,
        assignment=assignment,
        text=text[:20000],
        uploads=[file] if file is not None else [],
    )
    return Status(201, submission)


@router.get("/homework/{assignment_id}/submissions", response=list[GradingRowOut])
def grading_rows(request: HttpRequest, assignment_id: int) -> list[dict[str, object]]:
    """Every student of the class with their submission or null (those who grade it)."""
    assignment = _assignment(request, assignment_id)
    permissions.require(request.user, "spaces.grade", assignment)
    return [
        {"student_id": s.pk, "student_name": s.full_name, "submission": sub}
        for s, sub in selectors.grading_rows(actor=request.user, assignment=assignment)
    ]


@router.get("/homework/{assignment_id}/grades", response=list[SubmissionOut])
def grades_list(request: HttpRequest, assignment_id: int) -> object:
    """The graded submissions of the homework (those who grade it)."""
    assignment = _assignment(request, assignment_id)
    permissions.require(request.user, "spaces.grade", assignment)
    return Submission.objects.visible_to(request.user).filter(
        assignment=assignment, graded_at__isnull=False
    )


@router.post("/homework/{assignment_id}/grades", response=dict[str, int])
def grades_save(request: HttpRequest, assignment_id: int, payload: list[GradeIn]) -> dict[str, int]:
    """Grade several students at once; results are released to them and their parents."""
    assignment = _assignment(request, assignment_id)
    if any(g.score is not None and not g.score.is_finite() for g in payload):
        raise DomainError(SpaceError.SCORE_RANGE, gettext("Enter a number."))
    n = services.grades_save(
        actor=request.user,
        assignment=assignment,
        grades={g.student_id: (g.score, g.comment) for g in payload},
    )
    return {"graded": n}


@router.get("/results", response=list[ChildResultsOut])
def children_results(request: HttpRequest) -> list[dict[str, object]]:
    """For a parent: each child with their graded homework, latest first."""
    return [
        {"child_id": child.pk, "child_name": child.full_name, "results": results}
        for child, results in selectors.children_results(actor=request.user)
    ]
