"""Test helpers: build identity numbers independently of the code under test; the oracle scan."""

from __future__ import annotations

import datetime
import re

from personnummer import personnummer


def luhn(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def make_number(
    date: datetime.date,
    serial: int = 123,
    *,
    coordination: bool = False,
    long: bool = False,
    sep: str = "-",
) -> str:
    day = date.day + 60 if coordination else date.day
    body = f"{date.year % 100:02d}{date.month:02d}{day:02d}{serial:03d}"
    century = f"{date.year // 100:02d}" if long else ""
    return f"{century}{body[:6]}{sep}{body[6:]}{luhn(body)}"


_ORACLE_WINDOWS = [re.compile(rf"(?=(\d{{{n}}}))") for n in (10, 12)] + [
    re.compile(rf"(?=(\d{{{n}}}[-+]\d{{4}}))") for n in (6, 8)
]


def oracle_findings(text: str) -> list[str]:
    """Every substring in a format the `personnummer` package parses that it calls valid."""
    return [
        match.group(1)
        for pattern in _ORACLE_WINDOWS
        for match in pattern.finditer(text)
        if personnummer.valid(match.group(1))
    ]
