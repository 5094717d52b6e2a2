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
}


def render_subject(notification: Notification) -> str:
    """The notification's subject in the active language."""
    if notification.template in SUBJECTS:
        return str(SUBJECTS[notification.template]) % notification.params
    return notification.subject
