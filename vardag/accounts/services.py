"""Writes for people, memberships and tokens. Each is atomic and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.accounts import tokens
from vardag.accounts.models import (
    ApiToken,
    GroupMapping,
    Membership,
    OidcIdentity,
    User,
    UserSession,
)
from vardag.core import audit, once
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


PERSON_FIELDS = ("first_name", "last_name", "email", "title", "is_active")


@transaction.atomic
def user_update(*, actor: User | None, user: User, **changes: object) -> User:
    """Change a person's name, e-mail, title or active flag (audited with old and new values)."""
    diff = {}
    for key, value in changes.items():
        if key in PERSON_FIELDS and getattr(user, key) != value:
            diff[key] = [getattr(user, key), value]
            setattr(user, key, value)
    if diff:
        user.save(update_fields=list(diff))
        audit.record(actor, "user.changed", target=user, data=diff)
    return user


@transaction.atomic
def user_language_set(*, actor: User, language: str) -> User:
    """The person's language for pages and notifications (chosen with the language switch)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Okänt språk."))
    if actor.language != language:
        audit.record(
            actor, "user.language", target=actor, data={"language": [actor.language, language]}
        )
        actor.language = language
        actor.save(update_fields=["language"])
    return actor


@transaction.atomic
def membership_update(
    *,
    actor: User | None,
    membership: Membership,
    starts_on: date | None = None,
    ends_on: date | None = None,
    clear_end: bool = False,
) -> Membership:
    """Change a membership's dates; `clear_end` makes it open-ended again."""
    diff: dict[str, list[object]] = {}
    if starts_on is not None and starts_on != membership.starts_on:
        diff["starts_on"] = [membership.starts_on, starts_on]
        membership.starts_on = starts_on
    new_end = None if clear_end else (ends_on if ends_on is not None else membership.ends_on)
    if new_end != membership.ends_on:
        diff["ends_on"] = [membership.ends_on, new_end]
        membership.ends_on = new_end
    if membership.ends_on is not None and membership.ends_on < membership.starts_on:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
    if diff:
        membership.save(update_fields=list(diff))
        audit.record(
            actor,
            "membership.changed",
            target=membership,
            organisation=membership.unit.organisation_id,
            data=diff,
        )
    return membership


@transaction.atomic
def membership_end(
    *, actor: User | None, membership: Membership, on: date | None = None
) -> Membership | None:
    """End a membership (yesterday by default).

    One that would end before it started (it starts today or later) is removed instead; the
    audit log keeps the trace.
    """
    day = on or timezone.localdate() - timedelta(days=1)
    if day < membership.starts_on:
        audit.record(
            actor,
            "membership.removed",
            target=membership,
            organisation=membership.unit.organisation_id,
            data={"user": membership.user_id, "unit": membership.unit_id, "role": membership.role},
        )
        membership.delete()
        return None
    return membership_update(actor=actor, membership=membership, ends_on=day)


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    user: User,
    unit: Unit,
    role: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    source: str = Membership.Source.MANUAL,
) -> Membership:
    if user.organisation_id != unit.organisation_id:
        raise ValidationError(_("Enheten tillhör en annan organisation."))
    start = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < start:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
    membership = Membership.objects.create(
        user=user, unit=unit, role=role, starts_on=start, ends_on=ends_on, source=source
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
def token_create(*, actor: User, name: str, request_key: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token for the actor. The plaintext is returned once.

    A repeat with the same `request_key` (a double click, a retry after a lost answer) makes no
    second token. Only a digest is kept, so the first plaintext cannot be shown again: while
    the token has never been used and is not revoked, it gets a new secret and that plaintext
    is returned (the browser showed only the last answer; the first one was never read). A
    token in use is left alone and the plaintext is "" (it was shown once already)."""
    plaintext, prefix, digest = tokens.generate()
    token, made = once.create_once(
        ApiToken,
        request_key,
        lambda: ApiToken.objects.create(
            user=actor, name=name, prefix=prefix, digest=digest, request_key=request_key[:64]
        ),
        user=actor,
    )
    if made:
        audit.record(actor, "api_token.created", target=token, data={"name": name})
        return token, plaintext
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.last_used_at is not None or token.revoked_at is not None:
        return token, ""
    plaintext, _prefix, token.digest = tokens.generate(token.prefix)
    token.save(update_fields=["digest"])
    audit.record(actor, "api_token.reissued", target=token, data={"name": token.name})
    return token, plaintext


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor, "api_token.revoked", target=token)
    return token


@transaction.atomic
def sessions_end_all(*, actor: User, revoke_tokens: bool = False) -> int:
    """Log out everywhere: every session started before now stops being valid.

    With `revoke_tokens` the person's API tokens stop working too (a token is not a session, so
    it is the person's choice). Returns the number of tokens revoked."""
    now = timezone.now()
    actor.sessions_valid_after = now
    actor.save(update_fields=["sessions_valid_after"])
    UserSession.objects.filter(user=actor, ended_at__isnull=True).update(ended_at=now)
    revoked = 0
    if revoke_tokens:
        revoked = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).update(
            revoked_at=now
        )
    audit.record(actor, "user.sessions_ended", target=actor, data={"tokens_revoked": revoked})
    return revoked


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


# --- Single sign-on ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OidcClaims:
    issuer: str
    subject: str
    organisation_slug: str
    is_creating_users: bool
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    groups: tuple[str, ...] = ()


class SignInRefused(Exception):
    """The identity provider vouched for someone Vardag does not let in (Swedish message)."""


@transaction.atomic
def oidc_user_for(claims: OidcClaims) -> User:
    """Find (or, if allowed, create) the person with this stable subject, then sync group roles."""
    identity = (
        OidcIdentity.objects.select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is not None:
        user = identity.user
    else:
        organisation = Organisation.objects.filter(slug=claims.organisation_slug).first()
        if organisation is None or not claims.is_creating_users:
            raise SignInRefused(
                _("Ditt konto finns inte i Vardag. Kontakta organisationens administratör.")
            )
        user = user_create(
            actor=None,
            organisation=organisation,
            username=_free_username(claims.email or f"sso-{claims.subject[:40]}"),
            first_name=claims.first_name[:150],
            last_name=claims.last_name[:150],
            email=claims.email,
        )
        identity = OidcIdentity.objects.create(
            user=user, issuer=claims.issuer, subject=claims.subject
        )
        audit.record(None, "user.sso_linked", target=user, data={"issuer": claims.issuer})
    if not user.is_active:
        raise SignInRefused(_("Ditt konto är inaktiverat. Kontakta organisationens administratör."))
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    _sync_group_memberships(user, claims.groups)
    return user


def _free_username(base: str) -> str:
    base = base.lower()[:140]
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _sync_group_memberships(user: User, groups: tuple[str, ...]) -> None:
    """Memberships from group claims follow the groups: added when present, ended when gone."""
    wanted = {
        (m.unit_id, m.role): m.unit
        for m in GroupMapping.objects.filter(
            organisation_id=user.organisation_id or 0,
            group__in=groups,
            unit__closed_at__isnull=True,
        ).select_related("unit")
    }
    today = timezone.localdate()
    current = {
        (m.unit_id, m.role): m
        for m in user.memberships.filter(source=Membership.Source.SSO)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("unit")
    }
    for key, unit in wanted.items():
        if key not in current:
            membership_create(
                actor=None, user=user, unit=unit, role=key[1], source=Membership.Source.SSO
            )
    for key, membership in current.items():
        if key not in wanted:
            membership_end(actor=None, membership=membership)


# --- Browser sessions ---------------------------------------------------------------------------


def session_started(
    *, user: User, session_key: str, user_agent: str, ip: str | None, method: str
) -> None:
    """Bookkeeping of a sign-in (not a change of content; the sign-in itself is logged by axes)."""
    UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "user_agent": user_agent[:300],
            "ip_address": ip,
            "method": method,
            "ended_at": None,
        },
    )


def session_finished(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )


@transaction.atomic
def session_end(*, actor: User, session: UserSession) -> None:
    """End one of the actor's sessions: it is removed from the session store at once."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.delete(session.session_key)
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    audit.record(actor, "user.session_ended", target=actor, data={"session": session.pk})
