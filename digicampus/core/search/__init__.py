"""The one search service: any app indexes its rows here and queries them, ranked.

An app describes a row by a kind (its model label), a title, a body and **keys**: short words
that stand for who may read the row (`pub`, `school12`...) and for its filters (`typevideo`,
`grade6`). A query gives the words typed and, for each filter, the keys of which at least one
must be present; the app passes the reader's access keys as the first filter (a query without
one finds nothing), so ranked results never include a row the reader may not see. The app still reads the rows it shows
through its own `visible_to`.

Two backends share `normalize`: SQLite FTS5 and PostgreSQL full-text search; the database in
use decides. Both give the newest matches of a query with their words, and `rank` orders them
the same way for both. See docs/decisions/0013-search-service.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from digicampus.core.models import SearchEntry
from digicampus.core.search import normalize


@dataclass(frozen=True)
class Hit:
    """A matching row: its id in its own app's table and its rank (higher is better)."""

    object_id: int
    rank: float


def _backend():  # type: ignore[no-untyped-def]
    if connection.vendor == "postgresql":
        from digicampus.core.search import postgres as backend
    else:
        from digicampus.core.search import sqlite as backend
    return backend


def search_index(
    *, kind: str, object_id: int, title: str, body: str, keys: Iterable[str]
) -> SearchEntry:
    """Add or replace the index entry of one row. Runs in the caller's transaction."""
    title_exact, title_folded = normalize.index_forms(title)
    body_exact, body_folded = normalize.index_forms(body)
    fields = {
        "title_exact": title_exact,
        "title_folded": title_folded,
        "body_exact": body_exact,
        "body_folded": body_folded,
        "keys": entry_keys(kind, keys),
    }
    with transaction.atomic():
        entry = SearchEntry.objects.filter(kind=kind, object_id=object_id).first()
        if entry is not None:
            _backend().before_change(entry)
            for name, value in fields.items():
                setattr(entry, name, value)
            entry.save(update_fields=[*fields])
        else:
            entry = SearchEntry.objects.create(kind=kind, object_id=object_id, **fields)
        _backend().after_change(entry)
    return entry


def search_remove(*, kind: str, object_id: int) -> None:
    """Take a row out of the index (no error when it is not there)."""
    with transaction.atomic():
        entry = SearchEntry.objects.filter(kind=kind, object_id=object_id).first()
        if entry is not None:
            _backend().before_change(entry)
            entry.delete()


# A query with words is ranked among this many of its newest matches (see `rank`).
RANK_WINDOW = 200


@dataclass(frozen=True)
class Candidate:
    """A matching entry as a backend reads it for ranking: its ids and its indexed words."""

    entry_id: int
    object_id: int
    title_exact: str
    title_folded: str
    body_exact: str
    body_folded: str


def _holds(text: str, unit: tuple[str, ...], prefix: bool) -> bool:
    """Whether the unit's tokens stand together in `text` (indexed words separated by single
    spaces, with a space at each end), the last one as a prefix for a single Chinese
    character."""
    return (" " + " ".join(unit) + ("" if prefix else " ")) in text


def _tier(candidate: Candidate, groups: list[normalize.Group], spelled: bool) -> int:
    """0 when every unit is in the title as typed, 1 in the title folded, then 2 and 3 for the
    title and body together; without diacritics in the query, 0 title and 1 title and body."""
    forms = (True, False) if spelled else (False,)
    tier = 0
    for with_body in (False, True):
        for exact in forms:
            places = [candidate.title_exact if exact else candidate.title_folded]
            if with_body:
                places.append(candidate.body_exact if exact else candidate.body_folded)
            padded = [f" {text} " for text in places]
            if all(
                any(_holds(text, g.exact if exact else g.folded, g.prefix) for text in padded)
                for g in groups
            ):
                return tier
            tier += 1
    return tier


def rank(
    candidates: list[Candidate], groups: list[normalize.Group], limit: int, offset: int
) -> list[Hit]:
    """Rank the newest matches of a query (newest first, at most RANK_WINDOW of them for the
    ranking, more when the page is further): by tier (every word in the title before in the
    title and body together, spelled as typed before folded), newest first within a tier;
    matches older than the window follow, newest first. No statistics of the whole collection
    are needed, so a page costs about the same for 20 matches as for 20,000."""
    spelled = any(g.exact != g.folded for g in groups)
    window, rest = candidates[:RANK_WINDOW], candidates[RANK_WINDOW:]
    tiers = 4 if spelled else 2
    scored = sorted(
        ((_tier(c, groups, spelled), -c.entry_id, c) for c in window), key=lambda t: t[:2]
    )
    hits = [Hit(c.object_id, float(tiers + 1 - tier)) for tier, _, c in scored]
    hits += [Hit(c.object_id, 0.0) for c in rest]
    return hits[offset : offset + limit]


def search_query(
    *,
    kind: str,
    text: str,
    filters: Sequence[Iterable[str]] = (),
    limit: int = 20,
    offset: int = 0,
) -> list[Hit]:
    """Rows of `kind` matching every word of `text` (any order; Chinese as substrings) and, for
    each filter, at least one of its keys; best first. An empty `text` lists the newest
    entries that pass the filters."""
    prefix = normalize.key(kind)
    key_groups = [
        sorted({prefix + normalize.key(k) for k in group if k != ""}) for group in filters
    ]
    if not key_groups or any(not group for group in key_groups):
        # Every query names at least who reads (the app's access keys), and the kind with it.
        return []
    groups = normalize.groups(text)
    if not groups:
        return _backend().newest(key_groups=key_groups, limit=limit, offset=offset)
    candidates = _backend().candidates(
        groups=groups, key_groups=key_groups, count=max(RANK_WINDOW, limit + offset)
    )
    return rank(candidates, groups, limit, offset)


def entry_keys(kind: str, keys: Iterable[str]) -> str:
    """The keys of an entry as indexed: each prefixed with its kind, so that one index serves
    every app and a query's first filter (who may read) also selects the kind."""
    prefix = normalize.key(kind)
    return " ".join(sorted({prefix + normalize.key(k) for k in keys if k != ""}))


def search_rebuild() -> None:
    """Rebuild the backend's index from the entries table (after a restore or a bulk load)."""
    _backend().rebuild()
