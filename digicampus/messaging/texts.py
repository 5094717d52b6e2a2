"""Texts the platform writes itself, rendered in each reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from digicampus.messaging.models import Notification

SUBJECTS = {
    "contact_entry": _("Contact book: a new entry about %(student)s"),
    "contact_entry_class": _("Contact book: a new entry for class %(classroom)s"),
    "contact_reply": _("Contact book: a new reply about %(student)s"),
    "reminder": _("Reminder: please confirm “%(title)s”"),
    "conversation_message": _("A new message from %(name)s"),
    "report_new": _("New report: %(category)s"),
    "report_handled": _("Your report: %(state)s"),
    "case_new": _("To check: %(category)s"),
    "case_decided": _("A moderation decision on your post: %(action)s"),
    "case_escalated": _("A moderation case escalated by %(school)s"),
    "appeal_new": _("An appeal to review: %(category)s"),
    "appeal_decided": _("Your appeal has been decided"),
    "abuse_new": _("Urgent: an abuse report (%(severity)s)"),
    "abuse_escalated": _("Not handled in time: an abuse report at %(school)s"),
    "feedback_new": _("New feedback or petition: %(subject)s"),
    "feedback_routed": _("For you to answer: %(subject)s"),
    "feedback_answered": _("Your feedback or petition has an answer: %(subject)s"),
    "article_submitted": _("A news article to review: %(title)s"),
    "article_returned": _("Your news article needs changes: %(title)s"),
    "article_published": _("Your news article is published: %(title)s"),
    "forum_mention": _("%(name)s mentioned you in “%(title)s”"),
    "forum_reply": _("%(name)s replied in “%(title)s”"),
    "resource_review": _("A resource to review: %(title)s"),
    "resource_approved": _("Your resource is approved and shared: %(title)s"),
    "resource_returned": _("Your resource needs changes: %(title)s"),
    "resource_rejected": _("Your resource was not approved for sharing: %(title)s"),
    "space_guestbook": _("%(name)s left a note in your space's guestbook"),
    "homework_set": _("New homework for class %(classroom)s: %(title)s"),
    "homework_graded": _("Homework graded: %(title)s"),
}


def render_subject(notification: Notification) -> str:
    """The notification's subject in the active language."""
    if notification.template in SUBJECTS:
        return str(SUBJECTS[notification.template]) % notification.params
    return notification.subject
