from django.db import models
from django.utils.translation import gettext_lazy as _


class SpaceKind(models.TextChoices):
    """A personal space belongs to one person; theme spaces to a class or a group."""

    PERSONAL = "personal", _("Personal space")
    CLASS = "class", _("Class space")
    SUBJECT_GROUP = "subject_group", _("Subject group space")
    GROUP = "group", _("Interest group")


class SpaceRole(models.TextChoices):
    """Whose personal space it is: decides its sections."""

    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    ADMIN = "admin", _("Administrator")


class SpaceState(models.TextChoices):
    """Active spaces are written in; sealed ones are read-only for their owner and the admins;
    closed ones are emptied after their content was exported."""

    ACTIVE = "active", _("Active")
    SEALED = "sealed", _("Sealed")
    CLOSED = "closed", _("Closed")


class GroupKind(models.TextChoices):
    """What an interest group of a school is about."""

    CLUB = "club", _("Club")
    PROJECT = "project", _("Project")
    CAMPAIGN = "campaign", _("Campaign")


class Section(models.TextChoices):
    """The sections a space page may show, in the order its owner chooses."""

    PROFILE = "profile", _("Profile")
    COURSES = "courses", _("My courses")
    PERSONAL = "personal", _("Personal section")
    DYNAMICS = "dynamics", _("Activity log")
    GUESTBOOK = "guestbook", _("Guestbook")
    WORK = "work", _("My work")
    COLLECTION = "collection", _("Collected resources")
    HOMEWORK = "homework", _("Homework")
    SERVICE_GUIDE = "service_guide", _("Service guide")


# The sections each kind of personal space may show, in their default order.
SECTIONS_BY_ROLE = {
    SpaceRole.TEACHER: [
        Section.PROFILE,
        Section.COURSES,
        Section.DYNAMICS,
        Section.PERSONAL,
        Section.GUESTBOOK,
    ],
    SpaceRole.STUDENT: [
        Section.HOMEWORK,
        Section.DYNAMICS,
        Section.WORK,
        Section.COLLECTION,
        Section.GUESTBOOK,
    ],
    SpaceRole.ADMIN: [Section.SERVICE_GUIDE, Section.PROFILE, Section.DYNAMICS, Section.GUESTBOOK],
}


class PostKind(models.TextChoices):
    """An item of a space's feed: an entry of the activity log, or a piece of one's work."""

    NOTE = "note", _("Activity")
    WORK = "work", _("Work")


class SlotKind(models.TextChoices):
    """The standard resource slots of a course unit."""

    LESSON_PLAN = "lesson_plan", _("E-lesson plan")
    STUDY_GUIDE = "study_guide", _("Study guide")
    COURSEWARE = "courseware", _("Courseware")
    EXERCISES = "exercises", _("Follow-up exercises")
    UNIT_TEST = "unit_test", _("Unit test")
    REFERENCES = "references", _("References")
    VIDEO = "video", _("Lesson video")


# A space page shows this many feed items and guestbook notes at a time (phone-sized pages).
POSTS_PER_PAGE = 10
GUESTBOOK_PER_PAGE = 5
# A school's page lists this many personal spaces at a time.
PEOPLE_PER_PAGE = 50
# Other sections of a space page (courses, collection, homework, members) show at most this many.
SECTION_ROWS = 30
# A space counts as active when its owner posted or uploaded within this many days.
ACTIVE_DAYS = 30
# Scores are given out of this maximum.
MAX_SCORE = 10
