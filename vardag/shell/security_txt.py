"""/.well-known/security.txt (RFC 9116): whom to tell about a vulnerability, and until when."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

DEFAULT_VALID_DAYS = 180


def contacts() -> list[str]:
    configured = list(settings.SECURITY_CONTACT)
    if configured:
        return [c if ":" in c else f"mailto:{c}" for c in configured]
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return [f"mailto:{address}"]


def expires() -> datetime:
    value = settings.SECURITY_TXT_EXPIRES.strip()
    if value:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise ValueError(f"VARDAG_SECURITY_TXT_EXPIRES is not a date: {value!r}")
            moment = datetime.combine(day, time(0, 0), tzinfo=UTC)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    today = timezone.now().astimezone(UTC).date()
    return datetime.combine(today + timedelta(days=DEFAULT_VALID_DAYS), time(0, 0), tzinfo=UTC)


def text() -> str:
    lines = [f"Contact: {contact}" for contact in contacts()]
    lines.append(f"Expires: {expires().strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("Preferred-Languages: sv, en")
    lines.append(f"Canonical: {settings.SITE_URL}/.well-known/security.txt")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return "\n".join(lines) + "\n"
