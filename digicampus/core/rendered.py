"""Rows of a page kept rendered between requests.

A list page (forum topics and posts, a space's feed and guestbook) is mostly the same rows for
every reader. Each row is kept rendered under a key made from everything its template reads:
the row's own values, the reader-dependent flags it shows, the language, the time zone and the
template's source. A change to any of them makes a new key, so a row is never stale and
nothing has to be dropped by hand; unused renderings expire. Rows hold no per-session data (no
CSRF token: their buttons submit one form of the page). See docs/decisions/0012."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

ROW_SECONDS = 60 * 60 * 24


def file_row_seconds() -> int:
    """How long to keep a row that links to a stored file: on S3 the link is signed for
    `S3_URL_SECONDS` only, so the row is rendered again before its link expires."""
    return settings.S3_URL_SECONDS // 2 if settings.S3_BUCKET else ROW_SECONDS


_TEMPLATE_STAMPS: dict[str, str] = {}


def _template_stamp(name: str) -> str:
    stamp = _TEMPLATE_STAMPS.get(name)
    if stamp is None:
        source = get_template(name).template.source
        stamp = hashlib.blake2b(source.encode(), digest_size=8).hexdigest()
        _TEMPLATE_STAMPS[name] = stamp
    return stamp


def rendered_rows(
    template_name: str,
    values: Sequence[tuple[Any, ...]],
    contexts: Callable[[list[int]], Sequence[dict[str, Any] | None]],
    seconds: int = ROW_SECONDS,
) -> list[SafeString]:
    """The HTML of each row, from its key values: one cache read for the page, and only the
    rows not seen before are rendered, with the contexts that `contexts` gives for their
    positions (so a page whose rows are all kept builds no model instance); a row whose
    context is None (gone since its values were read) is left out. The key values must cover
    everything the template reads from its context. Rows are kept `seconds` after their
    rendering."""
    stamp = (
        template_name,
        _template_stamp(template_name),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    keys = [
        "row:" + hashlib.blake2b(repr((stamp, row)).encode(), digest_size=16).hexdigest()
        for row in values
    ]
    found = cache.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in found]
    if missing:
        template = get_template(template_name)
        fresh = {
            keys[i]: template.render(context)
            for i, context in zip(missing, contexts(missing), strict=True)
            if context is not None
        }
        cache.set_many(fresh, seconds)
        found.update(fresh)
    # The template escaped each row when rendering it.
    return [mark_safe(found[key]) for key in keys if key in found]  # noqa: S308
