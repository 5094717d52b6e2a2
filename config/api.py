"""The one NinjaAPI: every app's router, both kinds of auth, and one error shape.

Every error is JSON `{"code", "message", "fields"}`, the message in the user's language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from digicampus.accounts.api import router as accounts_router
from digicampus.accounts.services import api_token_user
from digicampus.accounts.throttle import SignInBusyError
from digicampus.core.errors import DomainError
from digicampus.library.api import router as library_router
from digicampus.messaging.api import router as messaging_router
from digicampus.org.api import router as org_router
from digicampus.portal.api import router as portal_router
from digicampus.portal.api import site_router as portal_site_router
from digicampus.safety.api import router as safety_router
from digicampus.spaces.api import router as spaces_router


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` for apps."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SessionAuthCsrf(SessionAuth):
    """The browser's session; unsafe methods need the CSRF token."""


api = NinjaAPI(
    title="DigiCampus API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=[SessionAuthCsrf(), BearerAuth()],
)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message))


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "permission_denied", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(ObjectDoesNotExist)
def _missing_object(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("Sign in or send a valid token."))


@api.exception_handler(SignInBusyError)
def _busy(request: HttpRequest, exc: SignInBusyError) -> HttpResponse:
    response = _error(
        request,
        429,
        "too_many_sign_ins",
        _("Too many people are signing in right now. Try again in a moment."),
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        name = ".".join(str(p) for p in error.get("loc", [])[1:]) or "__all__"
        fields.setdefault(name, []).append(_("This value is not valid."))
    return _error(request, 422, "invalid", _("Some fields are not valid."), fields)


@api.exception_handler(DjangoValidationError)
def _django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 400, "invalid", _("Some fields are not valid."), fields)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


api.add_router("/", accounts_router)
api.add_router("/org/", org_router)
api.add_router("/messaging/", messaging_router)
api.add_router("/safety/", safety_router)
api.add_router("/forum/", portal_router)
api.add_router("/portal/", portal_site_router)
api.add_router("/library/", library_router)
api.add_router("/spaces/", spaces_router)
