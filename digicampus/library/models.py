"""Files stored through the one upload service, and the resource and photo libraries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.core.models import ScopedManager, ScopedQuerySet, TimeStampedModel
from digicampus.core.permissions import visible_q
from digicampus.library.choices import (
    GRADES,
    FileKind,
    Licence,
    ResourceLanguage,
    ResourceType,
    ReviewDecision,
    ReviewLevel,
    ReviewState,
    ShareScope,
    Subject,
    UploadState,
)
from digicampus.org.models import Bureau, School
from digicampus.safety.choices import Moderation
from digicampus.safety.models import ModeratedContent


def public_resource_q(prefix: str = "") -> models.Q:
    """Resources anyone may read, signed in or not: public, approved and published."""
    return models.Q(
        **{
            f"{prefix}scope": ShareScope.PUBLIC,
            f"{prefix}review_state": ReviewState.APPROVED,
            f"{prefix}moderation": Moderation.PUBLISHED,
        }
    )


def public_album_q(prefix: str = "") -> models.Q:
    """Albums anyone may see: public and published."""
    return models.Q(
        **{f"{prefix}scope": ShareScope.PUBLIC, f"{prefix}moderation": Moderation.PUBLISHED}
    )


def photo_leaves_school_q(prefix: str = "") -> models.Q:
    """Photos that may be shown outside their school: no students, or consent recorded."""
    return models.Q(**{f"{prefix}shows_students": False}) | models.Q(
        **{f"{prefix}consent_recorded": True}
    )


class PublicScopedQuerySet(ScopedQuerySet):
    """`visible_to` adds the rows anyone may read, also without signing in."""

    def public_q(self) -> models.Q:
        raise NotImplementedError

    def visible_to(self, user: Any) -> ScopedQuerySet:
        return self.filter(visible_q(self.model, user) | self.public_q())


class ResourceQuerySet(PublicScopedQuerySet):
    def public_q(self) -> models.Q:
        return public_resource_q()


class VersionQuerySet(PublicScopedQuerySet):
    def public_q(self) -> models.Q:
        return public_resource_q("resource__")


class AlbumQuerySet(PublicScopedQuerySet):
    def public_q(self) -> models.Q:
        return public_album_q()


class PhotoQuerySet(PublicScopedQuerySet):
    def public_q(self) -> models.Q:
        return public_album_q("album__") & photo_leaves_school_q()


class StoredFile(TimeStampedModel):
    """A file checked by content and stored through `STORAGES`; other models point to it and
    decide who may download it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), upload_to="files/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("checksum"), max_length=64)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "size"], name="library_file_owner_size"),
            models.Index(fields=["school", "size"], name="library_file_school_size"),
        ]

    def __str__(self) -> str:
        return self.original_name


class UploadSession(TimeStampedModel):
    """A large file received in chunks (a lesson video over a weak connection): the chunks are
    appended to a temporary file at the offset the client states, and the whole is checked and
    stored by `file_store` once complete."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE
    )
    file_name = models.CharField(_("file name"), max_length=255)
    total_size = models.PositiveBigIntegerField(_("total size"))
    received = models.PositiveBigIntegerField(_("received"), default=0)
    temp_path = models.CharField(_("temporary file"), max_length=500)
    state = models.CharField(
        _("state"), max_length=10, choices=UploadState.choices, default=UploadState.OPEN
    )
    stored = models.ForeignKey(
        StoredFile, verbose_name=_("stored file"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("upload in progress")
        verbose_name_plural = _("uploads in progress")

    def __str__(self) -> str:
        return self.file_name


class TextbookSeries(TimeStampedModel):
    """A textbook series of one subject and grade, in the bureau's catalogue."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("bureau"), on_delete=models.CASCADE)
    name = models.CharField(_("textbook series"), max_length=200)
    subject = models.CharField(
        pgettext_lazy("school subject", "subject"), max_length=20, choices=Subject.choices
    )
    grade = models.PositiveSmallIntegerField(pgettext_lazy("school level", "grade"), choices=GRADES)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("textbook series")
        verbose_name_plural = _("textbook series")
        ordering = ["subject", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "name", "subject", "grade"], name="library_series_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_subject_display()} {self.grade}"


class Chapter(TimeStampedModel):
    """A chapter (or unit) of a textbook series; resources are filed under it."""

    series = models.ForeignKey(
        TextbookSeries,
        verbose_name=_("textbook series"),
        on_delete=models.CASCADE,
        related_name="chapters",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="library_chapter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Resource(ModeratedContent, TimeStampedModel):
    """A teaching resource of a school, shared as far as its review allows. Its file is the
    current version; earlier versions are kept."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="library_resources",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices)
    subject = models.CharField(
        pgettext_lazy("school subject", "subject"), max_length=20, choices=Subject.choices
    )
    grade = models.PositiveSmallIntegerField(
        pgettext_lazy("school level", "grade"), choices=GRADES, null=True, blank=True
    )
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), null=True, blank=True, on_delete=models.SET_NULL
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=ResourceLanguage.choices,
        default=ResourceLanguage.VIETNAMESE,
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    credit = models.CharField(
        _("author"),
        max_length=200,
        blank=True,
        help_text=_("Who made it, when it is not the person uploading it."),
    )
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    scope = models.CharField(
        _("shared with"), max_length=10, choices=ShareScope.choices, default=ShareScope.SCHOOL
    )
    review_state = models.CharField(
        _("review"), max_length=12, choices=ReviewState.choices, default=ReviewState.NOT_NEEDED
    )
    current_version = models.ForeignKey(
        "ResourceVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField(_("featured"), default=False)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    rating_total = models.PositiveIntegerField(_("sum of ratings"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    objects = models.Manager.from_queryset(ResourceQuerySet)()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "resource_type", "created_at"]),
            models.Index(fields=["scope", "review_state"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource_detail", args=[self.pk])

    def moderation_text(self) -> str:
        return "\n".join(filter(None, [self.title, self.description, self.tags]))

    def moderation_changed(self, previous: str) -> None:
        from digicampus.library.search import resource_reindex

        resource_reindex(self)

    @property
    def rating(self) -> float | None:
        return round(self.rating_total / self.rating_count, 1) if self.rating_count else None

    @property
    def shared_beyond_school(self) -> bool:
        return (
            self.scope in (ShareScope.DISTRICT, ShareScope.PUBLIC)
            and self.review_state == ReviewState.APPROVED
            and self.is_published
        )


class ResourceVersion(TimeStampedModel):
    """One uploaded file of a resource; a new upload adds a version and keeps the old one."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT)
    preview = models.ForeignKey(
        StoredFile,
        verbose_name=_("preview"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = models.Manager.from_queryset(VersionQuerySet)()

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="library_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"


class ReviewStep(TimeStampedModel):
    """One decision of a school or bureau reviewer on a resource shared beyond its school."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="reviews"
    )
    level = models.CharField(
        pgettext_lazy("review", "level"), max_length=10, choices=ReviewLevel.choices
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["resource", "created_at"]

    def __str__(self) -> str:
        return f"{self.resource} · {self.get_decision_display()}"


class Rating(TimeStampedModel):
    """One user's stars (1 to 5) for a resource; a second rating replaces the first."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="ratings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="library_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="library_rating_stars"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} · {self.stars}"


class Quota(TimeStampedModel):
    """How many resources of one type each school must contribute in a school year."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("bureau"), on_delete=models.CASCADE)
    year_name = models.CharField(_("school year"), max_length=32)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices)
    target = models.PositiveIntegerField(_("number per school"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("upload quota")
        verbose_name_plural = _("upload quotas")
        ordering = ["-starts_on", "resource_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "year_name", "resource_type"], name="library_quota_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="library_quota_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_name} · {self.get_resource_type_display()}: {self.target}"


class Album(ModeratedContent, TimeStampedModel):
    """Photos of one event of a school's life."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="library_albums",
    )
    title = models.CharField(_("title"), max_length=200)
    event = models.CharField(_("event"), max_length=200, blank=True)
    event_date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    scope = models.CharField(
        _("shared with"), max_length=10, choices=ShareScope.choices, default=ShareScope.SCHOOL
    )

    objects = models.Manager.from_queryset(AlbumQuerySet)()

    class Meta:
        verbose_name = _("album")
        verbose_name_plural = _("albums")
        ordering = ["-event_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:album_detail", args=[self.pk])

    def moderation_text(self) -> str:
        return "\n".join(filter(None, [self.title, self.event, self.description]))


class Photo(TimeStampedModel):
    """A photo of an album. A photo showing students leaves the school only with consent."""

    album = models.ForeignKey(
        Album, verbose_name=_("album"), on_delete=models.CASCADE, related_name="photos"
    )
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE)
    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT)
    thumbnail = models.ForeignKey(
        StoredFile,
        verbose_name=_("thumbnail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    shows_students = models.BooleanField(_("shows students"), default=True)
    consent_recorded = models.BooleanField(_("consent recorded"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = models.Manager.from_queryset(PhotoQuerySet)()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["album", "taken_on", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.file)

    @property
    def may_leave_school(self) -> bool:
        return not self.shows_students or self.consent_recorded
