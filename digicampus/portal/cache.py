"""What the portal and the forum keep in the cache.

The portals' public pages are cached per portal, language and address under a key that
carries the portal's version; publishing, unpublishing or changing anything public bumps the
version (after the transaction commits), so stale pages are never served after a change and
old entries simply expire. Keys use the portal's slug, so a cached page is answered without
touching the database.

Forum pages keep their rows rendered (`rendered_rows`, below)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

VERSION_SECONDS = 60 * 60 * 24 * 30


def _version_key(slug: str) -> str:
    return f"portal:site:{slug}:v"


def site_version(slug: str) -> int:
    """The current version of the portal's public pages."""
    version = cache.get(_version_key(slug))
    if version is None:
        version = 1
        cache.add(_version_key(slug), version, VERSION_SECONDS)
    return int(version)


def _bump(slug: str) -> None:
    try:
        cache.incr(_version_key(slug))
    except ValueError:
        cache.set(_version_key(slug), 2, VERSION_SECONDS)


def site_changed(site_id: int | None, *, also_bureau: bool = True) -> None:
    """After the transaction commits, drop the cached public pages of the portal (and of its
    bureau's portal, which shows shared school news)."""
    if site_id is None:
        return
    from digicampus.portal.models import Site

    def bump() -> None:
        site = Site.objects.filter(pk=site_id).select_related("school").first()
        if site is None:
            return
        _bump(site.slug)
        if also_bureau and site.school_id is not None:
            bureau_slug = (
                Site.objects.filter(bureau_id=site.school.bureau_id)
                .values_list("slug", flat=True)
                .first()
            )
            if bureau_slug:
                _bump(bureau_slug)

    transaction.on_commit(bump)


def page_key(slug: str, language: str, path: str) -> str:
    return f"portal:page:{slug}:{site_version(slug)}:{language}:{path}"


def page_get(key: str) -> Any:
    return cache.get(key)


def page_set(key: str, value: Any, seconds: int) -> None:
    cache.set(key, value, seconds)


# ---------------------------------------------------------------- rendered forum rows
#
# A forum page is mostly the same rows for every reader. Each row (a post card, a topic line)
# is kept rendered under a key made from everything its template reads: the row's own values,
# the reader-dependent flags it shows, the language, the time zone and the template's source.
# A change to any of them makes a new key, so a row is never stale and nothing has to be
# dropped by hand; unused renderings expire. The rows hold no per-session data (no CSRF
# token: their buttons submit one form of the page).

ROW_SECONDS = 60 * 60 * 24
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
) -> list[SafeString]:
    """The HTML of each row, from its key values: one cache read for the page, and only the
    rows not seen before are rendered, with the contexts that `contexts` gives for their
    positions (so a page whose rows are all kept builds no model instance); a row whose
    context is None (gone since its values were read) is left out. The key values must cover
    everything the template reads from its context."""
    stamp = (
        template_name,
        _template_stamp(template_name),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    keys = [
        "portal:row:" + hashlib.blake2b(repr((stamp, row)).encode(), digest_size=16).hexdigest()
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
        cache.set_many(fresh, ROW_SECONDS)
        found.update(fresh)
    # The template escaped each row when rendering it.
    return [mark_safe(found[key]) for key in keys if key in found]  # noqa: S308
