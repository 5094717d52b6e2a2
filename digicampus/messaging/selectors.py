"""Reads of the messaging app: audiences, inboxes, receipts, contact books."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Guardianship, Membership, User
from digicampus.core import permissions
from digicampus.messaging.choices import Channel, DeliveryState
from digicampus.messaging.models import (
    Announcement,
    AnnouncementConfirmation,
    ContactEntry,
    Conversation,
    ConversationPolicy,
    Delivery,
)
from digicampus.org.models import Classroom, School

STAFF_ROLES = (Role.SCHOOL_ADMIN, Role.TEACHER, Role.COLLABORATOR)


def audience_user_ids(audience: dict[str, list[int]]) -> QuerySet[User, int]:
    """The distinct, active accounts an audience reaches, in id order (for batching).

    Keys: users, parents_of_students, parents_of_classes, parents_of_grades,
    parents_of_schools, staff_of_schools.
    """
    q = Q(pk__in=[])
    if audience.get("users"):
        q |= Q(pk__in=audience["users"])
    if audience.get("parents_of_students"):
        q |= Q(
            pk__in=Guardianship.objects.filter(child_id__in=audience["parents_of_students"]).values(
                "parent_id"
            )
        )
    if audience.get("parents_of_classes"):
        q |= Q(
            pk__in=Guardianship.objects.filter(
                child__memberships__classroom_id__in=audience["parents_of_classes"],
                child__memberships__role=Role.STUDENT,
            ).values("parent_id")
        )
    if audience.get("parents_of_grades"):
        q |= Q(
            pk__in=Guardianship.objects.filter(
                child__memberships__classroom__grade_id__in=audience["parents_of_grades"],
                child__memberships__role=Role.STUDENT,
            ).values("parent_id")
        )
    if audience.get("parents_of_schools"):
        q |= Q(
            pk__in=Membership.objects.filter(
                school_id__in=audience["parents_of_schools"], role=Role.PARENT
            ).values("user_id")
        )
    if audience.get("staff_of_schools"):
        q |= Q(
            pk__in=Membership.objects.filter(
                school_id__in=audience["staff_of_schools"], role__in=STAFF_ROLES
            ).values("user_id")
        )
    return User.objects.filter(q, is_active=True).order_by("pk").values_list("pk", flat=True)


def inbox(*, user: User, before: int | None = None, limit: int = 30) -> list[Delivery]:
    """The user's in-app messages, newest first, `limit` at a time below the cursor `before`
    (a notification id). One query."""
    qs = Delivery.objects.filter(recipient=user, channel=Channel.IN_APP).select_related(
        "notification", "notification__sender"
    )
    if before is not None:
        qs = qs.filter(notification_id__lt=before)
    return list(qs.order_by("-notification_id")[:limit])


def unread_count(*, user: User) -> int:
    """How many in-app messages the user has not opened."""
    return Delivery.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).count()


def announcement_list(*, actor: User) -> QuerySet[Announcement]:
    """Announcements the actor wrote or may oversee, newest first."""
    return Announcement.objects.visible_to(actor).select_related("author", "school", "notification")


def announcement_receipts(*, actor: User, announcement: Announcement) -> dict[str, Any]:
    """Who received, read and confirmed an announcement; for its author and overseers."""
    permissions.require(actor, "messaging.view_receipts", announcement)
    if announcement.notification_id is None:
        return {"recipients": 0, "read": 0, "confirmed": 0, "pending": []}
    deliveries = _in_app(announcement.notification_id)
    counts = _read_counts(deliveries)
    confirmed = AnnouncementConfirmation.objects.filter(announcement=announcement)
    pending = (
        User.objects.filter(pk__in=deliveries.values("recipient_id"))
        .exclude(pk__in=confirmed.values("user_id"))
        .only("full_name", "phone")
        .order_by("full_name")
    )
    return {
        "recipients": counts["recipients"],
        "read": counts["read"],
        "confirmed": confirmed.count(),
        "pending": pending[:500],
    }


def _in_app(notification_id: int | None) -> QuerySet[Delivery]:
    return Delivery.objects.filter(notification_id=notification_id, channel=Channel.IN_APP)


def _read_counts(deliveries: QuerySet[Delivery]) -> dict[str, int]:
    return deliveries.aggregate(recipients=Count("pk"), read=Count("read_at"))


def entry_receipts(*, actor: User, entry: ContactEntry) -> dict[str, Any]:
    """How many families have read a contact-book entry, and who has not; for its teachers."""
    permissions.require(actor, "messaging.write_entry", entry.classroom)
    deliveries = _in_app(entry.notification_id)
    unread = (
        User.objects.filter(pk__in=deliveries.filter(read_at__isnull=True).values("recipient_id"))
        .only("full_name", "phone")
        .order_by("full_name")
    )
    return {**_read_counts(deliveries), "unread": unread[:500]}


def contact_entries(
    *, actor: User, classroom: Classroom | None = None, student: User | None = None
) -> QuerySet[ContactEntry]:
    """Contact-book entries the actor may read, of a class or about one student (whose list
    includes the whole-class entries of their class)."""
    qs = ContactEntry.objects.visible_to(actor).select_related("author", "student", "classroom")
    if classroom is not None:
        qs = qs.filter(classroom=classroom)
    if student is not None:
        classes = Membership.objects.filter(user=student, role=Role.STUDENT).values("classroom_id")
        qs = qs.filter(Q(student=student) | Q(student__isnull=True, classroom_id__in=classes))
    return qs.annotate(reply_count=Count("replies"))


def failed_deliveries(*, actor: User, school: School) -> QuerySet[Delivery]:
    """Deliveries of the school's messages that failed for good (the dead-letter list)."""
    permissions.require(actor, "messaging.view_failed", school)
    return (
        Delivery.objects.filter(notification__school=school, state=DeliveryState.FAILED)
        .select_related("notification", "recipient")
        .order_by("-pk")
    )


def notification_for_reader(*, user: User, pk: int) -> Delivery:
    """The user's in-app delivery of notification `pk`; DoesNotExist when it is not theirs."""
    return Delivery.objects.select_related("notification").get(
        recipient=user, notification_id=pk, channel=Channel.IN_APP
    )


def sendable_classes(*, actor: User) -> QuerySet[Classroom]:
    """Classes whose parents the actor may write to (announcements and contact book)."""
    scope = permissions.scope_of(actor)
    return (
        Classroom.objects.filter(
            Q(school_id__in=scope.managed_school_ids | scope.teacher_school_ids)
            | Q(pk__in=scope.homeroom_class_ids),
            grade__school_year__is_current=True,
        )
        .select_related("school", "grade")
        .order_by("school__name", "grade__number", "name")
    )


def conversation_policy(*, school: School) -> ConversationPolicy:
    """The school's rules for parents writing to teachers (the defaults when none are saved)."""
    return ConversationPolicy.objects.filter(school=school).first() or ConversationPolicy(
        school=school
    )


def allowed_teachers(*, student: User) -> QuerySet[User]:
    """Teachers a parent of `student` may write to: the homeroom teachers of the student's
    classes, and the school's other teachers unless its rules say homeroom only."""
    memberships = Membership.objects.filter(user=student, role=Role.STUDENT)
    school_ids = list(memberships.values_list("school_id", flat=True))
    homeroom = Classroom.objects.filter(
        pk__in=memberships.values("classroom_id"), homeroom_teacher__isnull=False
    ).values("homeroom_teacher_id")
    q = Q(pk__in=homeroom)
    open_schools = [
        school_id
        for school_id in school_ids
        if not ConversationPolicy.objects.filter(school_id=school_id, homeroom_only=True).exists()
    ]
    if open_schools:
        q |= Q(
            pk__in=Membership.objects.filter(school_id__in=open_schools, role=Role.TEACHER).values(
                "user_id"
            )
        )
    return User.objects.filter(q, is_active=True).order_by("full_name")


def conversation_list(*, actor: User) -> QuerySet[Conversation]:
    """The actor's conversations, most recent first."""
    return Conversation.objects.visible_to(actor).select_related("parent", "teacher", "student")


def student_book_readable(*, actor: User, student: User) -> bool:
    """The student, their parents, and the teachers who may write in one of their classes."""
    scope = permissions.scope_of(actor)
    if student.pk == actor.pk or student.pk in scope.child_ids:
        return True
    classes = Classroom.objects.filter(
        memberships__user=student, memberships__role=Role.STUDENT
    ).select_related("school")
    return any(permissions.can(actor, "messaging.write_entry", c) for c in classes)


def contact_book_summary(*, actor: User, student: User) -> dict[str, Any]:
    """A student's contact book for the current school year, grouped by kind, for printing."""
    from digicampus.messaging.choices import EntryKind

    membership = (
        Membership.objects.filter(user=student, role=Role.STUDENT, classroom__isnull=False)
        .select_related("classroom__grade__school_year", "school")
        .first()
    )
    if membership is None:
        return {"year": None, "groups": [], "school": None, "classroom": None}
    year = membership.classroom.grade.school_year
    entries = (
        contact_entries(actor=actor, student=student)
        .filter(created_at__date__gte=year.starts_on, created_at__date__lte=year.ends_on)
        .order_by("created_at")
    )
    by_kind: dict[str, list[ContactEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    groups = [(label, by_kind[value]) for value, label in EntryKind.choices if value in by_kind]
    return {
        "year": year,
        "groups": groups,
        "school": membership.school,
        "classroom": membership.classroom,
    }
