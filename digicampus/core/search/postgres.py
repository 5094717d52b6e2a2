"""PostgreSQL backend: a stored, weighted tsvector over the normalised columns of
`core_searchentry` with a GIN index; the `simple` configuration keeps every token as written,
since normalisation has already been done the same way as for queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from digicampus.core.models import SearchEntry
    from digicampus.core.search import Hit
    from digicampus.core.search.normalize import Group

CREATE = [
    "ALTER TABLE core_searchentry ADD COLUMN IF NOT EXISTS document tsvector "
    "GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_exact), 'A') || "
    "setweight(to_tsvector('simple', title_folded), 'B') || "
    "setweight(to_tsvector('simple', body_exact), 'C') || "
    "setweight(to_tsvector('simple', body_folded), 'D') || "
    "to_tsvector('simple', keys)) STORED",
    "CREATE INDEX IF NOT EXISTS core_searchentry_document ON core_searchentry USING gin (document)",
]
# Broad queries are ranked among this many newest matches (see `query`).
RANK_WINDOW = 2000

DROP = [
    "DROP INDEX IF EXISTS core_searchentry_document",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS document",
]


def before_change(entry: SearchEntry) -> None:
    """Nothing to do: the document column is computed by the database."""


def after_change(entry: SearchEntry) -> None:
    """Nothing to do: the document column is computed by the database."""


def rebuild() -> None:
    """Nothing to do: the document column is always in step with its row."""


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "").replace("'", "''") + "'"


def _unit(tokens: tuple[str, ...], prefix: bool) -> str:
    phrase = " <-> ".join(_lexeme(t) for t in tokens)
    if prefix:
        phrase += ":*"
    return f"({phrase})"


def _all(groups: list[Group], exact: bool) -> str:
    return " & ".join(_unit(g.exact if exact else g.folded, g.prefix) for g in groups)


def query(
    *, kind: str, groups: list[Group], key_groups: list[list[str]], limit: int, offset: int
) -> list[Hit]:
    """Ranked hits; like the SQLite backend, a broad query is ranked among its RANK_WINDOW
    newest matches, since ranking reads every matching row's vector."""
    from digicampus.core.search import Hit

    keys = " & ".join("(" + " | ".join(_lexeme(k) for k in group) + ")" for group in key_groups)
    if groups:
        # Exact spellings (weights A, C) rank above folded ones (B, D).
        match = f"({_all(groups, False)}) & {keys}"
        rank_query = f"({_all(groups, True)}) | ({_all(groups, False)})"
        sql = (
            "WITH hits AS MATERIALIZED (SELECT id, object_id, document FROM core_searchentry "
            "WHERE document @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT %s) "
            "SELECT object_id, ts_rank(document, to_tsquery('simple', %s), 1) AS r "
            "FROM hits ORDER BY r DESC, id DESC LIMIT %s OFFSET %s"
        )
        params: list[object] = [match, RANK_WINDOW, rank_query, limit, offset]
    else:
        sql = (
            "SELECT object_id, 0 FROM core_searchentry "
            "WHERE document @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT %s OFFSET %s"
        )
        params = [keys, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(int(row[0]), float(row[1])) for row in cursor.fetchall()]
