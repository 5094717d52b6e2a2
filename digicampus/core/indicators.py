"""The indicator registry: named, translated metrics computed per school and for a district.

A module registers a function once; dashboards, plans and the star rating read every figure
through `indicator_values`. Each function takes a list of school ids and returns a value per
school and the value for all of them together, in one or a few queries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise


@dataclass(frozen=True)
class IndicatorResult:
    """Values of one indicator: per school id, and over all the schools asked for."""

    per_school: dict[int, float]
    overall: float


@dataclass(frozen=True)
class Indicator:
    """A named metric; `unit` is "percent" or "count"."""

    key: str
    label: str | Promise
    description: str | Promise
    unit: str
    compute: Callable[[Sequence[int]], IndicatorResult]


_registry: dict[str, Indicator] = {}


def register(
    key: str, *, label: str | Promise, description: str | Promise, unit: str = "percent"
) -> Callable[
    [Callable[[Sequence[int]], IndicatorResult]], Callable[[Sequence[int]], IndicatorResult]
]:
    """Decorator that registers `fn(school_ids) -> IndicatorResult` under `key`."""

    def decorator(
        fn: Callable[[Sequence[int]], IndicatorResult],
    ) -> Callable[[Sequence[int]], IndicatorResult]:
        _registry[key] = Indicator(key, label, description, unit, fn)
        return fn

    return decorator


def indicator_get(key: str) -> Indicator:
    """The registered indicator `key`; KeyError when none is."""
    return _registry[key]


def indicator_list() -> list[Indicator]:
    """Every registered indicator, in key order."""
    return [_registry[k] for k in sorted(_registry)]


def indicator_values(key: str, school_ids: Sequence[int]) -> IndicatorResult:
    """Indicator `key` for the given schools, computed at most once per cache period.

    Dashboard figures may be up to INDICATOR_CACHE_SECONDS old (0 turns the cache off): a
    district-wide count over every account is too costly to run on each page view.
    """
    ids = sorted(set(school_ids))
    seconds = settings.INDICATOR_CACHE_SECONDS
    if seconds <= 0:
        return _registry[key].compute(ids)
    digest = hashlib.sha1(",".join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()
    cache_key = f"indicator:{key}:{digest}"
    result = cache.get(cache_key)
    if result is None:
        result = _registry[key].compute(ids)
        cache.set(cache_key, result, seconds)
    return result


def share(part: int, whole: int) -> float:
    """A percentage rounded to one decimal; 0 when there is nothing to divide."""
    return round(100.0 * part / whole, 1) if whole else 0.0
