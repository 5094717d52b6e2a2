"""The one place that decides who may see and do what.

Apps register here, from their `rules.py` in `AppConfig.ready()`:
- a scope resolver (accounts): which bureaus, schools, classes and children a user's
  memberships cover, following the tree (a bureau grant covers its schools, a school grant its
  classes);
- a visibility filter per model, used by `Model.objects.visible_to(user)`;
- named actions (`"org.manage_school"`) with a predicate on the user's scope and an object.

Outside the user's scope a page answers 404; in scope but not allowed, 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import F, Model, Q


@dataclass(frozen=True)
class Scope:
    """What one user's memberships cover; ids only, computed once per request."""

    user_id: int | None = None
    is_superuser: bool = False
    bureau_ids: frozenset[int] = field(default_factory=frozenset)
    # Schools administered through a bureau grant.
    bureau_school_ids: frozenset[int] = field(default_factory=frozenset)
    reviewer_school_ids: frozenset[int] = field(default_factory=frozenset)
    admin_school_ids: frozenset[int] = field(default_factory=frozenset)
    teacher_school_ids: frozenset[int] = field(default_factory=frozenset)
    collaborator_school_ids: frozenset[int] = field(default_factory=frozenset)
    homeroom_class_ids: frozenset[int] = field(default_factory=frozenset)
    subject_group_ids: frozenset[int] = field(default_factory=frozenset)
    student_class_ids: frozenset[int] = field(default_factory=frozenset)
    student_school_ids: frozenset[int] = field(default_factory=frozenset)
    child_ids: frozenset[int] = field(default_factory=frozenset)
    child_class_ids: frozenset[int] = field(default_factory=frozenset)
    child_school_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def managed_school_ids(self) -> frozenset[int]:
        """Schools whose organisation and accounts the user may manage."""
        return self.admin_school_ids | self.bureau_school_ids

    @property
    def staff_school_ids(self) -> frozenset[int]:
        """Schools where the user works (any staff role) or that they manage."""
        return self.managed_school_ids | self.teacher_school_ids | self.collaborator_school_ids

    @property
    def school_ids(self) -> frozenset[int]:
        """Every school the user has any reason to see."""
        return (
            self.staff_school_ids
            | self.reviewer_school_ids
            | self.student_school_ids
            | self.child_school_ids
        )


EMPTY_SCOPE = Scope()
NOTHING = Q(pk__in=[])

ScopeResolver = Callable[[Any], Scope]
VisibilityFilter = Callable[[Any, Scope], Q]
Rule = Callable[[Any, Scope, Any], bool]

_resolver: list[ScopeResolver] = []
_visibility: dict[str, VisibilityFilter] = {}
_rules: dict[str, Rule] = {}


def register_scope_resolver(resolver: ScopeResolver) -> None:
    """Install the function that computes a user's Scope (accounts does this once)."""
    _resolver[:] = [resolver]


def register_visibility(model: type[Model]) -> Callable[[VisibilityFilter], VisibilityFilter]:
    """Decorator: `fn(user, scope) -> Q` decides which rows of `model` a user may see."""

    def decorator(fn: VisibilityFilter) -> VisibilityFilter:
        _visibility[model._meta.label_lower] = fn
        return fn

    return decorator


def register_rule(action: str) -> Callable[[Rule], Rule]:
    """Decorator: `fn(user, scope, obj) -> bool` decides whether the user may do `action`."""

    def decorator(fn: Rule) -> Rule:
        _rules[action] = fn
        return fn

    return decorator


def has_visibility(model: type[Model]) -> bool:
    """Whether a visibility filter is registered for `model`."""
    return model._meta.label_lower in _visibility


SCOPE_CACHE_SECONDS = 300


def _scope_cache_key(user: Any) -> str:
    return f"scope:{user.pk}:{getattr(user, 'scope_version', 0)}"


def scope_of(user: Any) -> Scope:
    """The user's Scope: on the user object for the request, in the cache between requests.

    The cache key carries the user row's `scope_version`, which `scope_changed` bumps whenever
    a membership, homeroom class or parent link of the user changes, so a cached scope is never
    used after a change, whichever process cached it. The time limit bounds how long a new
    school stays unseen by bureau admins.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_dc_scope", None)
    if cached is not None:
        return cached
    key = _scope_cache_key(user)
    scope = cache.get(key)
    if scope is None:
        scope = _resolver[0](user) if _resolver else Scope(user_id=user.pk)
        cache.set(key, scope, SCOPE_CACHE_SECONDS)
    user._dc_scope = scope
    return scope


def scope_changed(*users: Any) -> None:
    """Invalidate the cached scope of these users (objects or ids) after their roles change."""
    ids = [u if isinstance(u, int) else u.pk for u in users if u is not None]
    if not ids:
        return
    get_user_model().objects.filter(pk__in=ids).update(scope_version=F("scope_version") + 1)
    for user in users:
        if not isinstance(user, int) and user is not None:
            user.scope_version = getattr(user, "scope_version", 0) + 1
            if hasattr(user, "_dc_scope"):
                del user._dc_scope


def visible_q(model: type[Model], user: Any) -> Q:
    """The filter that narrows `model` to what `user` may see; nothing if none is registered."""
    scope = scope_of(user)
    if scope is EMPTY_SCOPE:
        return NOTHING
    if scope.is_superuser:
        return Q()
    fn = _visibility.get(model._meta.label_lower)
    if fn is None:
        return NOTHING
    return fn(user, scope)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether `user` may do `action` (on `obj`). Unknown actions are refused."""
    scope = scope_of(user)
    if scope is EMPTY_SCOPE:
        return False
    if scope.is_superuser:
        return True
    rule = _rules.get(action)
    if rule is None:
        raise KeyError(f"Unknown action {action!r}")
    return bool(rule(user, scope, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `user` may do `action` (on `obj`)."""
    if not can(user, action, obj):
        raise PermissionDenied(action)
