"""Who may see and handle reports: the reporter, and the school's safety team."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from digicampus.core.permissions import Scope, register_rule, register_visibility
from digicampus.safety.models import Report


def _team_schools(scope: Scope) -> frozenset[int]:
    return scope.managed_school_ids | scope.collaborator_school_ids


@register_visibility(Report)
def _reports(user: Any, scope: Scope) -> Q:
    return Q(reporter_id=user.pk) | Q(school_id__in=_team_schools(scope))


@register_rule("safety.handle_report")
def _handle(user: Any, scope: Scope, report: Report) -> bool:
    """Collaborators and managers of the school handle its reports."""
    return report.school_id in _team_schools(scope)


@register_rule("safety.view_queue")
def _queue(user: Any, scope: Scope, school: Any) -> bool:
    return school.pk in _team_schools(scope)
