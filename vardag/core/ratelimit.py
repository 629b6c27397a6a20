"""Limits on guessing: too many wrong codes from one client and it must wait.

Used where a short secret is typed by a person (a participant's return code): the secret is long
enough that guessing one is hopeless, and this keeps it so when many secrets exist. Also: failed
sign-ins from one address across many usernames (password spraying, which django-axes' lockout by
username and address does not see) and password-reset e-mails per address and per recipient.
Counts are kept per scope and client in fixed windows in the database, so they hold across
processes and machines. The client is the IP address as the sign-in lockout (django-axes)
resolves it behind proxies (or a given key, such as an e-mail address), stored only as an HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from vardag.core.models import RateLimitWindow

KEEP = timedelta(days=1)


def _client(request: HttpRequest, key: str | None = None) -> str:
    """The client address (or `key`, e.g. an e-mail address being asked about) as an HMAC."""
    from axes.helpers import get_client_ip_address

    value = key if key is not None else (get_client_ip_address(request) or "unknown")
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def _window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def is_limited(
    request: HttpRequest, scope: str, *, limit: int, window: timedelta, key: str | None = None
) -> bool:
    """Has this client (or `key`) failed `limit` times in the current window?"""
    start = _window_start(timezone.now(), window)
    row = (
        RateLimitWindow.objects.filter(
            scope=scope, client=_client(request, key), window_start=start
        )
        .values_list("count", flat=True)
        .first()
    )
    return (row or 0) >= limit


def record_failure(
    request: HttpRequest, scope: str, *, window: timedelta, key: str | None = None
) -> None:
    """Count one attempt (safe when two arrive at once) and forget day-old windows."""
    now = timezone.now()
    start = _window_start(now, window)
    client = _client(request, key)
    rows = RateLimitWindow.objects.filter(scope=scope, client=client, window_start=start)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateLimitWindow.objects.create(
                    scope=scope, client=client, window_start=start, count=1
                )
        except IntegrityError:
            rows.update(count=F("count") + 1)
    RateLimitWindow.objects.filter(window_start__lt=now - KEEP).delete()
