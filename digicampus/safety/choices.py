from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportCategory(models.TextChoices):
    HARMFUL = "harmful", _("Harmful information")
    FAKE_NEWS = "fake_news", _("Fake news")
    SCAM = "scam", _("Scam or fraud")
    BULLYING = "bullying", _("Bullying")
    PERSONAL_DATA = "personal_data", _("Personal data exposed")
    IMPERSONATION = "impersonation", _("Impersonation")
    OTHER = "other", _("Other")


class ReportState(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACTIONED = "actioned", _("Action taken")
    DISMISSED = "dismissed", _("Dismissed")


OPEN_STATES = (ReportState.NEW, ReportState.IN_REVIEW)
