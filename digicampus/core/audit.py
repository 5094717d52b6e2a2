"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from digicampus.core.models import AuditEntry


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    school_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry for `actor` doing `verb` on `target`; `actor` may be None for the system."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        school_id=school_id,
        data=data or {},
    )
