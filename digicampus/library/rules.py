"""Stored files are reached through the object that uses them; directly only by their owner
and the managers of their school."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_visibility
from digicampus.library.models import StoredFile


@register_visibility(StoredFile)
def _files(user: Any, scope: Scope) -> Q:
    return Q(owner_id=user.pk) | Q(school_id__in=scope.managed_school_ids)
