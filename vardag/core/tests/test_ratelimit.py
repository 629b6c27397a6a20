from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory

from vardag.core import ratelimit
from vardag.core.models import RateLimitWindow

pytestmark = pytest.mark.django_db
WINDOW = timedelta(minutes=15)


def _at(monkeypatch, text: str) -> None:
    moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: moment)


def _request(ip: str):
    return RequestFactory().get("/", REMOTE_ADDR=ip)


def test_a_client_is_limited_after_the_limit_and_others_are_not() -> None:
    guesser, neighbour = _request("203.0.113.7"), _request("198.51.100.2")
    for _ in range(3):
        assert not ratelimit.is_limited(guesser, "s", limit=3, window=WINDOW)
        ratelimit.record_failure(guesser, "s", window=WINDOW)
    assert ratelimit.is_limited(guesser, "s", limit=3, window=WINDOW)
    assert not ratelimit.is_limited(neighbour, "s", limit=3, window=WINDOW)
    assert not ratelimit.is_limited(guesser, "another scope", limit=3, window=WINDOW)


def test_the_address_is_not_stored() -> None:
    ratelimit.record_failure(_request("203.0.113.7"), "s", window=WINDOW)
    row = RateLimitWindow.objects.get()
    assert "203.0.113.7" not in row.client and len(row.client) == 64


def test_the_next_window_starts_afresh(monkeypatch) -> None:
    _at(monkeypatch, "2026-11-28 10:00:00")
    request = _request("203.0.113.7")
    ratelimit.record_failure(request, "s", window=WINDOW)
    assert ratelimit.is_limited(request, "s", limit=1, window=WINDOW)
    _at(monkeypatch, "2026-11-28 10:15:00")
    assert not ratelimit.is_limited(request, "s", limit=1, window=WINDOW)


def test_day_old_windows_are_forgotten(monkeypatch) -> None:
    _at(monkeypatch, "2026-11-26 10:00:00")
    ratelimit.record_failure(_request("203.0.113.7"), "s", window=WINDOW)
    _at(monkeypatch, "2026-11-28 10:00:00")
    ratelimit.record_failure(_request("198.51.100.2"), "s", window=WINDOW)
    assert RateLimitWindow.objects.count() == 1
