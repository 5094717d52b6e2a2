"""What the portal and the forum keep in the cache.

The portals' public pages are cached per portal, language and address under a key that
carries the portal's version; publishing, unpublishing or changing anything public bumps the
version (after the transaction commits), so stale pages are never served after a change and
old entries simply expire. Keys use the portal's slug, so a cached page is answered without
touching the database.

Forum pages keep their rows rendered through `core.rendered`."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction

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
