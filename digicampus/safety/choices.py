from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportCategory(models.TextChoices):
    """Why a person reports something; screening adds its own categories to cases."""

    HARMFUL = "harmful", _("Harmful information")
    FAKE_NEWS = "fake_news", _("Fake news")
    SCAM = "scam", _("Scam or fraud")
    BULLYING = "bullying", _("Bullying")
    PERSONAL_DATA = "personal_data", _("Personal data exposed")
    IMPERSONATION = "impersonation", _("Impersonation")
    OTHER = "other", _("Other")


class ScreeningCategory(models.TextChoices):
    """What screening looks for, besides personal data (a report reason too)."""

    INSULT = "insult", _("Insult or swearing")
    HATE = "hate", _("Hate speech")
    SEXUAL = "sexual", _("Sexual content")
    SELF_HARM = "self_harm", _("Self-harm")
    VIOLENCE = "violence", _("Violence or threats")
    DRUGS = "drugs", _("Drugs")
    GAMBLING = "gambling", _("Gambling")


# What a case is about: a reporter's reason or a screening category.
CASE_CATEGORIES = [*ReportCategory.choices, *ScreeningCategory.choices]


class CaseSource(models.TextChoices):
    SCREENING = "screening", _("Automatic screening")
    REPORT = "report", _("Report")


class CaseState(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACTIONED = "actioned", _("Action taken")
    DISMISSED = "dismissed", _("Dismissed")
    ESCALATED = "escalated", _("Escalated")
    APPEALED = "appealed", _("Appealed")
    CLOSED = "closed", _("Closed")


# Cases the team still has to decide.
OPEN_STATES = (CaseState.NEW, CaseState.IN_REVIEW, CaseState.ESCALATED, CaseState.APPEALED)


class CaseAction(models.TextChoices):
    HIDE = "hide", _("Hide")
    DELETE = "delete", _("Delete")
    WARN = "warn", _("Warn the author")
    SUSPEND = "suspend", _("Suspend posting")
    RESTORE = "restore", _("Restore")
    DISMISS = "dismiss", _("Dismiss (nothing wrong)")


class Moderation(models.TextChoices):
    """Where a piece of user content stands."""

    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


class AbuseSeverity(models.TextChoices):
    SERIOUS = "serious", _("A child is at serious risk now")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AbuseWhere(models.TextChoices):
    ON_PLATFORM = "on_platform", _("On DigiCampus")
    ONLINE = "online", _("Elsewhere online")
    OFFLINE = "offline", _("Offline")


class AbuseState(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ESCALATED = "escalated", _("Escalated to the bureau")
    REFERRED = "referred", _("Referred to the authorities")
    CLOSED = "closed", _("Closed")


ABUSE_OPEN_STATES = (AbuseState.NEW, AbuseState.IN_REVIEW, AbuseState.ESCALATED)


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    PETITION = "petition", _("Petition")


class FeedbackState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Passed to the person responsible")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


FEEDBACK_OPEN_STATES = (FeedbackState.RECEIVED, FeedbackState.ROUTED)
