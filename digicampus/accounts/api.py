"""API: tokens for apps, and the current user."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from digicampus.accounts import selectors, services
from digicampus.accounts.errors import AccountError
from digicampus.accounts.throttle import sign_in_slot
from digicampus.core import permissions
from digicampus.core.errors import DomainError

router = Router(tags=["accounts"])


class TokenIn(Schema):
    identifier: str
    password: str
    name: str = "app"


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    id: int
    education_id: str
    full_name: str
    email: str | None
    phone: str | None
    date_of_birth: date | None
    language: str
    is_minor: bool
    roles: list[str]
    home: str
    school_ids: list[int]
    class_ids: list[int]
    child_ids: list[int]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


@router.post("/auth/token", auth=None, response={200: TokenOut, 400: ErrorOut, 429: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    """Exchange an identifier and password for a bearer token."""
    with sign_in_slot():
        user = authenticate(request, username=payload.identifier, password=payload.password)
    if user is None:
        raise DomainError("invalid_login", _("The identifier or password is not correct."))
    if user.must_change_password:
        raise DomainError(
            AccountError.NOT_READY,
            _("Sign in on the website once to choose a password before using apps."),
        )
    _token, key = services.api_token_create(user=user, name=payload.name)
    return {"token": key}


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    """The signed-in user, their roles and what their scope covers."""
    user = request.user
    scope = permissions.scope_of(user)
    return {
        "id": user.pk,
        "education_id": user.education_id,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "date_of_birth": user.date_of_birth,
        "language": user.language,
        "is_minor": user.is_minor,
        "roles": selectors.user_roles(user),
        "home": selectors.user_home_kind(user),
        "school_ids": sorted(scope.school_ids),
        "class_ids": sorted(
            scope.student_class_ids | scope.homeroom_class_ids | scope.child_class_ids
        ),
        "child_ids": sorted(scope.child_ids),
    }
