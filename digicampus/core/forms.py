"""Helpers shared by forms of every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import json_script
from django.utils.translation import gettext as _

from digicampus.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a business refusal at the top of the form, keeping what the user typed."""
    form.add_error(None, str(error.message))


class RichTextarea(forms.Textarea):
    """A textarea of HTML that becomes a rich text editor in the browser (Trix, from npm;
    `static/js/rich_text.js`); without JavaScript it stays a plain textarea of HTML. The
    server sanitises whatever arrives. `upload_url` takes images dropped into the text and
    answers JSON with their address; without it, the editor refuses files."""

    def __init__(self, attrs: dict[str, Any] | None = None, upload_url: str = "") -> None:
        super().__init__(
            {"rows": 14, "class": "form-control", **(attrs or {}), "data-rich-text": ""}
        )
        self.upload_url = upload_url

    @property
    def media(self) -> forms.Media:
        return forms.Media(
            css={"all": ["vendor/trix/trix.css"]},
            js=["vendor/trix/trix.umd.min.js", "js/rich_text.js"],
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.upload_url:
            context["widget"]["attrs"]["data-upload-url"] = self.upload_url
        return context

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        html = super().render(name, value, attrs, renderer)
        return html + json_script(_editor_words(), "rich-text-lang")


def _editor_words() -> dict[str, str]:
    """The editor's toolbar and prompts in the reader's language."""
    return {
        "attachFiles": _("Attach images"),
        "bold": _("Bold"),
        "bullets": _("Bulleted list"),
        "byte": _("byte"),
        "bytes": _("bytes"),
        "captionPlaceholder": _("Add a caption…"),
        "code": _("Code"),
        "heading1": _("Heading"),
        "indent": _("Increase indent"),
        "italic": _("Italic"),
        "link": _("Link"),
        "numbers": _("Numbered list"),
        "outdent": _("Decrease indent"),
        "quote": _("Quote"),
        "redo": _("Redo"),
        "remove": _("Remove"),
        "strike": _("Strikethrough"),
        "undo": _("Undo"),
        "unlink": _("Remove link"),
        "url": _("Address"),
        "urlPlaceholder": _("Type an address…"),
        "GB": "GB",
        "KB": "KB",
        "MB": "MB",
        "PB": "PB",
        "TB": "TB",
    }
