"""Absolute session lifetime and "log out everywhere"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SESSION_KEY = "vardag_auth_at"


def stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    request.session[SESSION_KEY] = timezone.now().timestamp()


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
        if request.user.is_authenticated and _is_expired(request):
            logout(request)
        return self.get_response(request)
