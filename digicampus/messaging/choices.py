from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class NotificationKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    CONTACT_BOOK = "contact_book", _("Contact book")
    REPLY = "reply", _("Reply")
    REMINDER = "reminder", _("Reminder")
    SYSTEM = "system", _("System")


class FanOutState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Sending")
    DONE = "done", _("Sent")


class Confirmation(models.TextChoices):
    NONE = "none", _("No confirmation")
    CLICK = "click", _("Confirm with a click")
    SIGNATURE = "signature", _("Confirm with a typed signature")


class Audience(models.TextChoices):
    """Who an announcement goes to; which ones a sender may pick depends on their role."""

    SCHOOL_PARENTS = "school_parents", _("All parents of the school")
    SCHOOL_STAFF = "school_staff", _("All staff of the school")
    GRADE_PARENTS = "grade_parents", _("Parents of chosen grades")
    CLASS_PARENTS = "class_parents", _("Parents of chosen classes")
    DISTRICT_PARENTS = "district_parents", _("All parents of chosen schools")
    DISTRICT_STAFF = "district_staff", _("All staff of chosen schools")


class EntryKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    ATTENDANCE = "attendance", _("Attendance")
    RESULT = "result", _("Result")
    REWARD = "reward", _("Reward")
    DISCIPLINE = "discipline", _("Discipline")


# Kinds that may only go to one family, never to a whole class.
PRIVATE_ENTRY_KINDS = (EntryKind.RESULT, EntryKind.DISCIPLINE)
MAX_ATTEMPTS = 5
# States in which a message has left for its recipient (sent, or confirmed by the provider).
OUT_STATES = ("sent", "delivered")
FAN_OUT_BATCH = 2000  # overridden by settings.MESSAGING_FAN_OUT_BATCH
