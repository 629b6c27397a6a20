"""Writes for people, memberships and tokens. Each is atomic and audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from vardag.accounts import tokens
from vardag.accounts.models import ApiToken, Membership, User
from vardag.core import audit
from vardag.core.models import Organisation, Unit


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    title: str = "",
    password: str | None = None,
    external_id: str = "",
) -> User:
    user = User(
        organisation=organisation,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        external_id=external_id,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(actor, "user.created", target=user, organisation=organisation)
    return user


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    user: User,
    unit: Unit,
    role: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Membership:
    membership = Membership.objects.create(
        user=user,
        unit=unit,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
    )
    audit.record(
        actor,
        "membership.created",
        target=membership,
        organisation=unit.organisation_id,
        data={"user": user.pk, "unit": unit.pk, "role": role},
    )
    return membership


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token for the actor. The plaintext is returned once."""
    plaintext, prefix, digest = tokens.generate()
    token = ApiToken.objects.create(user=actor, name=name, prefix=prefix, digest=digest)
    audit.record(actor, "api_token.created", target=token, data={"name": name})
    return token, plaintext


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor, "api_token.revoked", target=token)
    return token


@transaction.atomic
def sessions_end_all(*, actor: User) -> None:
    """Log out everywhere: every session started before now stops being valid."""
    actor.sessions_valid_after = timezone.now()
    actor.save(update_fields=["sessions_valid_after"])
    audit.record(actor, "user.sessions_ended", target=actor)


def token_authenticate(plaintext: str) -> User | None:
    """Return the active token's owner, or None. Touches last_used_at at most once a minute."""
    prefix = tokens.parse_prefix(plaintext)
    if prefix is None:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not tokens.matches(plaintext, token.digest):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
