"""Find Swedish identity numbers, phone numbers and e-mail addresses in free text.

Pure Python: no Django. Every finder returns :class:`Found` spans (offsets into the text given).

Identity numbers (personnummer, samordningsnummer) are found *strictly*: every window of 10 or
12 digits (with an optional separator before the last four digits) is checked, even inside a
longer run of digits, so that no valid number survives redaction. See docs/privacy.md.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a span of text identifies. Order of PRIORITY decides which kind wins an overlap."""

    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    EMAIL = "email"
    PHONE = "phone"
    NAME = "name"


PRIORITY: tuple[Kind, ...] = (
    Kind.PERSONNUMMER,
    Kind.SAMORDNINGSNUMMER,
    Kind.EMAIL,
    Kind.PHONE,
    Kind.NAME,
)
IDENTITY_KINDS = frozenset({Kind.PERSONNUMMER, Kind.SAMORDNINGSNUMMER})


@dataclass(frozen=True, slots=True)
class Found:
    """A span ``text[start:end]`` of a given kind."""

    start: int
    end: int
    kind: Kind
    text: str


# Separators accepted between the date and the last four digits: the official "-" and "+",
# Unicode dashes and minus (word processors), a space and a no-break space.
_SEP = "[-+\u2010\u2011\u2012\u2013\u2212 \u00a0]"
_SHORT_WINDOWS = re.compile(rf"(?=(\d{{6}}{_SEP}?\d{{4}}))")
_LONG_WINDOWS = re.compile(rf"(?=(\d{{8}}{_SEP}?\d{{4}}))")
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def luhn_check_digit(digits: Iterable[int]) -> int:
    """The Luhn check digit for the given digits (weights 2, 1, 2, … from the left)."""
    total = 0
    for index, digit in enumerate(digits):
        value = digit * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def _is_real_date(year: int | None, two_digit_year: int, month: int, day: int) -> bool:
    """True for a calendar date. Without a century, 29 February is allowed when YY % 4 == 0."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is not None:
        return year >= 1 and day <= calendar.monthrange(year, month)[1]
    is_leap_day = month == 2 and day == 29 and two_digit_year % 4 == 0
    return is_leap_day or day <= _DAYS_IN_MONTH[month - 1]


def identity_kind(candidate: str) -> Kind | None:
    """The kind of a whole candidate ("YYMMDD-NNNC", "YYYYMMDDNNNC", …), or None if invalid.

    Checks the shape (10 or 12 digits), the serial (not 000), the Luhn digit and the date
    (day + 60 for a samordningsnummer).
    """
    digits = [int(ch) for ch in candidate if ch.isdecimal()]
    if len(digits) not in (10, 12):
        return None
    century = digits[0] * 10 + digits[1] if len(digits) == 12 else None
    short = digits[-10:]
    if short[6:9] == [0, 0, 0] or luhn_check_digit(short[:9]) != short[9]:
        return None
    yy, month, day = (short[0] * 10 + short[1], short[2] * 10 + short[3], short[4] * 10 + short[5])
    is_coordination = day > 60
    year = None if century is None else century * 100 + yy
    if not _is_real_date(year, yy, month, day - 60 if is_coordination else day):
        return None
    return Kind.SAMORDNINGSNUMMER if is_coordination else Kind.PERSONNUMMER


def _identity_windows(text: str) -> list[Found]:
    found: list[Found] = []
    for pattern in (_LONG_WINDOWS, _SHORT_WINDOWS):
        for match in pattern.finditer(text):
            kind = identity_kind(match.group(1))
            if kind is not None:
                found.append(Found(match.start(1), match.end(1), kind, match.group(1)))
    return found


# Personnummer-shaped numbers whose check digit is wrong (a typo, or a made-up number): still
# identifying, so they are found too. Shapes: date + separator + four digits (6 or 8 date
# digits), twelve digits starting 19/20, ten digits not starting with 0 (those are phone
# numbers, found as such); never glued to other digits. The date must be real (day + 60 for a
# samordningsnummer), which keeps amounts, registry numbers and organisation numbers out.
_SHAPED = re.compile(
    rf"(?<![\d])(?:(?:(?:19|20)\d{{6}}|\d{{6}}){_SEP}\d{{4}}|(?:19|20)\d{{10}}|[1-9]\d{{9}})(?![\d])"
)


def _shape_kind(candidate: str) -> Kind | None:
    """The kind a personnummer-shaped candidate would have, judging by its date alone."""
    digits = [int(ch) for ch in candidate if ch.isdecimal()]
    century = digits[0] * 10 + digits[1] if len(digits) == 12 else None
    short = digits[-10:]
    yy, month, day = (short[0] * 10 + short[1], short[2] * 10 + short[3], short[4] * 10 + short[5])
    is_coordination = day > 60
    year = None if century is None else century * 100 + yy
    if not _is_real_date(year, yy, month, day - 60 if is_coordination else day):
        return None
    return Kind.SAMORDNINGSNUMMER if is_coordination else Kind.PERSONNUMMER


def find_identity_shaped(text: str) -> tuple[Found, ...]:
    """Personnummer-shaped numbers with a real date, whatever their check digit."""
    found = []
    for match in _SHAPED.finditer(text):
        kind = _shape_kind(match.group())
        if kind is not None:
            found.append(Found(match.start(), match.end(), kind, match.group()))
    return tuple(found)


def merge_overlapping(found: Iterable[Found], text: str) -> tuple[Found, ...]:
    """Merge overlapping spans into their union; the union takes the kind with highest PRIORITY."""
    merged: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and item.start < merged[-1].end:
            last = merged[-1]
            end = max(last.end, item.end)
            kind = min(last.kind, item.kind, key=PRIORITY.index)
            merged[-1] = Found(last.start, end, kind, text[last.start : end])
        else:
            merged.append(item)
    return tuple(merged)


def find_identity_numbers(text: str) -> tuple[Found, ...]:
    """Personnummer and samordningsnummer in the text, as non-overlapping spans."""
    return merge_overlapping(_identity_windows(text), text)


def contains_valid_personnummer(text: str) -> bool:
    """True if any valid personnummer or samordningsnummer occurs anywhere in the text."""
    return any(
        identity_kind(match.group(1)) is not None
        for pattern in (_SHORT_WINDOWS, _LONG_WINDOWS)
        for match in pattern.finditer(text)
    )


# Phone numbers: +46 / 0046 (optionally "(0)") or a national 0, then 7–9 digits of the national
# significant number, optionally split by single spaces, hyphens or slashes, and the area code
# optionally in parentheses. Not glued to letters, digits, "+", "-" or "/" on either side.
_PHONE = re.compile(
    r"""
    (?<![\w+\-/\u2013])
    (?:
        (?:\+|00)46[ \u00a0\-]?(?:\(0\)[ \u00a0\-]?)?
      | \(?0(?=[1-9])
    )
    [1-9](?:\)?[ \u00a0\-/\u2013]?[0-9]){6,8}
    (?![\w]|[\-/\u2013][0-9])
    """,
    re.VERBOSE | re.ASCII,
)
_TIME_RANGE = re.compile(r"([01][0-9]|2[0-3])[0-5][0-9][\-\u2013]([01][0-9]|2[0-3])[0-5][0-9]")


def find_phone_numbers(text: str) -> tuple[Found, ...]:
    """Swedish phone numbers (mobile and landline, national or +46 form)."""
    return tuple(
        Found(match.start(), match.end(), Kind.PHONE, match.group())
        for match in _PHONE.finditer(text)
        if not _TIME_RANGE.fullmatch(match.group())
    )


_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])",
)


def find_emails(text: str) -> tuple[Found, ...]:
    """E-mail addresses (Unicode letters allowed, e.g. åsa@exempel.se)."""
    return tuple(
        Found(match.start(), match.end(), Kind.EMAIL, match.group())
        for match in _EMAIL.finditer(text)
    )


def find_identifiers(text: str) -> tuple[Found, ...]:
    """Identity numbers (valid, or shaped like one with a wrong check digit), e-mail addresses
    and phone numbers, merged into non-overlapping spans."""
    found = [
        *_identity_windows(text),
        *find_identity_shaped(text),
        *find_emails(text),
        *find_phone_numbers(text),
    ]
    return merge_overlapping(found, text)
