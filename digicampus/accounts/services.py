"""Writes on accounts: creation, roles, parent links, language, passwords, tokens, disabling."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.models import ApiToken, Membership, User
from digicampus.core import audit, permissions
from digicampus.org.models import Bureau, Classroom, School, SubjectGroup


@transaction.atomic
def membership_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    bureau: Bureau | None = None,
    school: School | None = None,
    classroom: Classroom | None = None,
    subject_group: SubjectGroup | None = None,
) -> Membership:
    """Give `user` a role on a scope; a class or group implies its school.

    Raises PermissionDenied unless the actor may give that role there (or is the system).
    """
    if classroom is not None:
        school = classroom.school
    if subject_group is not None:
        school = subject_group.school
    if actor is not None:
        if school is None:
            raise PermissionDenied("accounts.grant_role")
        if classroom is not None or role in (Role.STUDENT, Role.PARENT):
            permissions.require(actor, "org.manage_school", school)
        else:
            permissions.require(actor, "accounts.grant_role", (school, role))
    membership, _created = Membership.objects.get_or_create(
        user=user,
        role=role,
        bureau=bureau,
        school=school,
        classroom=classroom,
        subject_group=subject_group,
    )
    audit.record(
        actor=actor,
        verb="accounts.role_grant",
        target=user,
        school_id=school.pk if school else None,
        data={"role": role, "membership": membership.pk},
    )
    permissions.scope_changed(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: User, membership: Membership) -> None:
    """Remove a staff or reviewer role that the actor could also have given."""
    if membership.school is None:
        raise PermissionDenied("accounts.grant_role")
    permissions.require(actor, "accounts.grant_role", (membership.school, membership.role))
    audit.record(
        actor=actor,
        verb="accounts.role_revoke",
        target=membership.user,
        school_id=membership.school_id,
        data={"role": membership.role},
    )
    membership.delete()
    permissions.scope_changed(membership.user)


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language."""
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> User:
    """Set a new password chosen by the user; lifts the forced change."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.activation_digest = ""
    user.activation_expires_at = None
    user.save(
        update_fields=[
            "password",
            "must_change_password",
            "activation_digest",
            "activation_expires_at",
        ]
    )
    audit.record(actor=user, verb="accounts.password_change", target=user)
    return user


def _shared_school_id(actor: User, target: User) -> int | None:
    """A school that the actor manages and the target belongs to, for the audit record."""
    managed = permissions.scope_of(actor).managed_school_ids
    for membership in target.memberships.all():
        if membership.school_id in managed:
            return membership.school_id
    return None


@transaction.atomic
def user_reset_password(*, actor: User, target: User) -> str:
    """Give the account a one-time password that must be changed at next sign-in."""
    permissions.require(actor, "accounts.manage_user", target)
    temporary = secrets.token_urlsafe(8)
    target.set_password(temporary)
    target.must_change_password = True
    target.save(update_fields=["password", "must_change_password"])
    audit.record(
        actor=actor,
        verb="accounts.password_reset",
        target=target,
        school_id=_shared_school_id(actor, target),
    )
    return temporary


@transaction.atomic
def user_set_active(*, actor: User, target: User, active: bool) -> User:
    """Disable or re-enable an account. Disabling ends its sessions and revokes its tokens:
    the authentication backend refuses inactive accounts on every request."""
    permissions.require(actor, "accounts.manage_user", target)
    target.is_active = active
    target.save(update_fields=["is_active"])
    if not active:
        target.api_tokens.all().delete()
    audit.record(
        actor=actor,
        verb="accounts.enable" if active else "accounts.disable",
        target=target,
        school_id=_shared_school_id(actor, target),
    )
    return target


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new bearer token; the key is returned once and only its digest is kept."""
    key, digest = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, digest=digest)
    audit.record(actor=user, verb="accounts.token_create", target=user, data={"token": token.pk})
    return token, key


def api_token_user(key: str) -> User | None:
    """The active account that owns bearer `key`, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
