"""Redact free-text answers (surveys, participation) before they are saved.

Irreversible: identity numbers, e-mail addresses, phone numbers and names become fixed
placeholders. The placeholders are stored text, so they are the same in every UI language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from vardag.core.privacy.identifiers import (
    PRIORITY,
    Found,
    Kind,
    contains_valid_personnummer,
    find_identifiers,
    find_identity_numbers,
    merge_overlapping,
)
from vardag.core.privacy.names import find_names

PLACEHOLDERS: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.PERSONNUMMER: "[personnummer]",
        Kind.SAMORDNINGSNUMMER: "[samordningsnummer]",
        Kind.EMAIL: "[e-post]",
        Kind.PHONE: "[telefon]",
        Kind.NAME: "[namn]",
    }
)
_MAX_PASSES = 3


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted text and how many spans of each kind were replaced (never the values)."""

    text: str
    counts: tuple[tuple[Kind, int], ...] = ()

    def count(self, kind: Kind) -> int:
        return dict(self.counts).get(kind, 0)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def is_changed(self) -> bool:
        return self.total > 0


def find_sensitive(
    text: str, *, names: Iterable[str] = (), first_names: Iterable[str] = ()
) -> tuple[Found, ...]:
    """Everything redact() would replace, as non-overlapping spans (unions take the top kind)."""
    name_spans = [
        Found(n.start, n.end, Kind.NAME, n.text)
        for n in find_names(text, names, first_names=first_names)
    ]
    return merge_overlapping([*find_identifiers(text), *name_spans], text)


def _replace(text: str, spans: Iterable[Found]) -> str:
    parts: list[str] = []
    position = 0
    for span in spans:
        parts += [text[position : span.start], PLACEHOLDERS[span.kind]]
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def redact(text: str, *, names: Iterable[str] = (), first_names: Iterable[str] = ()) -> Redaction:
    """Replace identity numbers, e-mail, phone numbers and names with placeholders.

    ``names`` are matched case-insensitively as whole words (with genitive "s");
    ``first_names`` (e.g. SWEDISH_FIRST_NAMES) only where capitalised. The result never
    contains a valid personnummer or samordningsnummer.
    """
    names, first_names = tuple(names), tuple(first_names)
    counts: Counter[Kind] = Counter()
    for _ in range(_MAX_PASSES):
        spans = find_sensitive(text, names=names, first_names=first_names)
        counts.update(span.kind for span in spans)
        text = _replace(text, spans)
        if not contains_valid_personnummer(text):
            break
    ordered = tuple((kind, counts[kind]) for kind in PRIORITY if counts[kind])
    return Redaction(text=text, counts=ordered)


def redact_identity_numbers(text: str) -> str:
    """Replace only personnummer and samordningsnummer; e-mail, phones and names stay.

    For text that must stay readable as written (notifications, the audit log, a file name) but
    may not keep an identity number. The result never contains a valid one.
    """
    while contains_valid_personnummer(text):
        text = _replace(text, find_identity_numbers(text))
    return text
