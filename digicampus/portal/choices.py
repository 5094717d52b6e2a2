from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BoardAudience(models.TextChoices):
    """Who reads and writes in a board (besides the school's staff, who always do)."""

    SCHOOL = "school", _("The whole school")
    GRADE = "grade", pgettext_lazy("school level", "One grade")
    CLASS = "class", _("One class")
    GROUP = "group", _("One interest group")


class TopicKind(models.TextChoices):
    """A topic is a discussion, or a question whose best reply can be accepted as the answer."""

    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")


class ReactionKind(models.TextChoices):
    """The few reactions a reader may leave on a post."""

    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    HELPFUL = "helpful", _("Helpful")


# Forum pages list this many topics, and this many posts of a topic, at a time.
TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20


class ColumnKind(models.TextChoices):
    """What a column (chuyên mục / 栏目) of a school's or the bureau's portal holds."""

    NEWS = "news", _("News")
    ANNOUNCEMENTS = "announcements", _("Announcements")
    ACTIVITIES = "activities", _("Activities")
    CYBER_SAFETY = "cyber_safety", _("Cyber-safety corner")
    PUBLIC_NOTICES = "public_notices", _("Public notices (school affairs and finances)")


class ArticleState(models.TextChoices):
    """Where a news article (tin bài / 新闻) stands between its writer, its editor and readers."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class StudentPhotos(models.TextChoices):
    """Whether an article's images show students, and if so whether their parents agreed to
    their publication: a public portal is seen far beyond the school."""

    NONE = "none", _("The images show no students")
    CONSENT = "consent", _("Students are shown; their parents' consent is on record")
    NO_CONSENT = "no_consent", _("Students are shown; consent is not on record yet")


class SiteRoleKind(models.TextChoices):
    """What a member of the school's staff may do on its portal (admins are editors anyway)."""

    WRITER = "writer", _("Writer")
    EDITOR = "editor", _("Editor")


# States in which the author may still change an article; the editor may change it any time.
AUTHOR_EDITABLE_STATES = (ArticleState.DRAFT, ArticleState.RETURNED)
# Column slugs that would hide a public page of the portal.
RESERVED_SLUGS = frozenset({"a", "pages", "feed", "files"})
# Public pages list this many articles of a column at a time, and the home this many per column.
ARTICLES_PER_PAGE = 12
HOME_ARTICLES_PER_COLUMN = 4
# Public pages are cached at most this long (a scheduled article shows up within this time
# even if the periodic task is late).
PUBLIC_CACHE_SECONDS = 300
