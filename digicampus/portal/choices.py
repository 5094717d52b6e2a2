from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BoardAudience(models.TextChoices):
    """Who reads and writes in a board (besides the school's staff, who always do)."""

    SCHOOL = "school", _("The whole school")
    GRADE = "grade", pgettext_lazy("school level", "One grade")
    CLASS = "class", _("One class")


# Forum pages list this many topics, and this many posts of a topic, at a time.
TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20
