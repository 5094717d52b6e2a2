"""Start-up checks: every model that belongs to a school is reachable through visible_to."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks

from digicampus.core.models import ScopedQuerySet
from digicampus.core.permissions import has_visibility

SCOPE_FIELDS = ("school", "bureau", "classroom")


@checks.register()
def scoped_models_have_visible_to(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """A model with a school, bureau or classroom field must use the scoped manager."""
    errors: list[checks.Error] = []
    for model in apps.get_models():
        if not model.__module__.startswith("digicampus."):
            continue
        names = {f.name for f in model._meta.get_fields()}
        if not names & set(SCOPE_FIELDS):
            continue
        qs = model._default_manager.get_queryset()
        if not isinstance(qs, ScopedQuerySet) or not has_visibility(model):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has a scope field but no scoped manager or rule.",
                    hint="Use core's ScopedManager and register_visibility in the app's rules.py.",
                    obj=model,
                    id="digicampus.E001",
                )
            )
    return errors
