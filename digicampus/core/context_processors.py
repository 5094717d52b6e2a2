"""Navigation entries for the signed-in user's role."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from digicampus.core import permissions


@lru_cache(maxsize=512)
def _address(prefix: str, name: str, args: tuple[int, ...] = ()) -> str:
    # The URL configuration does not change while the process runs: each address is
    # reversed once per prefix.
    return reverse(name, args=args)


def _url(name: str, *args: int) -> str:
    return _address(get_script_prefix(), name, args)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links shown in the top bar; computed from the user's scope (no extra query when the
    scope is already cached for the request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = permissions.scope_of(user)
    items = [(_("Home"), _url("home"))]
    schools = scope.school_ids
    if scope.is_superuser or scope.bureau_ids or len(schools) > 1:
        items.append((_("Schools"), _url("org:school_list")))
    elif len(scope.staff_school_ids) == 1:
        (school_id,) = scope.staff_school_ids
        items.append((_("My school"), _url("org:school_detail", school_id)))
        if school_id in scope.managed_school_ids:
            items.append((_("People"), _url("accounts:user_list", school_id)))
            items.append((_("Import"), _url("accounts:import_list", school_id)))
    items.append((_("Messages"), _url("messaging:inbox")))
    if scope.staff_school_ids or scope.student_school_ids or scope.child_ids:
        items.append((_("Spaces"), _url("spaces:home")))
    if scope.staff_school_ids or scope.student_school_ids:
        items.append((_("Forum"), _url("portal:home")))
    if scope.staff_school_ids or scope.reviewer_school_ids or scope.bureau_ids:
        items.append((_("Resource library"), _url("library:home")))
    if scope.staff_school_ids or scope.bureau_ids or scope.is_superuser:
        items.append((_("Announcements"), _url("messaging:announcement_list")))
        items.append((_("Portals"), _url("portal_site:site_list")))
    items.append((_("Safety"), _url("safety:home")))
    if scope.is_superuser or scope.bureau_ids:
        items.append((_("Indicators"), _url("org:indicator_list")))
    items.append((_("My account"), _url("accounts:profile")))
    return {"nav_items": items}
