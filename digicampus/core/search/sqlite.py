"""SQLite backend: an FTS5 table kept in step by the service (same transaction), ranked by
BM25 with titles above bodies and exact spellings above folded ones.

Each entry is indexed in two columns (title, body) holding the words as written followed by
the folded forms that differ from them, so a query without diacritics matches every entry,
English and Chinese words are stored once, and Chinese pairs stay adjacent for phrase
queries; the third column holds the keys. Fewer columns make BM25, the main cost of a ranked
query, cheaper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from digicampus.core.models import SearchEntry
    from digicampus.core.search import Hit
    from digicampus.core.search.normalize import Group

TABLE = "core_searchentry_fts"
COLUMNS = ("title", "body", "keys")
# Broad queries are ranked among this many newest matches (see `query`).
RANK_WINDOW = 2000
# BM25 weights per column, in COLUMNS order.
WEIGHTS = "4.0, 1.0, 0.0"

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


def match_expression(groups: list[Group], key_groups: list[list[str]]) -> str:
    """The FTS5 query: every unit of the text in the title or body (by its folded form; the
    exact spelling too when the query has diacritics), and one key of each group."""
    parts = []
    if groups:
        folded = " AND ".join(_unit(g.folded, g.prefix) for g in groups)
        exact = " AND ".join(_unit(g.exact, g.prefix) for g in groups)
        if exact == folded:
            # Typed without diacritics (or Chinese, or English): the folded forms say it all.
            parts.append(f"({{title body}} : ({folded}))")
        else:
            # Matches by the folded forms; entries spelled as typed match twice, ranking higher.
            parts.append(f"(({{title body}} : ({folded})) OR ({{title body}} : ({exact})))")
    for keys in key_groups:
        parts.append("(keys : (" + " OR ".join(_quote(k) for k in keys) + "))")
    return " AND ".join(parts)


def query(
    *, kind: str, groups: list[Group], key_groups: list[list[str]], limit: int, offset: int
) -> list[Hit]:
    """Ranked hits. FTS5 walks the matches newest first and computes BM25 (a read per row, the
    main cost) only for the rows it returns, so a broad query (more than RANK_WINDOW matches)
    is ranked among its RANK_WINDOW newest matches, in one pass."""
    from digicampus.core.search import Hit

    match = match_expression(groups, key_groups)
    rank = f"-bm25({TABLE}, {WEIGHTS})" if groups else "0"
    window = RANK_WINDOW if groups else limit + offset
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.object_id, hits.r FROM (SELECT rowid AS id, {rank} AS r "  # noqa: S608
            f"FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s) hits "
            "JOIN core_searchentry e ON e.id = hits.id "
            "ORDER BY hits.r DESC, e.id DESC LIMIT %s OFFSET %s",
            [match, window, limit, offset],
        )
        return [Hit(int(row[0]), float(row[1])) for row in cursor.fetchall()]
