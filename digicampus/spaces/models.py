"""Learning spaces (không gian học tập / 网络学习空间).

Every teacher, student and school administrator has one personal space, and every class,
subject group and interest group of a school has a theme space. A space has a feed of posts
(the activity log, and a student's own work), a guestbook, and, by kind, a teacher's courses,
a student's collected resources and homework, or an administrator's service guide. Discussion
inside a theme space is the forum's: the class board and a group's board are `portal.Board`
rows (see docs/decisions/0015)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digicampus.core.models import ScopedManager, TimeStampedModel
from digicampus.library.models import StoredFile
from digicampus.org.models import Classroom, School, SubjectGroup
from digicampus.safety.models import ModeratedContent
from digicampus.spaces.choices import (
    GroupKind,
    PostKind,
    SlotKind,
    SpaceKind,
    SpaceRole,
    SpaceState,
)

USER = settings.AUTH_USER_MODEL


class Space(ModeratedContent, TimeStampedModel):
    """A personal space (one person, one space) or a theme space (a class, a subject group or
    an interest group). Personal spaces carry a teacher's profile and an administrator's
    service guide; `layout` is the ordered list of sections the page shows. A sealed space is
    read-only and seen only by its owner and the school's admins; a closed one was emptied
    after export. `last_activity_at` moves when the owner posts or uploads.

    The space's own texts (name, description, profile, personal section, service guide) are
    user content: screened when saved; while they are not published, others see the space
    without them."""

    kind = models.CharField(_("kind"), max_length=16, choices=SpaceKind.choices)
    role = models.CharField(_("owner's role"), max_length=10, choices=SpaceRole.choices, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SpaceState.choices, default=SpaceState.ACTIVE
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="spaces"
    )
    owner = models.OneToOneField(
        USER,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="space",
    )
    classroom = models.OneToOneField(
        Classroom,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="space",
    )
    subject_group = models.OneToOneField(
        SubjectGroup,
        verbose_name=_("subject group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="space",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    group_kind = models.CharField(
        _("kind of group"), max_length=10, choices=GroupKind.choices, blank=True
    )
    moderator = models.ForeignKey(
        USER,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_spaces",
    )
    open_to_join = models.BooleanField(_("students may join by themselves"), default=True)
    photo = models.ForeignKey(
        StoredFile,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graduated_from = models.CharField(_("school graduated from"), max_length=200, blank=True)
    major = models.CharField(_("major"), max_length=200, blank=True)
    subjects_taught = models.CharField(_("subjects taught"), max_length=200, blank=True)
    positions = models.CharField(_("positions"), max_length=200, blank=True)
    career = models.TextField(_("career"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    personal_title = models.CharField(
        _("title of the personal section"), max_length=100, blank=True
    )
    personal_body = models.TextField(_("personal section"), blank=True)
    service_guide = models.TextField(
        _("service guide"),
        blank=True,
        help_text=_("The duties of the role and the links to its procedures, one per line."),
    )
    layout = models.JSONField(_("sections"), default=list, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["school", "kind", "name"]
        indexes = [
            models.Index(fields=["school", "kind", "role", "last_activity_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="spaces_space_target",
                condition=(
                    models.Q(
                        kind="personal",
                        owner__isnull=False,
                        classroom__isnull=True,
                        subject_group__isnull=True,
                    )
                    | models.Q(
                        kind="class",
                        owner__isnull=True,
                        classroom__isnull=False,
                        subject_group__isnull=True,
                    )
                    | models.Q(
                        kind="subject_group",
                        owner__isnull=True,
                        classroom__isnull=True,
                        subject_group__isnull=False,
                    )
                    | models.Q(
                        kind="group",
                        owner__isnull=True,
                        classroom__isnull=True,
                        subject_group__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        if self.kind == SpaceKind.PERSONAL and self.owner_id:
            return self.owner.full_name
        if self.kind == SpaceKind.CLASS and self.classroom_id:
            return self.name or str(self.classroom)
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:space_detail", args=[self.pk])

    @property
    def is_personal(self) -> bool:
        return self.kind == SpaceKind.PERSONAL

    @property
    def author_id(self) -> int | None:
        """Who answers for the space's texts: its owner, or a group's moderator."""
        return self.owner_id or self.moderator_id

    def moderation_text(self) -> str:
        fields = (
            "name",
            "description",
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
        return "\n".join(v for v in (getattr(self, f) for f in fields) if v)

    @property
    def is_active(self) -> bool:
        return self.state == SpaceState.ACTIVE


class SpaceMember(models.Model):
    """A member of an interest group: joined by themselves, or added by its moderator."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="space_memberships"
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="spaces_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.space_id}"


class SpacePost(ModeratedContent):
    """An item of a space's feed: an activity-log entry (nhật ký hoạt động / 个人动态) or a
    piece of the owner's work, with an optional file. Screened when written; supervisors hide
    one with a reason its author sees."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PostKind.choices, default="note")
    body = models.TextField(_("text"))
    attachment = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("space post")
        verbose_name_plural = _("space posts")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["space", "-created_at", "-id"]),
            # Counts a reader's feed from the index alone (published posts and their own).
            models.Index(fields=["space", "moderation", "author"], name="spaces_post_feed_count"),
        ]

    def __str__(self) -> str:
        return self.body[:50]

    def get_absolute_url(self) -> str:
        return f"{self.space.get_absolute_url()}#post-{self.pk}"

    @property
    def school(self) -> School:
        """The space's school, whose safety team moderates the post."""
        return self.space.school

    def moderation_text(self) -> str:
        return self.body


class GuestbookEntry(ModeratedContent):
    """A note left in a space's guestbook (sổ lưu bút / 留言板), e.g. by a teacher visiting a
    student's space."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="guestbook"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("guestbook entry")
        verbose_name_plural = _("guestbook entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["space", "-created_at", "-id"])]

    def __str__(self) -> str:
        return self.body[:50]

    def get_absolute_url(self) -> str:
        return f"{self.space.get_absolute_url()}#guestbook-{self.pk}"

    @property
    def school(self) -> School:
        return self.space.school

    def moderation_text(self) -> str:
        return self.body


class CollectedItem(ModeratedContent):
    """A resource a student keeps in their space: an uploaded file or a link, with a note
    (screened like any text others read)."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="collection"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("collected resource")
        verbose_name_plural = _("collected resources")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.space.get_absolute_url()

    @property
    def school(self) -> School:
        return self.space.school

    @property
    def author_id(self) -> int | None:
        return self.space.owner_id

    def moderation_text(self) -> str:
        return "\n".join(v for v in (self.title, self.note, self.link) if v)


class Course(ModeratedContent, TimeStampedModel):
    """A course (khoá học / 课程) a teacher builds in their space for one or more classes, made
    of units. Its title and description are screened when saved."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="courses"
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="courses"
    )
    teacher = models.ForeignKey(
        USER, verbose_name=_("teacher"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    classrooms = models.ManyToManyField(
        Classroom, verbose_name=_("classes"), blank=True, related_name="courses"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spaces:course_detail", args=[self.pk])

    @property
    def author_id(self) -> int | None:
        return self.teacher_id

    def moderation_text(self) -> str:
        return "\n".join(v for v in (self.title, self.subject, self.description) if v)


class Unit(ModeratedContent):
    """A unit (bài / 单元) of a course; complete when every standard slot holds a resource.
    Its title and summary are screened when saved."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="units"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["course", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spaces:unit_detail", args=[self.pk])

    @property
    def school(self) -> School:
        return self.course.school

    @property
    def author_id(self) -> int | None:
        return self.course.teacher_id

    def moderation_text(self) -> str:
        return "\n".join(v for v in (self.title, self.summary) if v)


class UnitResource(models.Model):
    """A resource in one of a unit's standard slots: a file stored through the library's
    upload service, or a link (e.g. a lesson video)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="resources"
    )
    slot = models.CharField(_("slot"), max_length=12, choices=SlotKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("link"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("unit resource")
        verbose_name_plural = _("unit resources")
        ordering = ["unit", "slot", "pk"]
        indexes = [models.Index(fields=["unit", "slot"])]

    def __str__(self) -> str:
        return self.title


class Assignment(TimeStampedModel):
    """Homework (bài tập về nhà / 作业) a teacher sets for a class, with instructions, files
    and a due time."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="assignments"
    )
    classroom = models.ForeignKey(
        Classroom, verbose_name=_("class"), on_delete=models.CASCADE, related_name="assignments"
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    teacher = models.ForeignKey(
        USER, verbose_name=_("teacher"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"))
    files = models.ManyToManyField(
        StoredFile, verbose_name=_("files"), blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("due"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ["-due_at", "-pk"]
        indexes = [
            models.Index(fields=["classroom", "-due_at"]),
            models.Index(fields=["school", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spaces:assignment_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return timezone.now() > self.due_at


class Submission(models.Model):
    """A student's submission (bài nộp / 提交) of homework; late when handed in after the due
    time. The score and comment are seen by the student and their parents once graded."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="submissions"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("homework"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    student = models.ForeignKey(
        USER, verbose_name=_("student"), on_delete=models.CASCADE, related_name="submissions"
    )
    text = models.TextField(_("answer"), blank=True)
    files = models.ManyToManyField(
        StoredFile, verbose_name=_("files"), blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("teacher's comment"), blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    graded_by = models.ForeignKey(
        USER,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment", "student"]
        indexes = [
            models.Index(fields=["student", "-submitted_at"]),
            models.Index(fields=["school", "graded_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="spaces_submission_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.student_id}"

    def get_absolute_url(self) -> str:
        return reverse("spaces:submission_detail", args=[self.pk])

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None
