"""Safe cyberspace: the code of conduct, moderation cases and the reports behind them, abuse
reports, feedback and petitions, the collaborator team, and the bureau's safety settings.

Any app's user content takes part in moderation by inheriting `ModeratedContent`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from digicampus.core.models import ScopedManager, TimeStampedModel
from digicampus.org.models import Bureau, Classroom, School
from digicampus.safety.choices import (
    CASE_CATEGORIES,
    FEEDBACK_OPEN_STATES,
    OPEN_STATES,
    AbuseSeverity,
    AbuseState,
    AbuseWhere,
    CaseAction,
    CaseSource,
    CaseState,
    FeedbackKind,
    FeedbackState,
    Moderation,
    ReportCategory,
)

USER = settings.AUTH_USER_MODEL


class ModeratedContent(models.Model):
    """Mixin for any model of user content (forum posts, space posts, messages...).

    A subclass has an `author` (user) and a `school`, and implements `moderation_text()` and
    `get_absolute_url()`. It may override `moderation_changed(previous)`, called after every
    change of state by the safety team or by screening, e.g. to send what publication normally
    sends once held content is published, or to recount what its container shows. Pages show
    published content to everyone allowed, and the rest only to its author, with
    `moderation_reason`."""

    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.PUBLISHED,
        db_index=True,
    )
    moderation_reason = models.TextField(_("reason given to the author"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.moderation == Moderation.PUBLISHED

    @property
    def moderation_label(self) -> str:
        return self._meta.label_lower

    def moderation_text(self) -> str:
        raise NotImplementedError

    def moderation_changed(self, previous: str) -> None:
        """Hook: the state has just changed from `previous` to `self.moderation`."""


class SafetySettings(models.Model):
    """A bureau's choices: deadlines, thresholds, its screening lists and the helpline."""

    bureau = models.OneToOneField(
        Bureau, verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="safety_settings"
    )
    case_deadline_hours = models.PositiveIntegerField(
        _("hours to decide a moderation case"), default=24
    )
    abuse_serious_hours = models.PositiveIntegerField(
        _("hours before escalation, child at serious risk"), default=12
    )
    abuse_other_hours = models.PositiveIntegerField(
        _("hours before escalation, other abuse reports"), default=48
    )
    feedback_days = models.PositiveIntegerField(_("days to answer feedback"), default=7)
    auto_hide_reporters = models.PositiveIntegerField(
        _("distinct reporters that hide content until review"), default=3
    )
    helpline = models.CharField(
        _("child helpline"),
        max_length=120,
        default="111",
        help_text=_("Shown to everyone who reports abuse."),
    )
    screening_additions = models.TextField(
        _("extra screening terms"),
        blank=True,
        help_text=_("One per line: category, severity 1–3 and the term, separated by commas."),
    )
    screening_allow = models.TextField(
        _("harmless phrases"),
        blank=True,
        help_text=_("One per line: phrases that screening must never flag."),
    )
    screening_decisions = models.TextField(
        _("decision per category"),
        blank=True,
        help_text=_(
            "One per line: a category and publish, hold or block, e.g. “gambling: block”. "
            "Self-harm is always held for a person to read."
        ),
    )
    hold_at = models.PositiveSmallIntegerField(_("hold for review from severity"), default=1)
    block_at = models.PositiveSmallIntegerField(_("block from severity"), default=3)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self) -> str:
        return str(self.bureau)


class CodeOfConduct(TimeStampedModel):
    """One published version of a bureau's code of conduct, in the three languages."""

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="codes"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body_vi = models.TextField(_("text in Vietnamese"))
    body_zh_hans = models.TextField(_("text in Chinese"))
    body_en = models.TextField(_("text in English"))
    published_by = models.ForeignKey(
        USER, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["bureau", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "version"], name="conduct_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def body(self) -> str:
        """The text in the reader's language, Vietnamese when it has none."""
        language = (get_language() or "vi").lower()
        if language.startswith("zh"):
            return self.body_zh_hans
        if language.startswith("en"):
            return self.body_en
        return self.body_vi


class SchoolSafety(models.Model):
    """A school's own additions: rules on top of the bureau's code, and its team's rules."""

    school = models.OneToOneField(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="safety"
    )
    conduct_rules = models.TextField(_("the school's own rules"), blank=True)
    conduct_revision = models.PositiveIntegerField(_("revision of the school's rules"), default=0)
    team_rules = models.TextField(_("working rules of the collaborator team"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("school safety page")
        verbose_name_plural = _("school safety pages")

    def __str__(self) -> str:
        return str(self.school)


class ConductAcceptance(models.Model):
    """A user accepted a version of the code together with a revision of a school's rules."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="conduct_acceptances")
    code = models.ForeignKey(CodeOfConduct, on_delete=models.CASCADE, related_name="acceptances")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    school_revision = models.PositiveIntegerField(default=0)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("acceptance of the code of conduct")
        verbose_name_plural = _("acceptances of the code of conduct")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "code", "school", "school_revision"], name="conduct_accept_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.code_id}"


class TeamMember(TimeStampedModel):
    """A member of a school's collaborator team and the duties given to them."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="team_members"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("member"), on_delete=models.CASCADE, related_name="team_memberships"
    )
    duty = models.CharField(_("duties"), max_length=300, blank=True)
    handles_abuse = models.BooleanField(
        _("handles abuse reports"),
        default=False,
        help_text=_("Sees abuse reports and who sent them. Staff only."),
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["school", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["school", "user"], name="team_member_once")]

    def __str__(self) -> str:
        return str(self.user)


class Case(TimeStampedModel):
    """One thing the school's team must decide about: a piece of content held by screening or
    reported (all reports of the same content merge here), or something seen elsewhere."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="cases"
    )
    source = models.CharField(_("source"), max_length=10, choices=CaseSource.choices)
    category = models.CharField(_("category"), max_length=20, choices=CASE_CATEGORIES)
    categories = models.JSONField(_("screening categories"), default=list, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), default=0)
    content_label = models.CharField(_("content kind"), max_length=60, blank=True)
    content_id = models.PositiveBigIntegerField(_("content id"), null=True, blank=True)
    author = models.ForeignKey(
        USER,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_cases",
    )
    excerpt = models.TextField(_("content"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CaseState.choices, default=CaseState.NEW
    )
    assignee = models.ForeignKey(
        USER,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    due_at = models.DateTimeField(_("decide by"))
    reporter_count = models.PositiveIntegerField(_("distinct reporters"), default=0)
    action = models.CharField(_("action"), max_length=10, choices=CaseAction.choices, blank=True)
    reason = models.TextField(_("reason the author sees"), blank=True)
    resolution = models.TextField(_("answer to the reporters"), blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    appeal_text = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_answer = models.TextField(_("answer to the appeal"), blank=True)
    appeal_decided_by = models.ForeignKey(
        USER,
        verbose_name=_("second reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "state", "due_at"]),
            models.Index(fields=["content_label", "content_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("safety:case_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.state in OPEN_STATES and self.due_at < timezone.now()

    @property
    def category_labels(self) -> list[str]:
        """What screening found, in the reader's language."""
        labels = dict(CASE_CATEGORIES)
        return [str(labels.get(code, code)) for code in self.categories]


class Report(TimeStampedModel):
    """A person's report: about content on the platform, or something received or seen
    elsewhere, such as a suspicious message a parent got. It joins a case; who sent it is
    shown to the school's team only, never to the author of the content."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="reports"
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        USER,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    category = models.CharField(_("reason"), max_length=20, choices=ReportCategory.choices)
    text = models.TextField(_("what was received or seen"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("safety:report_detail", args=[self.pk])


class PostingSuspension(TimeStampedModel):
    """A user may not post in a school until a time, after a moderation decision."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE)
    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="suspensions"
    )
    until = models.DateTimeField(_("until"))
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("posting suspension")
        verbose_name_plural = _("posting suspensions")
        indexes = [models.Index(fields=["user", "school", "until"])]


class AbuseReport(TimeStampedModel):
    """A report that a child is being abused or bullied, on the platform or elsewhere.

    Confidential: the reporter is known only to the designated handlers (the school's
    admins, team members who handle abuse, and the bureau once escalated)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="abuse_reports"
    )
    reporter = models.ForeignKey(
        USER,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="abuse_reports",
    )
    child = models.ForeignKey(
        USER,
        verbose_name=_("child"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    child_name = models.CharField(_("child's name"), max_length=200, blank=True)
    classroom = models.ForeignKey(
        Classroom, verbose_name=_("class"), null=True, blank=True, on_delete=models.SET_NULL
    )
    severity = models.CharField(_("how serious"), max_length=10, choices=AbuseSeverity.choices)
    where = models.CharField(_("where it happens"), max_length=12, choices=AbuseWhere.choices)
    description = models.TextField(_("what happened"))
    evidence = models.ManyToManyField("library.StoredFile", verbose_name=_("evidence"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=AbuseState.choices, default=AbuseState.NEW
    )
    due_at = models.DateTimeField(_("escalate after"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    handler = models.ForeignKey(
        USER,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("answer to the reporter"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{_('Abuse report')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("safety:abuse_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.state == AbuseState.NEW and self.due_at < timezone.now()


class Feedback(TimeStampedModel):
    """Feedback or a petition from a student or parent to the school, with its answer."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="feedback"
    )
    sender = models.ForeignKey(
        USER,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="feedback_sent",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FeedbackKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("details"))
    state = models.CharField(
        _("state"), max_length=10, choices=FeedbackState.choices, default=FeedbackState.RECEIVED
    )
    assignee = models.ForeignKey(
        USER,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_assigned",
    )
    due_at = models.DateTimeField(_("answer by"))
    reply = models.TextField(_("answer"), blank=True)
    replied_by = models.ForeignKey(
        USER,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("feedback or petition")
        verbose_name_plural = _("feedback and petitions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "state", "due_at"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("safety:feedback_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.state in FEEDBACK_OPEN_STATES and self.due_at < timezone.now()
