"""Queries compiled once per process and run again with new values.

Building a Django queryset and compiling it to SQL costs about half a millisecond of Python,
often more than the database takes to answer. The few queries that every forum page runs are
therefore compiled once: `Prepared` builds its queryset from stand-in values, finds where each
stand-in sits among the SQL parameters, and afterwards only puts the request's values in their
places and executes the SQL. The queryset stays the one definition of the query (filters,
visibility, ordering); only its compilation is kept.

`rows` come back as the database driver gives them, without Django's field conversions (on
SQLite a datetime is text, a boolean 0 or 1): use them for ids, counts and cache keys.
`values` gives the rows of a `values_list` of fields converted as Django converts them, and
`instances` gives model instances, with their `select_related` objects and annotations, built
from the same compiled query as Django's own model iterator builds them (no prefetching). Values
that change the SQL itself (a slice, a branch of the filters, the length of an `__in` list) are
passed as keyword `shape` arguments: each distinct shape is compiled once (the most recent
`shapes` are kept). See docs/decisions/0016-prepared-queries.md.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, cast

from django.db import connections
from django.db.models import QuerySet, Value
from django.db.models.query import get_related_populators

# Stand-ins are integers no id or count takes, within the range of a 32-bit column (Django
# drops a comparison with a value outside its column's range); each query finds its own among
# the parameters.
_STAND_IN = -2_000_000_000


class Inline(Value):
    """An id (or a choice value) written into the SQL text instead of sent as a parameter, for
    a query whose best plan depends on it: a page of a board, topic or space, whose rows
    number from a few to thousands. PostgreSQL plans a prepared statement once for any value,
    from the average number of rows per id, and for a large board sorts every row where an
    index walk would read one page; with the id in the text the plan is made for that id (the
    hot boards' statements are still prepared). Pass the value as a shape argument."""

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if isinstance(self.value, str):
            # Only the values of a model's choices, never text from a request.
            if not self.value.isidentifier():
                raise PreparedShapeError(f"{self.value!r} is not a choice value")
            return f"'{self.value}'", []
        return str(int(self.value)), []


class PreparedShapeError(RuntimeError):
    """A stand-in value did not reach the SQL parameters (Django wrote it into the SQL, or the
    queryset did not use it): that value must be a shape argument instead."""


class _Reader:
    """What Django's iterators work out from a compiled query, kept with it: the value
    converters of its columns and, for instances, the columns of the model, its related
    objects and annotations."""

    def __init__(self, queryset: QuerySet[Any], compiler: Any, instances: bool) -> None:
        select = compiler.select
        self.converters = list(compiler.get_converters([s[0] for s in select]).items())
        self.model = None
        if not instances:
            return
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise PreparedShapeError("prepared instances do not prefetch")
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        self.model = klass_info["model"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, queryset.db)
        self.annotations = list(compiler.annotation_col_map.items())

    def convert(self, alias: str, rows: list[tuple[Any, ...]]) -> list[list[Any]]:
        connection = connections[alias]
        converted = []
        for raw in rows:
            row = list(raw)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted

    def build(self, alias: str, rows: list[tuple[Any, ...]]) -> list[Any]:
        found = []
        for row in self.convert(alias, rows):
            obj = self.model.from_db(alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


_Compiled = tuple[str, str, list[Any], list[int | None], _Reader | None]


class Prepared:
    """`build(*values, **shape)` returns the queryset; `rows(*values, **shape)` runs it,
    `count` counts its rows and `instances` gives its model instances."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *, shapes: int = 256) -> None:
        self._build = build
        self._shapes = shapes
        self._compiled: OrderedDict[Hashable, _Compiled] = OrderedDict()
        self._lock = threading.Lock()

    def _compile(self, count: int, shape: dict[str, Any], mode: str) -> _Compiled:
        key = (count, mode, tuple(sorted(shape.items())))
        with self._lock:
            found = self._compiled.get(key)
            if found is not None:
                self._compiled.move_to_end(key)
                return found
        stand_ins = [_STAND_IN - i for i in range(count)]
        queryset = self._build(*stand_ins, **shape)
        if mode == "count" and not queryset.query.is_sliced:
            # Counting needs no order (a sorted subquery is sorted in full first).
            queryset = queryset.order_by()
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        params = list(params)
        places: list[int | None] = [None] * len(params)
        for position, param in enumerate(params):
            if isinstance(param, int) and param in stand_ins:
                places[position] = stand_ins.index(param)
        missing = set(range(count)) - {p for p in places if p is not None}
        if missing:
            raise PreparedShapeError(f"values {sorted(missing)} are not SQL parameters")
        reader = None
        if mode in ("values", "instances"):
            reader = _Reader(queryset, compiler, instances=mode == "instances")
        compiled = (queryset.db, sql, params, places, reader)
        with self._lock:
            self._compiled[key] = compiled
            while len(self._compiled) > self._shapes:
                self._compiled.popitem(last=False)
        return compiled

    def _execute(
        self, compiled: _Compiled, values: tuple[Any, ...], wrap: str = "{}"
    ) -> list[tuple[Any, ...]]:
        alias, sql, params, places, _instances = compiled
        bound = [
            param if place is None else values[place]
            for param, place in zip(params, places, strict=True)
        ]
        with connections[alias].cursor() as cursor:
            cursor.execute(wrap.replace("{}", sql), bound)
            return cursor.fetchall()

    def rows(self, *values: Any, **shape: Any) -> list[tuple[Any, ...]]:
        """The rows of the queryset built with `values` (as the driver returns them)."""
        return self._execute(self._compile(len(values), shape, "rows"), values)

    def count(self, *values: Any, **shape: Any) -> int:
        """How many rows the queryset built with `values` has."""
        compiled = self._compile(len(values), shape, "count")
        [(n,)] = self._execute(compiled, values, "SELECT COUNT(*) FROM ({}) counted")
        return int(n)

    def values(self, *values: Any, **shape: Any) -> list[tuple[Any, ...]]:
        """The rows of the queryset built with `values`, converted as Django converts them
        (dates, booleans, decimals), as tuples."""
        compiled = self._compile(len(values), shape, "values")
        reader = cast(_Reader, compiled[4])
        return [tuple(row) for row in reader.convert(compiled[0], self._execute(compiled, values))]

    def instances(self, *values: Any, **shape: Any) -> list[Any]:
        """The model instances of the queryset built with `values`, as iterating it gives
        them (with its `select_related` objects and annotations)."""
        compiled = self._compile(len(values), shape, "instances")
        reader = cast(_Reader, compiled[4])
        return reader.build(compiled[0], self._execute(compiled, values))
