"""Real-name accounts, scoped role memberships, parent–child links, API tokens and imports."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digicampus.accounts.choices import MINOR_AGE, ImportKind, ImportStatus, Language, Role
from digicampus.core.models import ScopedManager, ScopedQuerySet, TimeStampedModel
from digicampus.org.models import Bureau, Classroom, School, SubjectGroup


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Creates users keyed by their education ID."""

    use_in_migrations = True

    def create_user(self, education_id: str, password: str | None = None, **fields: object):
        if not education_id:
            raise ValueError("education_id is required")
        user = self.model(education_id=education_id, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, education_id: str, password: str | None = None, **fields: object):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(education_id, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A real-name account identified by a unique education ID."""

    education_id = models.CharField(_("education ID"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True, null=True, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, null=True, unique=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.VIETNAMESE
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Bumped when the account's roles, homeroom classes or children change (see
    # core.permissions.scope_changed); part of the key of its cached scope.
    scope_version = models.PositiveIntegerField(_("scope version"), default=0, editable=False)
    # A one-time sign-in code for imported accounts (random, so a fast digest is enough).
    activation_digest = models.CharField(_("activation code"), max_length=64, blank=True)
    activation_expires_at = models.DateTimeField(
        _("activation code expires"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "education_id"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["last_login"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.education_id})"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_minor(self) -> bool:
        """Whether the account holder is under 18 today."""
        if self.date_of_birth is None:
            return False
        today = timezone.localdate()
        born = self.date_of_birth
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return age < MINOR_AGE


class Membership(TimeStampedModel):
    """A role held on one scope: a bureau, a school, a class or a subject group."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), null=True, blank=True, on_delete=models.CASCADE
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    classroom = models.ForeignKey(
        Classroom,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    subject_group = models.ForeignKey(
        SubjectGroup,
        verbose_name=_("subject group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="accounts_membership_one_scope",
                condition=(
                    models.Q(bureau__isnull=False, school__isnull=True)
                    | models.Q(bureau__isnull=True, school__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "bureau", "school", "classroom", "subject_group"],
                name="accounts_membership_unique",
            ),
        ]
        indexes = [models.Index(fields=["school", "role"])]

    def __str__(self) -> str:
        place = self.classroom or self.subject_group or self.school or self.bureau
        return f"{self.user.full_name}: {self.get_role_display()} @ {place}"


class Guardianship(TimeStampedModel):
    """A parent or guardian linked to their child."""

    parent = models.ForeignKey(
        User, verbose_name=_("parent"), on_delete=models.CASCADE, related_name="child_links"
    )
    child = models.ForeignKey(
        User, verbose_name=_("child"), on_delete=models.CASCADE, related_name="parent_links"
    )
    relation = models.CharField(_("relation"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="accounts_guardian_unique"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("child")), name="accounts_guardian_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.full_name} → {self.child.full_name}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A bearer token for apps; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def new_key() -> tuple[str, str]:
        """A fresh random key and its digest."""
        key = secrets.token_urlsafe(32)
        return key, _digest(key)

    @staticmethod
    def digest_of(key: str) -> str:
        return _digest(key)


class ImportJob(TimeStampedModel):
    """An uploaded Excel file of people for one school: checked, then imported in one go."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(_("language"), max_length=8, default="vi")
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    slips = models.FileField(_("first sign-in slips"), upload_to="imports/slips/%Y/%m/", blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
