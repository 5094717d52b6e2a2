"""Notifications and their deliveries, announcements, the contact book."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digicampus.core.models import ScopedManager, TimeStampedModel
from digicampus.library.models import StoredFile
from digicampus.messaging.choices import (
    Audience,
    Channel,
    Confirmation,
    DeliveryState,
    EntryKind,
    FanOutState,
    NotificationKind,
)
from digicampus.org.models import Bureau, Classroom, School
from digicampus.safety.choices import Moderation
from digicampus.safety.models import ModeratedContent

User = settings.AUTH_USER_MODEL


class Notification(TimeStampedModel):
    """One message to many people; the worker fans it out into one delivery per recipient and
    channel. `audience` says whom to reach (resolved in the worker, never in the request)."""

    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    sender = models.ForeignKey(
        User,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), null=True, blank=True, on_delete=models.CASCADE
    )
    # Either a subject written by the sender, or a template rendered in each reader's language.
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    template = models.CharField(_("template"), max_length=40, blank=True)
    params = models.JSONField(_("template values"), default=dict, blank=True)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    audience = models.JSONField(_("audience"), default=dict)
    channels = models.JSONField(_("channels"), default=list)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=100, null=True, blank=True, unique=True
    )
    fan_out_state = models.CharField(
        _("sending"), max_length=10, choices=FanOutState.choices, default=FanOutState.PENDING
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # Last sign of life of a running fan-out; a stale one is started again (see tasks).
    fan_out_heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.subject or self.template

    def subject_text(self) -> str:
        """The subject in the active language."""
        from digicampus.messaging.texts import render_subject

        return render_subject(self)


class Delivery(models.Model):
    """A notification for one recipient on one channel; unique, so a retried fan-out never
    creates a second one and a retried send never sends twice."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "recipient", "channel"], name="messaging_delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "-notification"]),
            models.Index(fields=["state", "channel"]),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.recipient_id} ({self.channel})"


class ChannelPreference(models.Model):
    """How a person wants to be reached besides the app, and when SMS must wait."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="channel_preference"
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)
    quiet_from = models.TimeField(_("no SMS from"), null=True, blank=True)
    quiet_until = models.TimeField(_("no SMS until"), null=True, blank=True)

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class Announcement(TimeStampedModel):
    """A notice from the bureau, a school or a teacher to a chosen audience, optionally to be
    confirmed by each recipient."""

    author = models.ForeignKey(
        User, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), null=True, blank=True, on_delete=models.CASCADE
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    classrooms = models.ManyToManyField(Classroom, verbose_name=_("classes"), blank=True)
    schools = models.ManyToManyField(
        School, verbose_name=_("schools"), blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    confirmation = models.CharField(
        _("confirmation"), max_length=10, choices=Confirmation.choices, default=Confirmation.NONE
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    attachments = models.ManyToManyField(StoredFile, verbose_name=_("attachments"), blank=True)
    notification = models.OneToOneField(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcement",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="messaging_announcement_owner",
                condition=models.Q(school__isnull=False) | models.Q(bureau__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("messaging:announcement_detail", args=[self.pk])


class AnnouncementConfirmation(models.Model):
    """A recipient's confirmation of an announcement, with a typed signature when required."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE)
    signature = models.CharField(_("signature"), max_length=150, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="messaging_confirm_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id}: {self.user_id}"


class ContactEntry(TimeStampedModel):
    """A contact-book entry by a teacher about one student, or for a whole class."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE)
    classroom = models.ForeignKey(
        Classroom,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="contact_entries",
    )
    student = models.ForeignKey(
        User,
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_entries",
    )
    author = models.ForeignKey(
        User, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    body = models.TextField(_("text"))
    notification = models.OneToOneField(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_entry",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("contact-book entry")
        verbose_name_plural = _("contact-book entries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["student", "-created_at"])]

    def __str__(self) -> str:
        return self.body[:50]

    def get_absolute_url(self) -> str:
        return reverse("messaging:entry_detail", args=[self.pk])


class ContactReply(TimeStampedModel):
    """A reply in the thread of a contact-book entry, by a parent or a teacher."""

    entry = models.ForeignKey(
        ContactEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.CASCADE)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:50]


class ConversationPolicy(models.Model):
    """A school's messaging rules that senders cannot bypass: which teachers parents may
    write to and at what hours, and whether results and discipline stay private to each
    family."""

    school = models.OneToOneField(
        School,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="conversation_policy",
    )
    homeroom_only = models.BooleanField(
        _("parents write only to the homeroom teacher"), default=False
    )
    hours_from = models.TimeField(_("parents may write from"), default=time(7, 0))
    hours_until = models.TimeField(_("parents may write until"), default=time(20, 0))
    private_results = models.BooleanField(
        _("results and discipline only to each family, never to a whole class"), default=True
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("conversation rules")
        verbose_name_plural = _("conversation rules")

    def __str__(self) -> str:
        return str(self.school)


class Conversation(TimeStampedModel):
    """Direct messages between a parent and a teacher about one child."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE)
    parent = models.ForeignKey(
        User, verbose_name=_("parent"), on_delete=models.CASCADE, related_name="+"
    )
    teacher = models.ForeignKey(
        User, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="+"
    )
    student = models.ForeignKey(
        User, verbose_name=_("student"), on_delete=models.CASCADE, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "teacher", "student"], name="messaging_conversation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} ↔ {self.teacher_id}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation_detail", args=[self.pk])


class ConversationMessage(ModeratedContent, TimeStampedModel):
    """One message of a conversation; screening may hold it until the school's team looks."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.CASCADE)
    body = models.TextField(_("text"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:50]

    @property
    def school(self) -> School:
        return self.conversation.school

    def get_absolute_url(self) -> str:
        return self.conversation.get_absolute_url()

    def moderation_text(self) -> str:
        return self.body

    def moderation_changed(self, previous: str) -> None:
        from digicampus.messaging.services import conversation_message_published

        if previous == Moderation.HELD and self.is_published:
            conversation_message_published(self)
