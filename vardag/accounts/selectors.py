"""Reads for people, scoped to the actor's organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vardag.accounts.models import ApiToken, Membership, User, UserSession
from vardag.core.access import organisation_id


def user_list(actor: User) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id(actor), is_active=True)


def access_user(actor: User, user_id: int) -> User:
    return get_object_or_404(user_list(actor), pk=user_id)


def membership_list(actor: User, *, user: User | None = None) -> QuerySet[Membership]:
    qs = Membership.objects.filter(unit__organisation_id=organisation_id(actor))
    if user is not None:
        qs = qs.filter(user=user)
    return qs.select_related("unit", "user")


def token_list(actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor)


def access_token(actor: User, token_id: int) -> ApiToken:
    return get_object_or_404(token_list(actor), pk=token_id)


def session_list(actor: User) -> QuerySet[UserSession]:
    """The actor's own signed-in sessions that have not ended."""
    return UserSession.objects.filter(user=actor, ended_at__isnull=True)


def access_session(actor: User, session_id: int) -> UserSession:
    return get_object_or_404(session_list(actor), pk=session_id)
