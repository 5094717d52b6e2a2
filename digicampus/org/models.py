"""The organisation tree: bureau → schools → school years → grades → classes; subject groups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.core.models import ScopedManager, TimeStampedModel
from digicampus.org.choices import SchoolLevel


class Bureau(TimeStampedModel):
    """A district education bureau, the root of the tree."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(TimeStampedModel):
    """A school of the bureau's district."""

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="schools"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=SchoolLevel.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:school_detail", args=[self.pk])


class SchoolYear(TimeStampedModel):
    """A school's year, e.g. 2026–2027; one of them is the current one."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="years"
    )
    name = models.CharField(_("name"), max_length=32)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current year"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="org_year_unique_name"),
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(is_current=True),
                name="org_year_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="org_year_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:year_detail", args=[self.pk])


class Grade(TimeStampedModel):
    """A grade (year group) of a school year, e.g. grade 6."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="grades"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.CASCADE, related_name="grades"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("school level", "grade number"))

    objects = ScopedManager()

    class Meta:
        verbose_name = pgettext_lazy("school level", "grade")
        verbose_name_plural = pgettext_lazy("school level", "grades")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="org_grade_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=12), name="org_grade_number_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.number)


class Classroom(TimeStampedModel):
    """A class of a grade, with its homeroom teacher."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="classrooms"
    )
    grade = models.ForeignKey(
        Grade,
        verbose_name=pgettext_lazy("school level", "grade"),
        on_delete=models.CASCADE,
        related_name="classrooms",
    )
    name = models.CharField(_("name"), max_length=32)
    homeroom_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("homeroom teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homeroom_classrooms",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade__number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "name"], name="org_class_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:classroom_detail", args=[self.pk])


class SubjectGroup(TimeStampedModel):
    """A subject group of teachers in a school (e.g. mathematics), with its leader."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="subject_groups"
    )
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_subject_groups",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("subject group")
        verbose_name_plural = _("subject groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="org_group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:subject_group_detail", args=[self.pk])
