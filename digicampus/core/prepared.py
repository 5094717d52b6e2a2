"""Queries compiled once per process and run again with new values.

Building a Django queryset and compiling it to SQL costs about half a millisecond of Python,
often more than the database takes to answer. The few queries that every forum page runs are
therefore compiled once: `Prepared` builds its queryset from stand-in values, finds where each
stand-in sits among the SQL parameters, and afterwards only puts the request's values in their
places and executes the SQL. The queryset stays the one definition of the query (filters,
visibility, ordering); only its compilation is kept.

Rows come back as the database driver gives them, without Django's field conversions (on
SQLite a datetime is text, a boolean 0 or 1): use them for ids, counts and cache keys, and
read model instances through the ORM when a row is needed for display. Values that change the
SQL itself (a slice, a branch of the filters, the length of an `__in` list) are passed as
keyword `shape` arguments: each distinct shape is compiled once (the most recent `shapes` are
kept). See docs/decisions/0016-prepared-queries.md.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Stand-ins are integers no id or count takes, within the range of a 32-bit column (Django
# drops a comparison with a value outside its column's range); each query finds its own among
# the parameters.
_STAND_IN = -2_000_000_000


class PreparedShapeError(RuntimeError):
    """A stand-in value did not reach the SQL parameters (Django wrote it into the SQL, or the
    queryset did not use it): that value must be a shape argument instead."""


class Prepared:
    """`build(*values, **shape)` returns the queryset; `rows(*values, **shape)` runs it."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *, shapes: int = 256) -> None:
        self._build = build
        self._shapes = shapes
        self._compiled: OrderedDict[Hashable, tuple[str, str, list[Any], list[int | None]]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def _compile(
        self, count: int, shape: dict[str, Any], counting: bool
    ) -> tuple[str, str, list[Any], list[int | None]]:
        key = (count, counting, tuple(sorted(shape.items())))
        with self._lock:
            found = self._compiled.get(key)
            if found is not None:
                self._compiled.move_to_end(key)
                return found
        stand_ins = [_STAND_IN - i for i in range(count)]
        queryset = self._build(*stand_ins, **shape)
        if counting and not queryset.query.is_sliced:
            # Counting needs no order (a sorted subquery is sorted in full first).
            queryset = queryset.order_by()
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        params = list(params)
        places: list[int | None] = [None] * len(params)
        for position, param in enumerate(params):
            if isinstance(param, int) and param in stand_ins:
                places[position] = stand_ins.index(param)
        missing = set(range(count)) - {p for p in places if p is not None}
        if missing:
            raise PreparedShapeError(f"values {sorted(missing)} are not SQL parameters")
        compiled = (queryset.db, sql, params, places)
        with self._lock:
            self._compiled[key] = compiled
            while len(self._compiled) > self._shapes:
                self._compiled.popitem(last=False)
        return compiled

    def _execute(
        self, wrap: str, values: tuple[Any, ...], shape: dict[str, Any]
    ) -> list[tuple[Any, ...]]:
        alias, sql, params, places = self._compile(len(values), shape, counting=bool(wrap))
        bound = [
            param if place is None else values[place]
            for param, place in zip(params, places, strict=True)
        ]
        with connections[alias].cursor() as cursor:
            cursor.execute(wrap.replace("{}", sql) if wrap else sql, bound)
            return cursor.fetchall()

    def rows(self, *values: Any, **shape: Any) -> list[tuple[Any, ...]]:
        """The rows of the queryset built with `values` (as the driver returns them)."""
        return self._execute("", values, shape)

    def count(self, *values: Any, **shape: Any) -> int:
        """How many rows the queryset built with `values` has."""
        [(n,)] = self._execute("SELECT COUNT(*) FROM ({}) counted", values, shape)
        return int(n)
