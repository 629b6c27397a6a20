"""Absolute session lifetime and "log out everywhere"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SESSION_KEY = "vardag_auth_at"


SEEN_KEY = "vardag_seen_at"
SEEN_EVERY_SECONDS = 300


def stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    from vardag.accounts.services import session_started

    now = timezone.now().timestamp()
    request.session[SESSION_KEY] = now
    request.session[SEEN_KEY] = now
    if request.session.session_key is None:
        request.session.save()
    session_started(
        user=user,
        session_key=str(request.session.session_key),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        ip=request.META.get("REMOTE_ADDR") or None,
        method=getattr(request, "vardag_login_method", "password"),
    )


def forget_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from vardag.accounts.services import session_finished

    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        session_finished(session_key=key)


def _touch(request: HttpRequest) -> None:
    """Note when a session was last used, at most every five minutes."""
    from vardag.accounts.models import UserSession

    now = timezone.now()
    seen = float(request.session.get(SEEN_KEY, 0))
    if now.timestamp() - seen > SEEN_EVERY_SECONDS and request.session.session_key:
        request.session[SEEN_KEY] = now.timestamp()
        UserSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=now)


def _is_expired(request: HttpRequest) -> bool:
    started = request.session.get(SESSION_KEY)
    if started is None:
        return True
    now = timezone.now().timestamp()
    if now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
        return True
    revoked = request.user.sessions_valid_after  # type: ignore[union-attr]
    return revoked is not None and float(started) < revoked.timestamp()


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if _is_expired(request):
                logout(request)
            else:
                _touch(request)
        return self.get_response(request)
