"""PostgreSQL backend: a stored, weighted tsvector over the normalised columns of
`core_searchentry` with a GIN index; the `simple` configuration keeps every token as written,
since normalisation has already been done the same way as for queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from digicampus.core.models import SearchEntry
    from digicampus.core.search import Candidate, Hit
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


def _keys(key_groups: list[list[str]]) -> str:
    return " & ".join("(" + " | ".join(_lexeme(k) for k in group) + ")" for group in key_groups)


# Newest rows read in order before asking the GIN index (see `candidates`).
WALK_ROWS = 5000
_COLUMNS = "id, object_id, title_exact, title_folded, body_exact, body_folded"


def candidates(*, groups: list[Group], key_groups: list[list[str]], count: int) -> list[Candidate]:
    """The newest `count` matches with their words, for `search.rank` (the folded forms
    cover the words as written too). The newest WALK_ROWS rows are checked first, in order:
    a common query finds its matches there in a few milliseconds, where the GIN index would
    fetch and recheck every match of the table before sorting them (PostgreSQL cannot tell
    from its statistics how common a phrase of Chinese pairs is, and underestimates it by
    forty times). Only a query with fewer matches among them asks the index."""
    from digicampus.core.search import Candidate

    words = " & ".join(_unit(g.folded, g.prefix) for g in groups)
    query = f"({words}) & {_keys(key_groups)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_COLUMNS} FROM (SELECT * FROM core_searchentry ORDER BY id DESC "  # noqa: S608
            "LIMIT %s) recent WHERE document @@ to_tsquery('simple', %s) "
            "ORDER BY id DESC LIMIT %s",
            [WALK_ROWS, query, count],
        )
        rows = cursor.fetchall()
        if len(rows) < count:
            cursor.execute(
                f"SELECT {_COLUMNS} FROM core_searchentry "  # noqa: S608
                "WHERE document @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT %s",
                [query, count],
            )
            rows = cursor.fetchall()
        return [Candidate(*row) for row in rows]


def newest(*, key_groups: list[list[str]], limit: int, offset: int) -> list[Hit]:
    """Entries with the keys, newest first (a query without words)."""
    from digicampus.core.search import Hit

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM core_searchentry WHERE document @@ to_tsquery('simple', %s) "
            "ORDER BY id DESC LIMIT %s OFFSET %s",
            [_keys(key_groups), limit, offset],
        )
        return [Hit(int(row[0]), 0.0) for row in cursor.fetchall()]
