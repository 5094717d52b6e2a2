"""The one notification service of the platform, announcements and the contact book.

Every module that tells people something calls `notification_create`: it stores one
notification and returns at once; a Celery task fans it out into one delivery per recipient
and channel (in batches, each its own transaction, with unique rows, so a fan-out that dies
half-way can simply run again), and other tasks send e-mail and SMS with retries and back-off.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership, User
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.library import services as library
from digicampus.messaging import selectors
from digicampus.messaging.choices import (
    FAN_OUT_BATCH,
    MAX_ATTEMPTS,
    OUT_STATES,
    PRIVATE_ENTRY_KINDS,
    Audience,
    Channel,
    Confirmation,
    DeliveryState,
    FanOutState,
    NotificationKind,
)
from digicampus.messaging.errors import MessagingError
from digicampus.messaging.gateways import GatewayError, sms_gateway
from digicampus.messaging.models import (
    Announcement,
    AnnouncementConfirmation,
    ChannelPreference,
    ContactEntry,
    ContactReply,
    Conversation,
    ConversationMessage,
    ConversationPolicy,
    Delivery,
    Notification,
)
from digicampus.org.models import Bureau, Classroom, Grade, School

ALL_CHANNELS = (Channel.IN_APP, Channel.EMAIL, Channel.SMS)
SEND_BATCH = 200
STALE_CLAIM = timedelta(minutes=10)


# ---------------------------------------------------------------------------------------------
# The notification service.


def notification_create(
    *,
    sender: User | None,
    kind: str,
    audience: dict[str, list[int]],
    school: School | None = None,
    bureau: Bureau | None = None,
    subject: str = "",
    template: str = "",
    params: dict[str, Any] | None = None,
    body: str = "",
    url: str = "",
    channels: Sequence[str] = ALL_CHANNELS,
    idempotency_key: str | None = None,
    send_after: datetime | None = None,
) -> Notification:
    """Store a notification and schedule its fan-out after commit; returns at once.

    A second call with the same `idempotency_key` returns the first notification.
    """
    if idempotency_key:
        existing = Notification.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    notification = Notification.objects.create(
        kind=kind,
        sender=sender,
        school=school,
        bureau=bureau,
        subject=subject[:200],
        template=template,
        params=params or {},
        body=body,
        url=url,
        audience=audience,
        channels=list(channels),
        idempotency_key=idempotency_key,
        send_after=send_after,
    )
    from digicampus.messaging.tasks import fan_out_notification

    transaction.on_commit(
        lambda: fan_out_notification.apply_async(
            kwargs={"notification_id": notification.pk}, eta=send_after
        )
    )
    return notification


def notification_fan_out(*, notification_id: int) -> int:
    """Create the deliveries of a notification, batch by batch, and queue e-mail and SMS.

    Safe to run again at any point (rows are unique; existing ones are kept). Returns the
    number of recipients.
    """
    notification = Notification.objects.get(pk=notification_id)
    Notification.objects.filter(pk=notification_id).update(
        fan_out_state=FanOutState.RUNNING, fan_out_heartbeat=timezone.now()
    )
    recipient_ids = list(selectors.audience_user_ids(notification.audience))
    channels = set(notification.channels)
    now = timezone.now()
    size = settings.MESSAGING_FAN_OUT_BATCH or FAN_OUT_BATCH
    for start in range(0, len(recipient_ids), size):
        batch = recipient_ids[start : start + size]
        rows = (
            [
                Delivery(
                    notification_id=notification_id,
                    recipient_id=pk,
                    channel=Channel.IN_APP,
                    state=DeliveryState.DELIVERED,
                    sent_at=now,
                )
                for pk in batch
            ]
            if Channel.IN_APP in channels
            else []
        )
        if channels & {Channel.EMAIL, Channel.SMS}:
            rows += _outside_deliveries(notification_id, batch, channels)
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            Notification.objects.filter(pk=notification_id).update(fan_out_heartbeat=timezone.now())
    Notification.objects.filter(pk=notification_id).update(
        fan_out_state=FanOutState.DONE, recipient_count=len(recipient_ids)
    )
    _queue_sends(notification_id)
    return len(recipient_ids)


def notification_stalled_ids(*, older_than: timedelta) -> list[int]:
    """Fan-outs that stopped making progress (their worker died), or that were never started
    although due, for a worker to run again."""
    now = timezone.now()
    stalled = Q(fan_out_state=FanOutState.RUNNING, fan_out_heartbeat__lt=now - older_than)
    never_started = Q(fan_out_state=FanOutState.PENDING, created_at__lt=now - older_than) & (
        Q(send_after__isnull=True) | Q(send_after__lt=now)
    )
    return list(Notification.objects.filter(stalled | never_started).values_list("pk", flat=True))


def _outside_deliveries(
    notification_id: int, batch: list[int], channels: set[str]
) -> list[Delivery]:
    rows: list[Delivery] = []
    people = User.objects.filter(pk__in=batch).values_list(
        "pk", "email", "phone", "channel_preference__email", "channel_preference__sms"
    )
    for pk, email, phone, wants_email, wants_sms in people:
        if Channel.EMAIL in channels and email and wants_email is not False:
            rows.append(
                Delivery(
                    notification_id=notification_id,
                    recipient_id=pk,
                    channel=Channel.EMAIL,
                    state=DeliveryState.QUEUED,
                )
            )
        if Channel.SMS in channels and phone and wants_sms:
            rows.append(
                Delivery(
                    notification_id=notification_id,
                    recipient_id=pk,
                    channel=Channel.SMS,
                    state=DeliveryState.QUEUED,
                )
            )
    return rows


def _queue_sends(notification_id: int) -> None:
    from digicampus.messaging.tasks import send_deliveries

    pending = list(
        Delivery.objects.filter(notification_id=notification_id, state=DeliveryState.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pending), SEND_BATCH):
        send_deliveries.delay(delivery_ids=pending[start : start + SEND_BATCH])


def _within(start: time, end: time, moment: time) -> bool:
    """Whether `moment` falls in [start, end), a window that may run past midnight."""
    return start <= moment < end if start < end else moment >= start or moment < end


def _in_quiet_hours(preference: ChannelPreference | None, now: datetime) -> timedelta | None:
    """How long an SMS must wait because of the recipient's quiet hours, if at all."""
    if preference is None or preference.quiet_from is None or preference.quiet_until is None:
        return None
    local = timezone.localtime(now)
    end = preference.quiet_until
    if not _within(preference.quiet_from, end, local.time()):
        return None
    resume = datetime.combine(local.date(), end, tzinfo=local.tzinfo)
    if resume <= local:
        resume += timedelta(days=1)
    return resume - local


def deliveries_send(*, delivery_ids: Iterable[int]) -> list[int]:
    """Send queued e-mail and SMS deliveries; each is claimed first, so two workers never send
    the same one. Returns the ids to retry later (failures below the attempt limit)."""
    now = timezone.now()
    claimable = Q(state=DeliveryState.QUEUED) | Q(
        state=DeliveryState.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    retry: list[int] = []
    connection = None
    deliveries = Delivery.objects.filter(claimable, pk__in=list(delivery_ids)).select_related(
        "notification", "recipient", "recipient__channel_preference"
    )
    for delivery in deliveries:
        claimed = Delivery.objects.filter(claimable, pk=delivery.pk).update(
            state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        recipient = delivery.recipient
        if delivery.channel == Channel.SMS:
            preference = getattr(recipient, "channel_preference", None)
            wait = _in_quiet_hours(preference, now)
            if wait is not None:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=DeliveryState.QUEUED, attempts=F("attempts") - 1
                )
                from digicampus.messaging.tasks import send_deliveries

                send_deliveries.apply_async(
                    kwargs={"delivery_ids": [delivery.pk]}, countdown=int(wait.total_seconds())
                )
                continue
        try:
            with translation.override(recipient.language):
                if delivery.channel == Channel.EMAIL:
                    connection = connection or get_connection()
                    _send_email(delivery, connection)
                else:
                    _send_sms(delivery)
        except (GatewayError, smtplib.SMTPException, OSError) as error:
            attempts = delivery.attempts + 1
            final = attempts >= MAX_ATTEMPTS
            Delivery.objects.filter(pk=delivery.pk).update(
                state=DeliveryState.FAILED if final else DeliveryState.QUEUED,
                last_error=str(error)[:300],
            )
            if not final:
                retry.append(delivery.pk)
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=DeliveryState.SENT, sent_at=timezone.now(), last_error=""
            )
    if connection is not None:
        connection.close()
    return retry


def _link(notification: Notification) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/messages/{notification.pk}/"


def _send_email(delivery: Delivery, connection: Any) -> None:
    notification = delivery.notification
    body = f"{notification.body}\n\n{_link(notification)}"
    message = EmailMessage(
        subject=notification.subject_text(),
        body=body,
        to=[delivery.recipient.email],
        connection=connection,
        headers={"Message-ID": make_msgid(idstring=f"delivery-{delivery.pk}", domain="digicampus")},
    )
    message.send()


def _send_sms(delivery: Delivery) -> None:
    notification = delivery.notification
    text = f"{notification.subject_text()} {_link(notification)}"
    sms_gateway().send(
        phone=delivery.recipient.phone or "", text=text, idempotency_key=f"delivery-{delivery.pk}"
    )


def notification_mark_read(*, delivery: Delivery) -> Delivery:
    """Record that the recipient opened the message (the read receipt)."""
    if delivery.read_at is None:
        delivery.read_at = timezone.now()
        Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(
            read_at=delivery.read_at
        )
    return delivery


def preference_update(
    *, user: User, email: bool, sms: bool, quiet_from: time | None, quiet_until: time | None
) -> ChannelPreference:
    """Save how the user wants to be reached."""
    preference, _created = ChannelPreference.objects.update_or_create(
        user=user,
        defaults={"email": email, "sms": sms, "quiet_from": quiet_from, "quiet_until": quiet_until},
    )
    return preference


# ---------------------------------------------------------------------------------------------
# Announcements.


@transaction.atomic
def announcement_create(
    *,
    actor: User,
    audience: str,
    title: str,
    body: str,
    confirmation: str = Confirmation.NONE,
    school: School | None = None,
    grades: Sequence[Grade] = (),
    classrooms: Sequence[Classroom] = (),
    schools: Sequence[School] = (),
    send_at: datetime | None = None,
    uploads: Sequence[Any] = (),
) -> Announcement:
    """Write an announcement and schedule it; the page returns before anyone is reached.
    Attached files go through the library's upload service (checked by content)."""
    bureau = None
    if audience in (Audience.SCHOOL_PARENTS, Audience.SCHOOL_STAFF):
        if school is None:
            raise DomainError(MessagingError.NO_RECIPIENTS, _("Choose a school."))
        permissions.require(actor, "messaging.announce_school", school)
        key = "parents_of_schools" if audience == Audience.SCHOOL_PARENTS else "staff_of_schools"
        spec = {key: [school.pk]}
    elif audience == Audience.GRADE_PARENTS:
        if not grades:
            raise DomainError(MessagingError.NO_RECIPIENTS, _("Choose at least one grade."))
        school = grades[0].school
        if any(g.school_id != school.pk for g in grades):
            raise DomainError(
                MessagingError.NO_RECIPIENTS, _("Choose grades of one school at a time.")
            )
        permissions.require(actor, "messaging.announce_school", school)
        spec = {"parents_of_grades": [g.pk for g in grades]}
    elif audience == Audience.CLASS_PARENTS:
        if not classrooms:
            raise DomainError(MessagingError.NO_RECIPIENTS, _("Choose at least one class."))
        for classroom in classrooms:
            permissions.require(actor, "messaging.write_entry", classroom)
        school = classrooms[0].school
        if any(c.school_id != school.pk for c in classrooms):
            raise DomainError(
                MessagingError.NO_RECIPIENTS, _("Choose classes of one school at a time.")
            )
        spec = {"parents_of_classes": [c.pk for c in classrooms]}
    else:
        permissions.require(actor, "messaging.announce_district")
        scope = permissions.scope_of(actor)
        chosen = [s for s in schools if s.bureau_id in scope.bureau_ids or scope.is_superuser]
        if not chosen:
            raise DomainError(MessagingError.NO_RECIPIENTS, _("Choose at least one school."))
        bureau = chosen[0].bureau
        key = "parents_of_schools" if audience == Audience.DISTRICT_PARENTS else "staff_of_schools"
        spec = {key: [s.pk for s in chosen]}
        school = None
    announcement = Announcement(
        author=actor,
        school=school,
        bureau=bureau,
        audience=audience,
        title=title,
        body=body,
        confirmation=confirmation,
        send_at=send_at,
    )
    announcement.full_clean()
    announcement.save()
    if classrooms:
        announcement.classrooms.set(classrooms)
    if schools and bureau is not None:
        announcement.schools.set(schools)
    if uploads:
        announcement.attachments.set(
            [library.file_store(actor=actor, upload=upload, school=school) for upload in uploads]
        )
    announcement.notification = notification_create(
        sender=actor,
        kind=NotificationKind.ANNOUNCEMENT,
        audience=spec,
        school=school,
        bureau=bureau,
        subject=title,
        body=body,
        url=announcement.get_absolute_url(),
        send_after=send_at,
    )
    announcement.save(update_fields=["notification"])
    audit.record(
        actor=actor,
        verb="messaging.announce",
        target=announcement,
        school_id=school.pk if school else None,
        data={"audience": spec},
    )
    return announcement


def _normalise_name(text: str) -> str:
    return " ".join(text.split()).casefold()


@transaction.atomic
def announcement_confirm(
    *, actor: User, announcement: Announcement, signature: str = ""
) -> AnnouncementConfirmation:
    """A recipient confirms; a signature must be the recipient's own full name."""
    received = Delivery.objects.filter(
        notification_id=announcement.notification_id, recipient=actor
    ).exists()
    if not received:
        raise PermissionDenied("messaging.confirm")
    if announcement.confirmation == Confirmation.SIGNATURE and _normalise_name(
        signature
    ) != _normalise_name(actor.full_name):
        raise DomainError(
            MessagingError.SIGNATURE_MISMATCH,
            _("Type your full name exactly as it is on your account."),
        )
    confirmation, _created = AnnouncementConfirmation.objects.get_or_create(
        announcement=announcement, user=actor, defaults={"signature": signature.strip()}
    )
    return confirmation


@transaction.atomic
def announcement_remind(*, actor: User, announcement: Announcement) -> Notification | None:
    """Remind everyone who has not confirmed (or, without confirmation, not read) yet."""
    permissions.require(actor, "messaging.view_receipts", announcement)
    deliveries = Delivery.objects.filter(
        notification_id=announcement.notification_id, channel=Channel.IN_APP
    )
    if announcement.confirmation == Confirmation.NONE:
        pending = deliveries.filter(read_at__isnull=True)
    else:
        pending = deliveries.exclude(recipient_id__in=announcement.confirmations.values("user_id"))
    return _remind(
        actor=actor,
        recipient_ids=list(pending.values_list("recipient_id", flat=True)),
        school=announcement.school,
        bureau=announcement.bureau,
        title=announcement.title,
        body=announcement.body,
        url=announcement.get_absolute_url(),
    )


def _remind(
    *,
    actor: User,
    recipient_ids: list[int],
    school: School | None,
    bureau: Bureau | None,
    title: str,
    body: str,
    url: str,
) -> Notification | None:
    if not recipient_ids:
        return None
    return notification_create(
        sender=actor,
        kind=NotificationKind.REMINDER,
        audience={"users": recipient_ids},
        school=school,
        bureau=bureau,
        template="reminder",
        params={"title": title},
        body=body,
        url=url,
    )


@transaction.atomic
def contact_entry_remind(*, actor: User, entry: ContactEntry) -> Notification | None:
    """Remind the families who have not opened a contact-book entry yet."""
    permissions.require(actor, "messaging.write_entry", entry.classroom)
    unread = Delivery.objects.filter(
        notification_id=entry.notification_id, channel=Channel.IN_APP, read_at__isnull=True
    )
    return _remind(
        actor=actor,
        recipient_ids=list(unread.values_list("recipient_id", flat=True)),
        school=entry.school,
        bureau=None,
        title=entry.body[:60],
        body=entry.body,
        url=entry.get_absolute_url(),
    )


# ---------------------------------------------------------------------------------------------
# The contact book.


@transaction.atomic
def contact_entry_create(
    *, actor: User, classroom: Classroom, kind: str, body: str, student: User | None = None
) -> ContactEntry:
    """Write in a class's contact book, about one student or for the whole class; parents are
    notified. Unless the school's rules allow it, results and discipline only go to one family."""
    permissions.require(actor, "messaging.write_entry", classroom)
    if (
        student is None
        and kind in PRIVATE_ENTRY_KINDS
        and selectors.conversation_policy(school=classroom.school).private_results
    ):
        raise DomainError(
            MessagingError.PRIVATE_KIND,
            _("Results and discipline are written to one family, never to a whole class."),
        )
    if (
        student is not None
        and not Membership.objects.filter(
            user=student, classroom=classroom, role=Role.STUDENT
        ).exists()
    ):
        raise DomainError(MessagingError.NO_RECIPIENTS, _("This student is not in the class."))
    entry = ContactEntry(
        school_id=classroom.school_id,
        classroom=classroom,
        student=student,
        author=actor,
        kind=kind,
        body=body,
    )
    entry.full_clean()
    entry.save()
    if student is not None:
        spec = {"parents_of_students": [student.pk]}
        template, params = "contact_entry", {"student": student.full_name}
    else:
        spec = {"parents_of_classes": [classroom.pk]}
        template, params = "contact_entry_class", {"classroom": classroom.name}
    entry.notification = notification_create(
        sender=actor,
        kind=NotificationKind.CONTACT_BOOK,
        audience=spec,
        school=classroom.school,
        template=template,
        params=params,
        body=body,
        url=entry.get_absolute_url(),
    )
    entry.save(update_fields=["notification"])
    return entry


@transaction.atomic
def contact_reply_create(*, actor: User, entry: ContactEntry, body: str) -> ContactReply:
    """Reply in an entry's thread; a parent's reply reaches the author, a teacher's reply the
    family (or the class's families)."""
    permissions.require(actor, "messaging.reply", entry)
    reply = ContactReply(entry=entry, author=actor, body=body)
    reply.full_clean()
    reply.save()
    scope = permissions.scope_of(actor)
    from_family = entry.student_id in scope.child_ids or (
        entry.student_id is None and entry.classroom_id in scope.child_class_ids
    )
    if from_family:
        spec = {"users": [entry.author_id] if entry.author_id else []}
    elif entry.student_id is not None:
        spec = {"parents_of_students": [entry.student_id]}
    else:
        spec = {"parents_of_classes": [entry.classroom_id]}
    about = entry.student.full_name if entry.student else entry.classroom.name
    notification_create(
        sender=actor,
        kind=NotificationKind.REPLY,
        audience=spec,
        school=entry.school,
        template="contact_reply",
        params={"student": about},
        body=body,
        url=entry.get_absolute_url(),
    )
    return reply


# ---------------------------------------------------------------------------------------------
# Conversations between parents and teachers.


def _check_hours(policy: ConversationPolicy) -> None:
    start, end = policy.hours_from, policy.hours_until
    if not _within(start, end, timezone.localtime().time()):
        raise DomainError(
            MessagingError.OUTSIDE_HOURS,
            _("The school receives parents' messages from %(start)s to %(end)s.")
            % {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
        )


@transaction.atomic
def conversation_start(*, actor: User, student: User, teacher: User, body: str) -> Conversation:
    """A parent writes to one of their child's teachers, within the school's rules."""
    if student.pk not in permissions.scope_of(actor).child_ids:
        raise PermissionDenied("messaging.converse")
    if not selectors.allowed_teachers(student=student).filter(pk=teacher.pk).exists():
        raise DomainError(
            MessagingError.TEACHER_NOT_ALLOWED,
            _("The school's rules do not let parents write to this teacher."),
        )
    membership = (
        Membership.objects.filter(user=student, role=Role.STUDENT).select_related("school").first()
    )
    if membership is None:
        raise DomainError(MessagingError.NOT_A_PARENT, _("This student is not in a class."))
    _check_hours(selectors.conversation_policy(school=membership.school))
    conversation, _created = Conversation.objects.get_or_create(
        parent=actor, teacher=teacher, student=student, defaults={"school": membership.school}
    )
    _post(conversation, actor, body)
    return conversation


@transaction.atomic
def conversation_reply(
    *, actor: User, conversation: Conversation, body: str
) -> ConversationMessage:
    """The parent or the teacher writes in their conversation; parents within school hours."""
    if actor.pk not in (conversation.parent_id, conversation.teacher_id):
        raise PermissionDenied("messaging.converse")
    if actor.pk == conversation.parent_id:
        _check_hours(selectors.conversation_policy(school=conversation.school))
    return _post(conversation, actor, body)


def _post(conversation: Conversation, actor: User, body: str) -> ConversationMessage:
    from digicampus.safety import services as safety

    message = ConversationMessage(conversation=conversation, author=actor, body=body)
    message.full_clean()
    message.save()
    conversation.save(update_fields=["updated_at"])
    # Private messages between adults: a phone number is ordinary, insults and scams are not.
    safety.content_screen(content=message, author=actor, personal_data=False)
    if message.is_published:
        _tell_the_other(conversation, actor, body)
    return message


def conversation_message_published(message: ConversationMessage) -> None:
    """A message that screening held has been released by the safety team: tell the reader."""
    _tell_the_other(message.conversation, message.author, message.body)


def _tell_the_other(conversation: Conversation, actor: User, body: str) -> None:
    other = (
        conversation.teacher_id if actor.pk == conversation.parent_id else conversation.parent_id
    )
    notification_create(
        sender=actor,
        kind=NotificationKind.REPLY,
        audience={"users": [other]},
        school=conversation.school,
        template="conversation_message",
        params={"name": actor.full_name},
        body=body,
        url=conversation.get_absolute_url(),
    )


@transaction.atomic
def conversation_policy_update(
    *,
    actor: User,
    school: School,
    homeroom_only: bool,
    hours_from: time,
    hours_until: time,
    private_results: bool = True,
) -> ConversationPolicy:
    """A school manager sets the messaging rules: whom parents may write to and when, and
    whether results stay private to each family."""
    permissions.require(actor, "messaging.announce_school", school)
    policy, _created = ConversationPolicy.objects.update_or_create(
        school=school,
        defaults={
            "homeroom_only": homeroom_only,
            "hours_from": hours_from,
            "hours_until": hours_until,
            "private_results": private_results,
        },
    )
    audit.record(actor=actor, verb="messaging.policy_update", target=policy, school_id=school.pk)
    return policy


def sms_delivery_report(*, delivery_key: str, delivered: bool, error: str = "") -> bool:
    """Record the SMS provider's delivery report for `delivery-<id>`; False if unknown."""
    if not delivery_key.startswith("delivery-") or not delivery_key[9:].isdigit():
        return False
    updated = Delivery.objects.filter(
        pk=int(delivery_key[9:]), channel=Channel.SMS, state__in=OUT_STATES
    ).update(
        state=DeliveryState.DELIVERED if delivered else DeliveryState.FAILED,
        last_error="" if delivered else error[:300],
    )
    return bool(updated)
