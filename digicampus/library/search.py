"""The library's use of the one search service: what a resource puts in the index and how a
reader's filters become search keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from digicampus.core import search
from digicampus.library.models import Resource
from digicampus.library.rules import reader_keys, resource_keys

KIND = "library.resource"
FILTERS = ("resource_type", "subject", "grade", "chapter", "school", "scope")


def _filter_keys(resource: Resource) -> list[str]:
    values = {
        "resource_type": resource.resource_type,
        "subject": resource.subject,
        "grade": resource.grade,
        "chapter": resource.chapter_id,
        "school": resource.school_id,
        "scope": resource.scope,
    }
    keys = [f"{name}{value}" for name, value in values.items() if value not in (None, "")]
    if resource.featured:
        keys.append("featured")
    return keys


def resource_reindex(resource: Resource) -> None:
    """Put the resource's words, its readers and its filters in the index."""
    chapter = resource.chapter
    body = " ".join(
        filter(
            None,
            [
                resource.description,
                resource.tags,
                resource.credit,
                str(chapter.title) if chapter else "",
                chapter.series.name if chapter else "",
            ],
        )
    )
    search.search_index(
        kind=KIND,
        object_id=resource.pk,
        title=resource.title,
        body=body,
        keys=[*resource_keys(resource, resource.school.bureau_id), *_filter_keys(resource)],
    )


def resource_unindex(resource_id: int) -> None:
    search.search_remove(kind=KIND, object_id=resource_id)


def resource_hits(
    *, actor: Any, text: str, filters: Mapping[str, Any], limit: int, offset: int
) -> list[search.Hit]:
    """Ranked ids of resources the actor may read that match the words and filters."""
    groups: list[list[str]] = [reader_keys(actor)]
    for name in FILTERS:
        value = filters.get(name)
        if value not in (None, "", []):
            values = value if isinstance(value, (list, tuple)) else [value]
            groups.append([f"{name}{v}" for v in values])
    if filters.get("featured"):
        groups.append(["featured"])
    return search.search_query(kind=KIND, text=text, filters=groups, limit=limit, offset=offset)
