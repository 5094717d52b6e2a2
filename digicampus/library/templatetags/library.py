"""Template helpers of the library pages."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from digicampus.library.choices import ResourceType, ReviewState, ShareScope, Subject

register = template.Library()

_CHOICES = {
    "type": ResourceType,
    "subject": Subject,
    "scope": ShareScope,
    "review": ReviewState,
}
_labels: dict[tuple[str, str], dict[str, str]] = {}


@register.filter
def label(value: str, kind: str) -> str:
    """The translated label of a choice value, built once per language: a list of twenty rows
    otherwise hashes every lazy label of every choice for each row."""
    key = (kind, get_language() or "")
    labels = _labels.get(key)
    if labels is None:
        labels = {str(v): str(text) for v, text in _CHOICES[kind].choices}
        _labels[key] = labels
    return labels.get(str(value), str(value))
