"""Pseudonymise research transcripts: suggest, let a person review, then apply consistently.

``suggest`` proposes replacements; ``apply`` carries out the accepted ones with a study-wide
:class:`PseudonymKey`, so the same original always gets the same pseudonym ("Anna" → "Person 1"
in every transcript of the study). Identity numbers are always replaced, accepted or not: stored
text never contains a valid personnummer. The key holds the originals; the Django layer stores it
apart from the texts and shows it only to the study owner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from vardag.core.privacy.first_names import SWEDISH_FIRST_NAMES
from vardag.core.privacy.identifiers import (
    IDENTITY_KINDS,
    Found,
    Kind,
    contains_valid_personnummer,
    find_identifiers,
    find_identity_numbers,
    merge_overlapping,
)
from vardag.core.privacy.names import NameFound, NameSource, find_names, normalise_name
from vardag.core.privacy.offsets import OffsetMap, Replacement

TEMPLATES: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.PERSONNUMMER: "[personnummer {n}]",
        Kind.SAMORDNINGSNUMMER: "[samordningsnummer {n}]",
        Kind.EMAIL: "[e-post {n}]",
        Kind.PHONE: "[telefon {n}]",
        Kind.NAME: "Person {n}",
    }
)
_GENITIVE_SUFFIX = re.compile(r"(?:s|['\u2019]s?)$", re.IGNORECASE)


class Source(StrEnum):
    """Why a span was suggested."""

    DETECTOR = "detector"  # identity number, phone or e-mail
    LISTED_NAME = "listed_name"  # a name the researcher listed
    FIRST_NAME_LIST = "first_name_list"  # a common first name: check it
    MANUAL = "manual"  # added by the reviewer


@dataclass(frozen=True, slots=True)
class KeyEntry:
    kind: Kind
    original: str  # normalised, see normalise_original()
    pseudonym: str


@dataclass(frozen=True, slots=True)
class PseudonymKey:
    """A study's key: which normalised original got which pseudonym. Immutable; methods copy."""

    entries: tuple[KeyEntry, ...] = ()

    def pseudonym_for(self, kind: Kind, original: str) -> str | None:
        return next(
            (e.pseudonym for e in self.entries if e.kind == kind and e.original == original), None
        )

    def assign(self, kind: Kind, original: str, pseudonym: str) -> PseudonymKey:
        """A copy where ``original`` maps to ``pseudonym`` (several originals may share one)."""
        kept = tuple(e for e in self.entries if not (e.kind == kind and e.original == original))
        return PseudonymKey((*kept, KeyEntry(kind, original, pseudonym)))

    def is_used(self, pseudonym: str) -> bool:
        return any(e.pseudonym == pseudonym for e in self.entries)

    def next_pseudonym(self, kind: Kind) -> str:
        """The next numbered pseudonym of this kind that no entry uses yet."""
        pattern = re.compile(re.escape(TEMPLATES[kind]).replace(r"\{n\}", r"(\d+)"))
        numbers = [int(m.group(1)) for e in self.entries if (m := pattern.fullmatch(e.pseudonym))]
        return TEMPLATES[kind].format(n=max(numbers, default=0) + 1)

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [[e.kind.value, e.original, e.pseudonym] for e in self.entries]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PseudonymKey:
        return cls(tuple(KeyEntry(Kind(k), o, p) for k, o, p in data.get("entries", ())))


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Replace ``text[start:end]`` (== ``original``) by ``pseudonym`` (+ genitive ending)."""

    start: int
    end: int
    kind: Kind
    original: str
    key: str  # normalised original, the key under which the pseudonym is stored
    pseudonym: str
    source: Source
    is_genitive: bool = False
    # A part of a several-word name ("Anna" of "Anna Lind"): the whole name's key, whose
    # pseudonym the part shares (the same person).
    shares_with: str = ""

    @property
    def is_mandatory(self) -> bool:
        """Identity numbers are replaced even if the reviewer rejects the suggestion."""
        return self.kind in IDENTITY_KINDS

    @property
    def replacement(self) -> str:
        return with_genitive(self.pseudonym) if self.is_genitive else self.pseudonym


@dataclass(frozen=True, slots=True)
class Pseudonymisation:
    text: str
    key: PseudonymKey
    offsets: OffsetMap
    forced: int = 0  # identity numbers replaced although no accepted suggestion covered them


def with_genitive(pseudonym: str) -> str:
    """Swedish genitive: "Person 1" → "Person 1:s", "Läraren" → "Lärarens", "Lars" → "Lars'"."""
    if pseudonym[-1:].isdigit() or pseudonym[-1:] in "])":
        return pseudonym + ":s"
    return pseudonym + ("'" if pseudonym[-1:].casefold() in ("s", "x", "z") else "s")


def normalise_original(kind: Kind, original: str) -> str:
    """The key form: last 10 digits of identity numbers, national digits of phone numbers,
    case-folded e-mail and names (names without genitive ending: see suggestion_for)."""
    if kind in IDENTITY_KINDS:
        return "".join(ch for ch in original if ch.isdecimal())[-10:]
    if kind is Kind.PHONE:
        digits = "".join(ch for ch in original if ch.isdigit())
        if original.lstrip().startswith("+") or digits.startswith("0046"):
            digits = digits.removeprefix("00").removeprefix("46")
        return "0" + digits.lstrip("0")
    if kind is Kind.EMAIL:
        return original.strip().casefold()
    return normalise_name(original)


def suggestion_for(
    text: str, start: int, end: int, kind: Kind, key: PseudonymKey = PseudonymKey()
) -> Suggestion:
    """A manual suggestion for ``text[start:end]`` (for spans the detectors missed)."""
    original = text[start:end]
    base = original
    is_genitive = False
    if kind is Kind.NAME and (match := _GENITIVE_SUFFIX.search(original)):
        is_genitive, base = True, original[: match.start()]
    normalised = normalise_original(kind, base)
    pseudonym = key.pseudonym_for(kind, normalised) or key.next_pseudonym(kind)
    return Suggestion(start, end, kind, original, normalised, pseudonym, Source.MANUAL, is_genitive)


def _name_sources(names: Sequence[NameFound]) -> dict[tuple[int, int], NameFound]:
    return {(n.start, n.end): n for n in names}


_PHONE_ENTRY = re.compile(r"^\+?[\d \u00a0\-/().]+$")


def _split_listed(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """The researcher's list: (person names, phone numbers). An entry of digits and phone
    punctuation with at least seven digits is a phone number."""
    people, phones = [], []
    for entry in (n.strip() for n in names):
        digits = sum(ch.isdigit() for ch in entry)
        if _PHONE_ENTRY.match(entry) and digits >= 7:
            phones.append(entry)
        elif entry:
            people.append(entry)
    return people, phones


def _listed_phones(text: str, phones: Iterable[str]) -> list[Found]:
    """Listed phone numbers wherever their digits occur, whatever the punctuation between."""
    found = []
    for phone in phones:
        digits = [ch for ch in phone if ch.isdigit()]
        pattern = r"(?<![\d+])" + r"[ \u00a0\-/().]*".join(digits) + r"(?!\d)"
        found += [
            Found(m.start(), m.end(), Kind.PHONE, m.group()) for m in re.finditer(pattern, text)
        ]
    return found


def _part_owners(full_names: Iterable[str]) -> dict[str, str]:
    """Each word of a several-word name → that name's key; words shared by two names are left
    out (which person "Anna" means is then the reviewer's call)."""
    owners: dict[str, str] = {}
    shared: set[str] = set()
    for full in {normalise_name(n) for n in full_names}:
        for word in full.split()[:1] + full.split()[-1:] if " " in full else []:
            if len(word) < 2 or word in shared:
                continue
            if word in owners and owners[word] != full:
                shared.add(word)
                del owners[word]
            else:
                owners[word] = full
    return owners


def suggest(
    text: str,
    *,
    names: Iterable[str] = (),
    first_names: Iterable[str] = SWEDISH_FIRST_NAMES,
    key: PseudonymKey = PseudonymKey(),
) -> tuple[Suggestion, ...]:
    """Suggestions for review, in text order, with pseudonyms consistent with ``key``.

    ``names`` are the names (and phone numbers) the researcher listed. A name is taken with
    the surname that follows it ("Karin Berg"), and the first name or surname of a several-word
    name met on its own ("Lind sa …") is suggested too, with the same pseudonym. Overlapping
    findings are merged into one span of the most sensitive kind.
    """
    people, phones = _split_listed(names)
    first_names = tuple(first_names)
    found_names = find_names(text, people, first_names=first_names)
    owners = _part_owners([*people, *(n.name for n in found_names)])
    found_names = find_names(text, people, first_names=first_names, parts=owners)
    by_span = _name_sources(found_names)
    name_spans = [Found(n.start, n.end, Kind.NAME, n.text) for n in found_names]
    spans = merge_overlapping(
        [*find_identifiers(text), *_listed_phones(text, phones), *name_spans], text
    )
    key = _assign_full_names(key, spans, by_span)
    suggestions: list[Suggestion] = []
    for span in spans:
        name = by_span.get((span.start, span.end)) if span.kind is Kind.NAME else None
        original_key = name.name if name else normalise_original(span.kind, span.text)
        owner = owners.get(original_key, "") if name and " " not in original_key else ""
        pseudonym = (
            key.pseudonym_for(span.kind, original_key)
            or (owner and key.pseudonym_for(span.kind, owner))
            or key.next_pseudonym(span.kind)
        )
        key = key.assign(span.kind, original_key, pseudonym)
        suggestions.append(
            Suggestion(
                start=span.start,
                end=span.end,
                kind=span.kind,
                original=span.text,
                key=original_key,
                pseudonym=pseudonym,
                source=_source_of(span, name),
                is_genitive=bool(name and name.is_genitive),
                shares_with=owner,
            )
        )
    return tuple(suggestions)


def _assign_full_names(
    key: PseudonymKey, spans: Iterable[Found], by_span: Mapping[tuple[int, int], NameFound]
) -> PseudonymKey:
    """Several-word names get their pseudonyms first, so a part met earlier shares them."""
    for span in spans:
        name = by_span.get((span.start, span.end))
        if name and " " in name.name and key.pseudonym_for(Kind.NAME, name.name) is None:
            key = key.assign(Kind.NAME, name.name, key.next_pseudonym(Kind.NAME))
    return key


def _source_of(span: Found, name: NameFound | None) -> Source:
    if span.kind is not Kind.NAME:
        return Source.DETECTOR
    if name is not None and name.source in (NameSource.FIRST_NAME_LIST, NameSource.NAME_PART):
        return Source.FIRST_NAME_LIST
    return Source.LISTED_NAME


def _check_accepted(text: str, accepted: Sequence[Suggestion]) -> None:
    for previous, current in zip(accepted, accepted[1:], strict=False):
        if current.start < previous.end:
            raise ValueError(f"overlapping suggestions at {previous.start} and {current.start}")
    for s in accepted:
        if not 0 <= s.start < s.end <= len(text) or text[s.start : s.end] != s.original:
            raise ValueError(f"suggestion {s.original!r} does not match the text at {s.start}")
        if not s.pseudonym.strip() or contains_valid_personnummer(s.pseudonym):
            raise ValueError(f"unusable pseudonym {s.pseudonym!r}")


def _mandatory(text: str, accepted: Sequence[Suggestion], key: PseudonymKey) -> list[Suggestion]:
    """Identity numbers that no accepted suggestion covers, as forced suggestions."""
    forced = []
    for number in find_identity_numbers(text):
        covering = [s for s in accepted if s.start < number.end and number.start < s.end]
        if any(s.start <= number.start and number.end <= s.end for s in covering):
            continue
        if covering:
            raise ValueError(f"a suggestion cuts through an identity number at {number.start}")
        forced.append(suggestion_for(text, number.start, number.end, number.kind, key))
    return forced


def _resolve(suggestion: Suggestion, key: PseudonymKey) -> tuple[Suggestion, PseudonymKey]:
    """The final pseudonym: the key's if known, else the proposal unless another original has it."""
    pseudonym = key.pseudonym_for(suggestion.kind, suggestion.key)
    if pseudonym is None and suggestion.shares_with:
        pseudonym = key.pseudonym_for(suggestion.kind, suggestion.shares_with)
        if pseudonym is not None:
            key = key.assign(suggestion.kind, suggestion.key, pseudonym)
    if pseudonym is None:
        is_taken = key.is_used(suggestion.pseudonym)
        pseudonym = key.next_pseudonym(suggestion.kind) if is_taken else suggestion.pseudonym
        key = key.assign(suggestion.kind, suggestion.key, pseudonym)
    return replace(suggestion, pseudonym=pseudonym), key


def apply(text: str, accepted: Iterable[Suggestion], key: PseudonymKey) -> Pseudonymisation:
    """Replace the accepted suggestions (and every identity number) consistently with ``key``.

    Raises ValueError for suggestions that do not match the text, overlap each other, cut
    through an identity number, or carry an empty pseudonym or one containing a personnummer.
    """
    chosen = sorted(accepted, key=lambda s: s.start)
    _check_accepted(text, chosen)
    forced = _mandatory(text, chosen, key)
    resolved_at: dict[int, Suggestion] = {}
    # Whole names before the parts that share their pseudonym, then in text order.
    for suggestion in sorted([*chosen, *forced], key=lambda s: (bool(s.shares_with), s.start)):
        resolved_at[suggestion.start], key = _resolve(suggestion, key)
    parts: list[str] = []
    replacements: list[Replacement] = []
    position = new_length = 0
    for suggestion in sorted([*chosen, *forced], key=lambda s: s.start):
        resolved = resolved_at[suggestion.start]
        kept = text[position : suggestion.start]
        new_start = new_length + len(kept)
        new_length = new_start + len(resolved.replacement)
        parts += [kept, resolved.replacement]
        replacements.append(Replacement(suggestion.start, suggestion.end, new_start, new_length))
        position = suggestion.end
    parts.append(text[position:])
    new_text = "".join(parts)
    if contains_valid_personnummer(new_text):
        raise ValueError("a pseudonym next to the surrounding text forms a personnummer")
    return Pseudonymisation(new_text, key, OffsetMap(tuple(replacements)), forced=len(forced))
