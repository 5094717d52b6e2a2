"""Navigation entries for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from digicampus.core import permissions


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links shown in the top bar; computed from the user's scope (no extra query when the
    scope is already cached for the request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = permissions.scope_of(user)
    items = [(_("Home"), reverse("home"))]
    schools = scope.school_ids
    if scope.is_superuser or scope.bureau_ids or len(schools) > 1:
        items.append((_("Schools"), reverse("org:school_list")))
    elif len(scope.staff_school_ids) == 1:
        (school_id,) = scope.staff_school_ids
        items.append((_("My school"), reverse("org:school_detail", args=[school_id])))
        if school_id in scope.managed_school_ids:
            items.append((_("People"), reverse("accounts:user_list", args=[school_id])))
            items.append((_("Import"), reverse("accounts:import_list", args=[school_id])))
    items.append((_("Messages"), reverse("messaging:inbox")))
    if scope.staff_school_ids or scope.student_school_ids or scope.child_ids:
        items.append((_("Spaces"), reverse("spaces:home")))
    if scope.staff_school_ids or scope.student_school_ids:
        items.append((_("Forum"), reverse("portal:home")))
    if scope.staff_school_ids or scope.reviewer_school_ids or scope.bureau_ids:
        items.append((_("Resource library"), reverse("library:home")))
    if scope.staff_school_ids or scope.bureau_ids or scope.is_superuser:
        items.append((_("Announcements"), reverse("messaging:announcement_list")))
        items.append((_("Portals"), reverse("portal_site:site_list")))
    items.append((_("Safety"), reverse("safety:home")))
    if scope.is_superuser or scope.bureau_ids:
        items.append((_("Indicators"), reverse("org:indicator_list")))
    items.append((_("My account"), reverse("accounts:profile")))
    return {"nav_items": items}
