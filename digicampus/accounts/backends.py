"""Sign in with an education ID, an e-mail address or a phone number."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from digicampus.accounts.models import User
from digicampus.accounts.phones import normalize_phone
from digicampus.core.prepared import Prepared

# The signed-in user is read on every request: its query is compiled once (core.prepared).
_USER = Prepared(lambda pk: User._default_manager.filter(pk=pk))


def user_by_identifier(identifier: str) -> User | None:
    """The account whose education ID, e-mail or phone is `identifier`, if exactly one."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    q = Q(education_id=identifier)
    if "@" in identifier:
        q |= Q(email__iexact=identifier)
    phone = normalize_phone(identifier)
    if phone:
        q |= Q(phone=phone)
    matches = list(User.objects.filter(q)[:2])
    return matches[0] if len(matches) == 1 else None


class IdentifierBackend(ModelBackend):
    """ModelBackend that looks the account up by any of its three identifiers."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_by_identifier(username)
        if user is None:
            # Spend the same time as a real check so that unknown identifiers are not revealed.
            User().set_password(password)
            return None
        if not self.user_can_authenticate(user):
            return None
        if user.has_usable_password() and user.check_password(password):
            return user
        if activation_code_matches(user, password):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in account (Django has converted the session's id already)."""
        found = _USER.instances(user_id)
        return found[0] if found and self.user_can_authenticate(found[0]) else None


def activation_code_matches(user: User, code: str) -> bool:
    """Whether `code` is the account's unexpired one-time sign-in code."""
    if not user.activation_digest:
        return False
    if user.activation_expires_at and user.activation_expires_at < timezone.now():
        return False
    candidate = hashlib.sha256(code.strip().encode()).hexdigest()
    return hmac.compare_digest(candidate, user.activation_digest)
