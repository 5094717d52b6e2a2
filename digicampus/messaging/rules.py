"""Who may see and do what in home–school communication."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility
from digicampus.messaging.models import (
    Announcement,
    ContactEntry,
    Conversation,
    ConversationMessage,
    ConversationPolicy,
    Delivery,
    Notification,
)
from digicampus.org.models import Classroom, School


def _received(user: Any) -> Any:
    return Delivery.objects.filter(recipient_id=user.pk).values("notification_id")


@register_visibility(Notification)
def _notifications(user: Any, scope: Scope) -> Q:
    return (
        Q(sender_id=user.pk)
        | Q(school_id__in=scope.managed_school_ids)
        | Q(bureau_id__in=scope.bureau_ids)
        | Q(pk__in=_received(user))
    )


@register_visibility(Announcement)
def _announcements(user: Any, scope: Scope) -> Q:
    """Authors, the school's staff, the bureau, and every recipient."""
    return (
        Q(author_id=user.pk)
        | Q(school_id__in=scope.staff_school_ids)
        | Q(bureau_id__in=scope.bureau_ids)
        | Q(notification_id__in=_received(user))
    )


@register_visibility(ContactEntry)
def _entries(user: Any, scope: Scope) -> Q:
    """The school's managers, the class's homeroom teacher and the entry's author; the student
    and their parents (whole-class entries of their class included). Other teachers of the
    school do not read what colleagues wrote to a family."""
    return (
        Q(school_id__in=scope.managed_school_ids)
        | Q(author_id=user.pk)
        | Q(classroom_id__in=scope.homeroom_class_ids)
        | Q(student_id=user.pk)
        | Q(student_id__in=scope.child_ids)
        | Q(student__isnull=True, classroom_id__in=scope.child_class_ids | scope.student_class_ids)
    )


@register_visibility(Conversation)
def _conversations(user: Any, scope: Scope) -> Q:
    """Direct messages stay between the parent and the teacher."""
    return Q(parent_id=user.pk) | Q(teacher_id=user.pk)


@register_visibility(ConversationMessage)
def _conversation_messages(user: Any, scope: Scope) -> Q:
    return Q(conversation__parent_id=user.pk) | Q(conversation__teacher_id=user.pk)


@register_visibility(ConversationPolicy)
def _policies(user: Any, scope: Scope) -> Q:
    return Q(school_id__in=scope.school_ids)


@register_rule("messaging.write_entry")
def _write_entry(user: Any, scope: Scope, classroom: Classroom) -> bool:
    """The homeroom teacher, the school's teachers and its managers write in a class's book."""
    return (
        classroom.pk in scope.homeroom_class_ids
        or classroom.school_id in scope.teacher_school_ids
        or classroom.school_id in scope.managed_school_ids
    )


@register_rule("messaging.reply")
def _reply(user: Any, scope: Scope, entry: ContactEntry) -> bool:
    """Parents of the student (or of the class) and the school's teachers reply."""
    if entry.student_id is not None and entry.student_id in scope.child_ids:
        return True
    if entry.student_id is None and entry.classroom_id in scope.child_class_ids:
        return True
    return _write_entry(user, scope, entry.classroom)


@register_rule("messaging.announce_school")
def _announce_school(user: Any, scope: Scope, school: School) -> bool:
    """School managers write to the whole school; bureau admins to any school of theirs."""
    return school.pk in scope.managed_school_ids


@register_rule("messaging.announce_district")
def _announce_district(user: Any, scope: Scope, obj: Any) -> bool:
    """Bureau admins write to the parents and staff of their schools."""
    return bool(scope.bureau_ids)


@register_rule("messaging.view_receipts")
def _receipts(user: Any, scope: Scope, announcement: Announcement) -> bool:
    """The author and the managers of the school (or bureau) see who has read and confirmed."""
    return (
        announcement.author_id == user.pk
        or announcement.school_id in scope.managed_school_ids
        or announcement.bureau_id in scope.bureau_ids
    )


@register_rule("messaging.view_failed")
def _failed(user: Any, scope: Scope, school: School) -> bool:
    """School managers see the messages that could not be delivered."""
    return school.pk in scope.managed_school_ids
