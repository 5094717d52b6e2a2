"""SQLite backend: an FTS5 table kept in step by the service (same transaction), giving the
newest matches of a query for the service to rank (`search.rank`).

Each entry is indexed in two columns (title, body) holding the words as written followed by
the folded forms that differ from them, so a query without diacritics matches every entry,
English and Chinese words are stored once, and Chinese pairs stay adjacent for phrase
queries; the third column holds the keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from digicampus.core.models import SearchEntry
    from digicampus.core.search import Candidate, Hit
    from digicampus.core.search.normalize import Group

TABLE = "core_searchentry_fts"
COLUMNS = ("title", "body", "keys")

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"{', '.join(COLUMNS)}, tokenize='unicode61 remove_diacritics 0', prefix='1')",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]


def merged(exact: str, folded: str) -> str:
    """The words as written, then the folded forms that differ (the lists are aligned)."""
    words = exact.split()
    extra = [f for e, f in zip(words, folded.split(), strict=False) if f != e]
    return " ".join(words + extra)


def _values(entry: SearchEntry) -> list[object]:
    return [
        entry.pk,
        merged(entry.title_exact, entry.title_folded),
        merged(entry.body_exact, entry.body_folded),
        entry.keys,
    ]


def before_change(entry: SearchEntry) -> None:
    """Remove the entry's old row from the index."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [entry.pk])  # noqa: S608


def after_change(entry: SearchEntry) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)",
            _values(entry),
        )


def rebuild(batch: int = 5000) -> None:
    """Index every entry again (after a restore or a bulk load), in batches."""
    from digicampus.core.models import SearchEntry

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        last = 0
        while True:
            entries = list(SearchEntry.objects.filter(pk__gt=last).order_by("pk")[:batch])
            if not entries:
                break
            cursor.executemany(
                f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                [_values(e) for e in entries],
            )
            last = entries[-1].pk
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")  # noqa: S608


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _unit(tokens: tuple[str, ...], prefix: bool) -> str:
    phrase = _quote(" ".join(tokens))
    return phrase + " *" if prefix else phrase


def _text(groups: list[Group]) -> str:
    units = " AND ".join(_unit(g.folded, g.prefix) for g in groups)
    return f"({{title body}} : ({units}))"


def match_expression(groups: list[Group], key_groups: list[list[str]]) -> str:
    """The FTS5 query of all matches: every unit of the text in the title or body by its
    folded form (which the words as written also carry, see `merged`), and one key of each
    group."""
    parts = [_text(groups)] if groups else []
    keys = ["(keys : (" + " OR ".join(_quote(k) for k in group) + "))" for group in key_groups]
    return " AND ".join(parts + keys)


def candidates(*, groups: list[Group], key_groups: list[list[str]], count: int) -> list[Candidate]:
    """The newest `count` matches with their words, for `search.rank`: FTS5 walks the
    matches newest first and stops there."""
    from digicampus.core.search import Candidate

    with connection.cursor() as cursor:
        sql = (
            "SELECT e.id, e.object_id, e.title_exact, e.title_folded, e.body_exact, "  # noqa: S608
            f"e.body_folded FROM (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} "
            "MATCH %s ORDER BY rowid DESC LIMIT %s) hits "
            "JOIN core_searchentry e ON e.id = hits.id ORDER BY e.id DESC"
        )
        cursor.execute(sql, [match_expression(groups, key_groups), count])
        return [Candidate(*row) for row in cursor.fetchall()]


def newest(*, key_groups: list[list[str]], limit: int, offset: int) -> list[Hit]:
    """Entries with the keys, newest first (a query without words)."""
    from digicampus.core.search import Hit

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.object_id FROM {TABLE} JOIN core_searchentry e "  # noqa: S608
            f"ON e.id = {TABLE}.rowid WHERE {TABLE} MATCH %s "
            f"ORDER BY {TABLE}.rowid DESC LIMIT %s OFFSET %s",
            [match_expression([], key_groups), limit, offset],
        )
        return [Hit(int(row[0]), 0.0) for row in cursor.fetchall()]
