from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles held through a membership; the homeroom teacher comes from the class itself."""

    BUREAU_ADMIN = "bureau_admin", _("Bureau admin")
    EXPERT_REVIEWER = "expert_reviewer", _("Expert reviewer")
    SCHOOL_ADMIN = "school_admin", _("School admin")
    TEACHER = "teacher", _("Teacher")
    HOMEROOM_TEACHER = "homeroom_teacher", _("Homeroom teacher")
    COLLABORATOR = "collaborator", _("Collaborator")
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")


class Language(models.TextChoices):
    VIETNAMESE = "vi", "Tiếng Việt"
    CHINESE = "zh-hans", "简体中文"
    ENGLISH = "en", "English"


class ImportKind(models.TextChoices):
    STUDENTS = "students", _("Students and parents")
    TEACHERS = "teachers", _("Teachers")


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the file")
    INVALID = "invalid", _("Errors found")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


MINOR_AGE = 18
