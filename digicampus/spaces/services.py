"""Writes of learning spaces: personal and theme spaces, their feed and guestbook, courses and
their units, homework and its grading, supervision, and the lifecycle of a space.

Text that others read (feed posts, guestbook notes, a space's own texts, courses, units and
collected resources) goes through `safety`: `posting_check` before saving and
`content_screen` right after, in the same transaction. Files go through the library's one
upload service; notifications through messaging's one notification service, after commit."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership, User
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.library import services as library
from digicampus.library.choices import FileKind
from digicampus.library.models import StoredFile
from digicampus.messaging import services as messaging
from digicampus.messaging.choices import Channel, NotificationKind
from digicampus.org.models import Classroom, School, SubjectGroup
from digicampus.portal import services as forum
from digicampus.safety.choices import Moderation
from digicampus.safety.services import content_screen, posting_check
from digicampus.spaces.choices import (
    MAX_SCORE,
    SECTIONS_BY_ROLE,
    GroupKind,
    PostKind,
    SlotKind,
    SpaceKind,
    SpaceRole,
    SpaceState,
)
from digicampus.spaces.errors import SpaceError
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

# What supervisors hide and restore: every kind of content that belongs to one space.
SpaceItem = SpacePost | GuestbookEntry | CollectedItem | Course
# Kinds of file a space accepts: documents, images and lesson videos.
SPACE_FILE_KINDS = (FileKind.PDF, FileKind.IMAGE, FileKind.OFFICE, FileKind.VIDEO)
ROLE_OF = {
    Role.SCHOOL_ADMIN: SpaceRole.ADMIN,
    Role.TEACHER: SpaceRole.TEACHER,
    Role.STUDENT: SpaceRole.STUDENT,
}
# A person holding several roles gets the space of the first one in this order.
ROLE_ORDER = (Role.SCHOOL_ADMIN, Role.TEACHER, Role.STUDENT)


def _require_active(space: Space) -> None:
    if space.state != SpaceState.ACTIVE:
        raise DomainError(SpaceError.SEALED, _("This space is sealed: it can no longer change."))


def _store(actor: User, upload: Any, school: School) -> StoredFile:
    return library.file_store(actor=actor, upload=upload, school=school, kinds=SPACE_FILE_KINDS)


def _touch(space: Space, actor: User) -> None:
    """The owner's post or upload makes their space active for the indicators."""
    if space.owner_id == actor.pk:
        space.last_activity_at = timezone.now()
        Space.objects.filter(pk=space.pk).update(last_activity_at=space.last_activity_at)


def _notify(
    *,
    sender: User | None,
    school: School,
    template: str,
    params: dict[str, Any],
    url: str,
    audience: dict[str, list[int]],
) -> None:
    if not any(audience.values()):
        return
    transaction.on_commit(
        lambda: messaging.notification_create(
            sender=sender,
            kind=NotificationKind.SYSTEM,
            audience=audience,
            school=school,
            template=template,
            params=params,
            url=url,
            channels=[Channel.IN_APP],
        )
    )


# ---------------------------------------------------------------- spaces


def _personal_space(user: User, school: School, role: str) -> Space:
    return Space(
        kind=SpaceKind.PERSONAL,
        role=role,
        school=school,
        owner=user,
        layout=list(SECTIONS_BY_ROLE[SpaceRole(role)]),
    )


@transaction.atomic
def space_for_user(*, user: User) -> Space | None:
    """The user's personal space, created at first use from their school role (a school
    admin's, a teacher's or a student's); None for people without one (parents, bureau)."""
    existing = Space.objects.filter(owner=user).first()
    if existing is not None:
        return existing
    rows = Membership.objects.filter(user=user, role__in=ROLE_ORDER, school__isnull=False)
    for role in ROLE_ORDER:
        for membership in rows:
            if membership.role == role:
                space = _personal_space(user, membership.school, ROLE_OF[role])
                space.save()
                return space
    return None


@transaction.atomic
def spaces_ensure(*, school: School, actor: User | None = None) -> int:
    """Give every admin, teacher and student of the school a personal space, every class of
    the current year, every subject group its theme space; returns how many were created.
    With an actor, the actor must manage the school (`spaces.manage_school`); without
    one (the demo seed, a command) it runs as the system."""
    if actor is not None:
        permissions.require(actor, "spaces.manage_school", school)
    has_space = Space.objects.filter(owner__isnull=False).values("owner_id")
    roles: dict[int, str] = {}
    for user_id, role in (
        Membership.objects.filter(school=school, role__in=ROLE_ORDER)
        .exclude(user_id__in=has_space)
        .values_list("user_id", "role")
    ):
        current = roles.get(user_id)
        if current is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(current):
            roles[user_id] = role
    new = [
        Space(
            kind=SpaceKind.PERSONAL,
            role=ROLE_OF[role],
            school=school,
            owner_id=user_id,
            layout=list(SECTIONS_BY_ROLE[ROLE_OF[role]]),
        )
        for user_id, role in sorted(roles.items())
    ]
    classes = Classroom.objects.filter(
        school=school, grade__school_year__is_current=True, space__isnull=True
    )
    new += [Space(kind=SpaceKind.CLASS, school=school, classroom=c, name=str(c)) for c in classes]
    groups = SubjectGroup.objects.filter(school=school, space__isnull=True)
    new += [
        Space(kind=SpaceKind.SUBJECT_GROUP, school=school, subject_group=g, name=g.name)
        for g in groups
    ]
    Space.objects.bulk_create(new, batch_size=1000)
    if new and actor is not None:
        audit.record(
            actor=actor,
            verb="spaces.ensure",
            target=school,
            school_id=school.pk,
            data={"created": len(new)},
        )
    return len(new)


@transaction.atomic
def space_update(*, actor: User, space: Space, **fields: Any) -> Space:
    """Change a space's profile, personal section, service guide or (theme spaces) name and
    description. Who may: see rule `spaces.edit` (PermissionDenied)."""
    permissions.require(actor, "spaces.edit", space)
    posting_check(author=actor, school=space.school)
    for name, value in fields.items():
        setattr(space, name, value.strip() if isinstance(value, str) else value)
    space.full_clean()
    space.save(update_fields=[*fields, "updated_at"])
    content_screen(content=space, author=actor)
    audit.record(actor=actor, verb="spaces.update", target=space, school_id=space.school_id)
    return space


@transaction.atomic
def space_layout_set(*, actor: User, space: Space, sections: Sequence[str]) -> Space:
    """Choose which sections the space page shows, in order, among those of its kind
    (DomainError for any other)."""
    permissions.require(actor, "spaces.edit", space)
    allowed = SECTIONS_BY_ROLE.get(SpaceRole(space.role), []) if space.role else []
    unknown = [s for s in sections if s not in allowed]
    if unknown:
        raise DomainError(SpaceError.SECTION_UNKNOWN, _("This space cannot show that section."))
    space.layout = list(dict.fromkeys(sections))
    space.save(update_fields=["layout", "updated_at"])
    return space


@transaction.atomic
def space_photo_set(*, actor: User, space: Space, upload: Any) -> Space:
    """The owner's real photo, re-encoded without location data by the upload service."""
    permissions.require(actor, "spaces.edit", space)
    space.photo = library.file_store(
        actor=actor, upload=upload, school=space.school, kinds=(FileKind.IMAGE,)
    )
    space.save(update_fields=["photo", "updated_at"])
    _touch(space, actor)
    return space


# ---------------------------------------------------------------- feed and guestbook


@transaction.atomic
def post_create(
    *, actor: User, space: Space, body: str, kind: str = PostKind.NOTE, upload: Any = None
) -> SpacePost:
    """Write in a space's feed (an activity-log entry or a piece of work, with an optional
    file), screened at once. PermissionDenied unless the actor may post (`spaces.post`);
    DomainError when the space is sealed or the actor suspended; ValidationError when empty."""
    _require_active(space)
    permissions.require(actor, "spaces.post", space)
    posting_check(author=actor, school=space.school)
    post = SpacePost(space=space, author=actor, kind=kind, body=body.strip())
    post.full_clean(exclude=["space", "author", "attachment"])
    if upload is not None:
        post.attachment = _store(actor, upload, space.school)
    post.save()
    content_screen(content=post, author=actor)
    _touch(space, actor)
    return post


@transaction.atomic
def guestbook_sign(*, actor: User, space: Space, body: str) -> GuestbookEntry:
    """Leave a note in a space's guestbook, screened at once; the owner is told in-app once
    it is published. PermissionDenied unless `spaces.sign_guestbook`."""
    _require_active(space)
    permissions.require(actor, "spaces.sign_guestbook", space)
    posting_check(author=actor, school=space.school)
    entry = GuestbookEntry(space=space, author=actor, body=body.strip())
    entry.full_clean(exclude=["space", "author"])
    entry.save()
    content_screen(content=entry, author=actor)
    if entry.is_published and space.owner_id and space.owner_id != actor.pk:
        _notify(
            sender=actor,
            school=space.school,
            template="space_guestbook",
            params={"name": actor.full_name},
            url=entry.get_absolute_url(),
            audience={"users": [space.owner_id]},
        )
    return entry


@transaction.atomic
def item_hide(*, actor: User, item: SpaceItem, reason: str) -> None:
    """Hide a post, guestbook note, collected resource or course of a space the actor
    supervises, with a reason its author sees (`spaces.supervise`; ValidationError without a
    reason)."""
    permissions.require(actor, "spaces.supervise", item.space)
    if not reason.strip():
        from django.core.exceptions import ValidationError

        raise ValidationError({"reason": _("Give the author a reason.")}, code="required")
    previous = item.moderation
    item.moderation = Moderation.HIDDEN
    item.moderation_reason = reason.strip()
    item.save(update_fields=["moderation", "moderation_reason"])
    item.moderation_changed(previous)
    audit.record(
        actor=actor,
        verb="spaces.hide",
        target=item,
        school_id=item.space.school_id,
        data={"reason": reason.strip()},
    )


@transaction.atomic
def item_restore(*, actor: User, item: SpaceItem) -> None:
    """Publish again an item the actor's supervision hid."""
    permissions.require(actor, "spaces.supervise", item.space)
    previous = item.moderation
    item.moderation = Moderation.PUBLISHED
    item.moderation_reason = ""
    item.save(update_fields=["moderation", "moderation_reason"])
    item.moderation_changed(previous)
    audit.record(actor=actor, verb="spaces.restore", target=item, school_id=item.space.school_id)


@transaction.atomic
def collected_add(
    *, actor: User, space: Space, title: str, link: str = "", note: str = "", upload: Any = None
) -> CollectedItem:
    """Keep a resource (a file or a link) in one's own space (`spaces.collect`)."""
    _require_active(space)
    permissions.require(actor, "spaces.collect", space)
    posting_check(author=actor, school=space.school)
    item = CollectedItem(space=space, title=title.strip(), link=link.strip(), note=note.strip())
    item.full_clean(exclude=["space", "file"])
    if upload is not None:
        item.file = _store(actor, upload, space.school)
    item.save()
    content_screen(content=item, author=actor)
    _touch(space, actor)
    return item


# ---------------------------------------------------------------- interest groups


@transaction.atomic
def group_create(
    *,
    actor: User,
    school: School,
    name: str,
    description: str = "",
    group_kind: str = GroupKind.CLUB,
    moderator: User | None = None,
    open_to_join: bool = True,
) -> Space:
    """Create an interest group (club, project, campaign) of the school, moderated by a
    teacher (the actor when none is given), with its forum board. Staff only
    (`spaces.create_group`); the moderator must be on the school's staff (DomainError)."""
    permissions.require(actor, "spaces.create_group", school)
    moderator = moderator or actor
    if not Membership.objects.filter(
        user=moderator, school=school, role__in=(Role.TEACHER, Role.SCHOOL_ADMIN)
    ).exists():
        raise DomainError(
            SpaceError.NOT_OWNER_SPACE, _("The moderator must be a teacher of this school.")
        )
    space = Space(
        kind=SpaceKind.GROUP,
        school=school,
        name=name.strip(),
        description=description.strip(),
        group_kind=group_kind,
        moderator=moderator,
        open_to_join=open_to_join,
    )
    posting_check(author=actor, school=school)
    space.full_clean()
    space.save()
    content_screen(content=space, author=actor)
    SpaceMember.objects.create(space=space, user=moderator)
    forum.group_board_create(space=space, name=space.name, description=space.description)
    audit.record(actor=actor, verb="spaces.group_create", target=space, school_id=school.pk)
    return space


@transaction.atomic
def group_join(*, actor: User, space: Space) -> SpaceMember:
    """Join an open interest group (`spaces.join`); DomainError when already a member."""
    permissions.require(actor, "spaces.join", space)
    if SpaceMember.objects.filter(space=space, user=actor).exists():
        raise DomainError(SpaceError.ALREADY_MEMBER, _("You are already a member."))
    return SpaceMember.objects.create(space=space, user=actor)


@transaction.atomic
def group_leave(*, actor: User, space: Space) -> None:
    """Leave a group; the moderator stays (a new one is named first)."""
    if space.moderator_id == actor.pk:
        raise DomainError(SpaceError.ALREADY_MEMBER, _("The moderator cannot leave the group."))
    SpaceMember.objects.filter(space=space, user=actor).delete()


@transaction.atomic
def member_add(*, actor: User, space: Space, user: User) -> SpaceMember:
    """Invite a student or teacher of the school into the group (`spaces.manage_members`)."""
    permissions.require(actor, "spaces.manage_members", space)
    if (
        not Membership.objects.filter(user=user, school_id=space.school_id)
        .exclude(role=Role.PARENT)
        .exists()
    ):
        raise DomainError(SpaceError.NOT_STUDENT, _("Only people of this school can join."))
    member, _created = SpaceMember.objects.get_or_create(space=space, user=user)
    audit.record(
        actor=actor,
        verb="spaces.member_add",
        target=member.space,
        school_id=space.school_id,
        data={"user": user.pk},
    )
    return member


@transaction.atomic
def member_remove(*, actor: User, space: Space, user: User) -> None:
    """Remove a member (not the moderator) from the group (`spaces.manage_members`)."""
    permissions.require(actor, "spaces.manage_members", space)
    if user.pk == space.moderator_id:
        raise DomainError(SpaceError.ALREADY_MEMBER, _("The moderator cannot leave the group."))
    SpaceMember.objects.filter(space=space, user=user).delete()
    audit.record(
        actor=actor,
        verb="spaces.member_remove",
        target=space,
        school_id=space.school_id,
        data={"user": user.pk},
    )


# ---------------------------------------------------------------- courses


@transaction.atomic
def course_create(
    *,
    actor: User,
    space: Space,
    title: str,
    subject: str = "",
    description: str = "",
    classrooms: Iterable[Classroom] = (),
) -> Course:
    """A course in the teacher's own space (`spaces.build_course`), for classes of the same
    school (DomainError otherwise)."""
    permissions.require(actor, "spaces.build_course", space)
    classrooms = list(classrooms)
    if any(c.school_id != space.school_id for c in classrooms):
        raise DomainError(SpaceError.NOT_IN_CLASS, _("Choose classes of your school."))
    course = Course(
        school=space.school,
        space=space,
        teacher=actor,
        title=title.strip(),
        subject=subject.strip(),
        description=description.strip(),
    )
    posting_check(author=actor, school=space.school)
    course.full_clean()
    course.save()
    content_screen(content=course, author=actor)
    course.classrooms.set(classrooms)
    _touch(space, actor)
    audit.record(
        actor=actor, verb="spaces.course_create", target=course, school_id=course.school_id
    )
    return course


@transaction.atomic
def unit_create(*, actor: User, course: Course, title: str, summary: str = "") -> Unit:
    """Add a unit at the end of the course (`spaces.edit_course`)."""
    permissions.require(actor, "spaces.edit_course", course)
    last = course.units.order_by("-position").values_list("position", flat=True).first()
    unit = Unit(
        course=course, title=title.strip(), summary=summary.strip(), position=(last or 0) + 1
    )
    posting_check(author=actor, school=course.school)
    unit.full_clean()
    unit.save()
    content_screen(content=unit, author=actor)
    _touch(course.space, actor)
    return unit


@transaction.atomic
def unit_resource_add(
    *, actor: User, unit: Unit, slot: str, title: str = "", upload: Any = None, link: str = ""
) -> UnitResource:
    """Put a file (through the library's upload service) or a link in one of the unit's
    standard slots (`spaces.edit_course`; DomainError without either)."""
    course = unit.course
    permissions.require(actor, "spaces.edit_course", course)
    if upload is None and not link.strip():
        raise DomainError(SpaceError.SECTION_UNKNOWN, _("Attach a file or give a link."))
    resource = UnitResource(
        unit=unit,
        slot=SlotKind(slot),
        title=(title.strip() or (getattr(upload, "name", "") or link.strip()))[:200],
        link=link.strip(),
    )
    resource.full_clean(exclude=["unit", "file"])
    if upload is not None:
        resource.file = _store(actor, upload, course.school)
    resource.save()
    _touch(course.space, actor)
    return resource


@transaction.atomic
def unit_resource_remove(*, actor: User, resource: UnitResource) -> None:
    """Take a resource out of its unit's slot (`spaces.edit_course`); its stored file stays
    with the library."""
    permissions.require(actor, "spaces.edit_course", resource.unit.course)
    audit.record(
        actor=actor,
        verb="spaces.resource_remove",
        target=resource,
        school_id=resource.unit.course.school_id,
    )
    resource.delete()


# ---------------------------------------------------------------- homework


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    classroom: Classroom,
    title: str,
    instructions: str,
    due_at: datetime,
    course: Course | None = None,
    uploads: Iterable[Any] = (),
) -> Assignment:
    """Set homework for a class (`spaces.set_homework`); its students and their parents are
    told in-app after commit."""
    permissions.require(actor, "spaces.set_homework", classroom)
    if course is not None and course.school_id != classroom.school_id:
        raise DomainError(SpaceError.NOT_IN_CLASS, _("Choose a course of this school."))
    assignment = Assignment(
        school_id=classroom.school_id,
        classroom=classroom,
        course=course,
        teacher=actor,
        title=title.strip(),
        instructions=instructions.strip(),
        due_at=due_at,
    )
    assignment.full_clean()
    assignment.save()
    files = [_store(actor, u, classroom.school) for u in uploads]
    if files:
        assignment.files.set(files)
    students = list(
        Membership.objects.filter(role=Role.STUDENT, classroom=classroom).values_list(
            "user_id", flat=True
        )
    )
    _notify(
        sender=actor,
        school=classroom.school,
        template="homework_set",
        params={"title": assignment.title, "classroom": classroom.name},
        url=assignment.get_absolute_url(),
        audience={"users": students, "parents_of_students": students},
    )
    audit.record(
        actor=actor, verb="spaces.homework_set", target=assignment, school_id=classroom.school_id
    )
    return assignment


@transaction.atomic
def submission_save(
    *, actor: User, assignment: Assignment, text: str, uploads: Iterable[Any] = ()
) -> Submission:
    """Hand in (or hand in again, until graded) homework; marked late after the due time.
    The students of the class only (`spaces.submit`); DomainError once graded or empty."""
    permissions.require(actor, "spaces.submit", assignment)
    uploads = list(uploads)
    if not text.strip() and not uploads:
        raise DomainError(SpaceError.ALREADY_SUBMITTED, _("Write an answer or attach a file."))
    submission = (
        Submission.objects.select_for_update().filter(assignment=assignment, student=actor).first()
    )
    if submission is not None and submission.is_graded:
        raise DomainError(
            SpaceError.ALREADY_SUBMITTED, _("This homework is graded: it can no longer change.")
        )
    now = timezone.now()
    if submission is None:
        submission = Submission(
            school_id=assignment.school_id, assignment=assignment, student=actor
        )
    submission.text = text.strip()
    submission.submitted_at = now
    submission.is_late = now > assignment.due_at
    submission.save()
    files = [_store(actor, u, assignment.school) for u in uploads]
    if files:
        submission.files.add(*files)
    space = Space.objects.filter(owner=actor).first()
    if space is not None:
        _touch(space, actor)
    return submission


@transaction.atomic
def grades_save(
    *, actor: User, assignment: Assignment, grades: dict[int, tuple[Decimal | None, str]]
) -> int:
    """Grade submissions of the homework in one go: `grades` maps a student id to a score
    (0 to MAX_SCORE, or None to leave ungraded) and a comment. Each newly graded or changed
    result is released at once to the student and their parents (in-app). Returns how many
    results were saved. The teacher who set it, the homeroom teacher and the admins
    (`spaces.grade`); DomainError for a score out of range."""
    permissions.require(actor, "spaces.grade", assignment)
    now = timezone.now()
    submissions = {
        s.student_id: s
        for s in Submission.objects.select_for_update().filter(
            assignment=assignment, student_id__in=list(grades)
        )
    }
    changed: list[Submission] = []
    for student_id, (score, comment) in grades.items():
        submission = submissions.get(student_id)
        if submission is None or score is None:
            continue
        if score < 0 or score > MAX_SCORE:
            raise DomainError(
                SpaceError.SCORE_RANGE,
                _("A score is between 0 and %(max)s.") % {"max": MAX_SCORE},
            )
        comment = comment.strip()
        if submission.score == score and submission.comment == comment:
            continue
        submission.score = score
        submission.comment = comment
        submission.graded_at = now
        submission.graded_by = actor
        changed.append(submission)
    Submission.objects.bulk_update(changed, ["score", "comment", "graded_at", "graded_by"])
    if changed:
        students = [s.student_id for s in changed]
        _notify(
            sender=actor,
            school=assignment.school,
            template="homework_graded",
            params={"title": assignment.title},
            url=assignment.get_absolute_url(),
            audience={"users": students, "parents_of_students": students},
        )
        audit.record(
            actor=actor,
            verb="spaces.grade",
            target=assignment,
            school_id=assignment.school_id,
            data={"graded": len(changed)},
        )
    return len(changed)


# ---------------------------------------------------------------- lifecycle


@transaction.atomic
def space_seal(*, actor: User, space: Space) -> Space:
    """Seal a personal space (a student graduated, a teacher left): read-only, seen only by
    its owner and the school's admins (`spaces.manage_lifecycle`)."""
    permissions.require(actor, "spaces.manage_lifecycle", space)
    _require_active(space)
    space.state = SpaceState.SEALED
    space.sealed_at = timezone.now()
    space.save(update_fields=["state", "sealed_at", "updated_at"])
    audit.record(actor=actor, verb="spaces.seal", target=space, school_id=space.school_id)
    return space


@transaction.atomic
def class_graduate(*, actor: User, classroom: Classroom) -> int:
    """Seal the personal spaces of every student of a graduating class at once; returns how
    many were sealed. The school's admins only (`spaces.manage_school`)."""
    school = classroom.school
    permissions.require(actor, "spaces.manage_school", school)
    students = Membership.objects.filter(role=Role.STUDENT, classroom=classroom).values("user_id")
    now = timezone.now()
    sealed = Space.objects.filter(
        kind=SpaceKind.PERSONAL, school=school, state=SpaceState.ACTIVE, owner_id__in=students
    ).update(state=SpaceState.SEALED, sealed_at=now, updated_at=now)
    audit.record(
        actor=actor,
        verb="spaces.graduate",
        target=classroom,
        school_id=school.pk,
        data={"sealed": sealed},
    )
    return sealed


@transaction.atomic
def space_transfer(*, actor: User, space: Space, school: School) -> Space:
    """Move a personal space with its owner to another school of the same district: active
    again there. The admins of the space's school (`spaces.manage_lifecycle`) who may also
    act for the new school (`spaces.receive_transfer`); DomainError across districts."""
    permissions.require(actor, "spaces.manage_lifecycle", space)
    permissions.require(actor, "spaces.receive_transfer", school)
    if not space.is_personal:
        raise DomainError(SpaceError.NOT_OWNER_SPACE, _("Only a personal space moves."))
    if school.bureau_id != space.school.bureau_id:
        raise DomainError(SpaceError.WRONG_BUREAU, _("Choose a school of the same district."))
    previous = space.school_id
    space.school = school
    space.state = SpaceState.ACTIVE
    space.sealed_at = None
    space.save(update_fields=["school", "state", "sealed_at", "updated_at"])
    Course.objects.filter(space=space).update(school=school)
    audit.record(
        actor=actor,
        verb="spaces.transfer",
        target=space,
        school_id=previous,
        data={"to": school.pk},
    )
    return space


def space_export(*, actor: User, space: Space) -> bytes:
    """A zip of the space's content: profile and texts as JSON, and every file it holds.
    Its owner and the school's admins (`spaces.export`); recorded so the space may close."""
    permissions.require(actor, "spaces.export", space)
    posts = list(space.posts.order_by("created_at").select_related("attachment"))
    entries = list(space.guestbook.order_by("created_at").select_related("author"))
    items = list(space.collection.select_related("file"))
    courses = list(Course.objects.filter(space=space).prefetch_related("units__resources__file"))
    submissions = list(
        Submission.objects.filter(student_id=space.owner_id)
        .select_related("assignment")
        .prefetch_related("files")
        if space.owner_id
        else []
    )
    files: dict[str, StoredFile] = {}

    def ref(stored: StoredFile | None) -> str:
        if stored is None:
            return ""
        name = f"files/{stored.pk}-{stored.file.name.rsplit('/', 1)[-1]}"
        files[name] = stored
        return name

    data = {
        "space": str(space),
        "kind": space.kind,
        "profile": {
            name: getattr(space, name)
            for name in (
                "graduated_from",
                "major",
                "subjects_taught",
                "positions",
                "career",
                "achievements",
                "personal_title",
                "personal_body",
                "service_guide",
            )
        },
        "photo": ref(space.photo),
        "posts": [
            {
                "at": p.created_at.isoformat(),
                "kind": p.kind,
                "text": p.body,
                "file": ref(p.attachment),
            }
            for p in posts
        ],
        "guestbook": [
            {
                "at": e.created_at.isoformat(),
                "from": e.author.full_name if e.author else "",
                "text": e.body,
            }
            for e in entries
        ],
        "collection": [
            {"title": i.title, "link": i.link, "note": i.note, "file": ref(i.file)} for i in items
        ],
        "courses": [
            {
                "title": c.title,
                "subject": c.subject,
                "description": c.description,
                "units": [
                    {
                        "title": u.title,
                        "summary": u.summary,
                        "resources": [
                            {"slot": r.slot, "title": r.title, "link": r.link, "file": ref(r.file)}
                            for r in u.resources.all()
                        ],
                    }
                    for u in c.units.all()
                ],
            }
            for c in courses
        ],
        "homework": [
            {
                "homework": s.assignment.title,
                "at": s.submitted_at.isoformat(),
                "late": s.is_late,
                "text": s.text,
                "score": str(s.score) if s.score is not None else None,
                "comment": s.comment,
                "files": [ref(f) for f in s.files.all()],
            }
            for s in submissions
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("space.json", json.dumps(data, ensure_ascii=False, indent=2))
        for name, stored in files.items():
            try:
                with stored.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except (FileNotFoundError, OSError):
                continue
    with transaction.atomic():
        Space.objects.filter(pk=space.pk).update(exported_at=timezone.now())
        audit.record(actor=actor, verb="spaces.export", target=space, school_id=space.school_id)
    return buffer.getvalue()


@transaction.atomic
def space_close(*, actor: User, space: Space) -> Space:
    """Close a sealed space once its content was exported: its feed, guestbook, collection
    and courses are deleted; the empty space stays as a record. The school's admins
    (`spaces.manage_lifecycle`); DomainError before an export."""
    permissions.require(actor, "spaces.manage_lifecycle", space)
    space.refresh_from_db(fields=["exported_at", "state"])
    if space.exported_at is None:
        raise DomainError(SpaceError.NOT_EXPORTED, _("Export the space before closing it."))
    if space.state == SpaceState.ACTIVE:
        raise DomainError(SpaceError.SEALED, _("Seal the space before closing it."))
    SpacePost.objects.filter(space=space).delete()
    GuestbookEntry.objects.filter(space=space).delete()
    CollectedItem.objects.filter(space=space).delete()
    Course.objects.filter(space=space).delete()
    space.state = SpaceState.CLOSED
    space.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, verb="spaces.close", target=space, school_id=space.school_id)
    return space
