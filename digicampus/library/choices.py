from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    """What a stored file is, as detected from its content (never from its name)."""

    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Image")
    OFFICE = "office", _("Office document")
    VIDEO = "video", _("Video")


MB = 1024 * 1024
# Largest accepted size per kind, in bytes.
SIZE_LIMITS = {
    FileKind.PDF: 30 * MB,
    FileKind.IMAGE: 15 * MB,
    FileKind.OFFICE: 30 * MB,
    FileKind.VIDEO: 1024 * MB,
}


class ResourceType(models.TextChoices):
    """What a resource is for; quotas count resources of a type."""

    LESSON_PLAN = "lesson_plan", _("Lesson plan")
    STUDY_GUIDE = "study_guide", _("Study guide")
    COURSEWARE = "courseware", _("Courseware")
    EXERCISE = "exercise", _("Exercise")
    TEST_PAPER = "test_paper", _("Test paper")
    LESSON_VIDEO = "lesson_video", _("Lesson video")
    DEMO_VIDEO = "demo_video", _("Demo-lesson video")
    REFERENCE = "reference", _("Reference")
    IMAGE = "image", _("Image")


# File kinds a resource of each type may hold.
TYPE_KINDS = {
    ResourceType.LESSON_VIDEO: (FileKind.VIDEO,),
    ResourceType.DEMO_VIDEO: (FileKind.VIDEO,),
    ResourceType.IMAGE: (FileKind.IMAGE,),
}
DOCUMENT_KINDS = (FileKind.PDF, FileKind.OFFICE, FileKind.IMAGE)

# Contributions a school owes each school year unless the bureau sets otherwise.
DEFAULT_QUOTAS = {
    ResourceType.LESSON_PLAN: 10,
    ResourceType.COURSEWARE: 5,
    ResourceType.DEMO_VIDEO: 2,
}


class Subject(models.TextChoices):
    """School subjects a resource is filed under."""

    MATHS = "maths", _("Mathematics")
    LITERATURE = "literature", _("Literature")
    ENGLISH = "english", _("English")
    CHINESE = "chinese", _("Chinese")
    SCIENCE = "science", _("Natural science")
    PHYSICS = "physics", _("Physics")
    CHEMISTRY = "chemistry", _("Chemistry")
    BIOLOGY = "biology", _("Biology")
    HISTORY = "history", _("History")
    GEOGRAPHY = "geography", _("Geography")
    CIVICS = "civics", _("Civic education")
    INFORMATICS = "informatics", _("Informatics")
    TECHNOLOGY = "technology", _("Technology")
    ARTS = "arts", _("Arts")
    MUSIC = "music", _("Music")
    PHYSICAL = "physical", _("Physical education")
    OTHER = "other", _("Other")


class ShareScope(models.TextChoices):
    """Who may find a resource or an album once it is approved."""

    PRIVATE = "private", _("Only me")
    SCHOOL = "school", _("My school")
    DISTRICT = "district", _("The whole district")
    PUBLIC = "public", _("Everyone (public)")


BEYOND_SCHOOL = (ShareScope.DISTRICT, ShareScope.PUBLIC)


class ReviewState(models.TextChoices):
    """Where a resource shared beyond its school stands in review."""

    NOT_NEEDED = "not_needed", _("No review needed")
    SCHOOL = "school", _("Waiting for the school's review")
    BUREAU = "bureau", _("Waiting for the bureau's review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


PENDING_STATES = (ReviewState.SCHOOL, ReviewState.BUREAU)


class ReviewLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    BUREAU = "bureau", _("Bureau")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return with comments")
    REJECT = "reject", _("Reject")


class ResourceLanguage(models.TextChoices):
    VIETNAMESE = "vi", "Tiếng Việt"
    CHINESE = "zh-hans", "简体中文"
    ENGLISH = "en", "English"
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    ALL_RIGHTS = "all_rights", _("All rights reserved")
    CC_BY = "cc_by", _("Creative Commons Attribution (CC BY)")
    CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA)")
    CC_BY_NC = "cc_by_nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC)")
    PUBLIC_DOMAIN = "public_domain", _("Public domain")


class UploadState(models.TextChoices):
    OPEN = "open", _("Receiving")
    DONE = "done", _("Complete")
    FAILED = "failed", _("Failed")


CHUNK_MAX = 16 * MB
GRADES = [(n, str(n)) for n in range(1, 13)]
