"""Ask users to accept the code of conduct before they use the platform."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from digicampus.safety import selectors

# How long an answer holds in the session before the database is asked again; a new version
# of the code reaches everyone within this time.
RECHECK_SECONDS = 300
SESSION_KEY = "safety_conduct_checked"


class ConductMiddleware:
    """Send a signed-in user who has not accepted the current code (or the school's changed
    rules) to the code page, once they have a password of their own."""

    ALLOWED_PREFIXES = ("/static/", "/healthz", "/livez", "/i18n/", "/api/", "/media/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_superuser
            and not user.must_change_password
            and request.method == "GET"
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and request.path not in (reverse("safety:conduct"), reverse("accounts:logout"))
            and self._pending(request)
        ):
            return redirect(f"{reverse('safety:conduct')}?{urlencode({'next': request.path})}")
        return self.get_response(request)

    @staticmethod
    def _pending(request: HttpRequest) -> bool:
        checked = request.session.get(SESSION_KEY)
        if checked and time.time() - checked < RECHECK_SECONDS:
            return False
        if selectors.conduct_pending(user=request.user) is not None:
            return True
        request.session[SESSION_KEY] = time.time()
        return False
