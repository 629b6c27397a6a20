"""Find personal names in free text: names listed by the user, and (as suggestions) first names.

Listed names match as whole words, case-insensitively, with Swedish genitive endings
("Annas", "Lars'", "Anna's"). Several-word entries ("Anna Svensson") match with any whitespace
between the words. A hyphen joins words: "Anna" does not match inside "Anna-Karin".

First names from a name list (e.g. SWEDISH_FIRST_NAMES) match only when capitalised in the text,
and names that are also common Swedish words ("Hans", "Per", "Dag", …) not at a sentence start.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vardag.core.privacy.first_names import WORD_LIKE_NAMES


class NameSource(StrEnum):
    LISTED = "listed"
    FIRST_NAME_LIST = "first_name_list"
    NAME_PART = "name_part"  # one word of a several-word name (a surname met on its own)


@dataclass(frozen=True, slots=True)
class NameFound:
    """A name ``text[start:end]``; ``name`` is its normalised form without the genitive ending."""

    start: int
    end: int
    text: str
    name: str
    is_genitive: bool
    source: NameSource


_GENITIVE = r"(?P<genitive>s|['\u2019]s?)?"
_SENTENCE_END = ".!?:;\u2026\"'\u201d\u00bb-\u2013\u2014"


def normalise_name(name: str) -> str:
    """Case-folded, with runs of whitespace collapsed: the key under which a name is stored."""
    return " ".join(name.split()).casefold()


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    by_key = {normalise_name(n): " ".join(n.split()) for n in names if n.strip()}
    entries = sorted(by_key.values(), key=lambda e: (-len(e), e))
    return _compile(tuple(entries)) if entries else None


@functools.lru_cache(maxsize=64)
def _compile(entries: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in e.split()) for e in entries)
    return re.compile(
        rf"(?<!\w)(?<!\w-)(?P<name>{alternatives}){_GENITIVE}(?!\w)(?!-\w)",
        re.IGNORECASE,
    )


def _matches(text: str, names: Iterable[str], source: NameSource) -> list[NameFound]:
    pattern = _name_pattern(names)
    if pattern is None:
        return []
    return [_found(m, source) for m in pattern.finditer(text)]


def _found(match: re.Match[str], source: NameSource) -> NameFound:
    name, genitive = match.group("name"), match.group("genitive") or ""
    if genitive in ("'", "\u2019") and name[-1].casefold() not in "sxz":
        genitive = ""  # a closing quote, not a genitive apostrophe ("Lars'" but not "Anna'")
    end = match.start() + len(name) + len(genitive)
    return NameFound(
        start=match.start(),
        end=end,
        text=match.string[match.start() : end],
        name=normalise_name(name),
        is_genitive=bool(genitive),
        source=source,
    )


def is_sentence_start(text: str, position: int) -> bool:
    """True at the start of the text, of a line, or after sentence-ending punctuation."""
    before = text[:position].rstrip(" \t\u00a0")
    return not before or before[-1] == "\n" or before[-1] in _SENTENCE_END


def _is_plausible_first_name(text: str, found: NameFound) -> bool:
    if not found.text[0].isupper():
        return False
    return found.name not in WORD_LIKE_NAMES or not is_sentence_start(text, found.start)


# A capitalised word right after a name, on the same line: the surname ("Karin Berg",
# "Anna Lind-Ek", "Karin Bergs"). Words that often follow a name with a capital are not surnames.
_SURNAME = re.compile(
    r"[ \u00a0](?P<surname>[A-ZÅÄÖÉÜ][a-zåäöéüß]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüß]+)?)"
    r"(?P<genitive>s|['\u2019]s?)?(?![\w-])"
)
NOT_SURNAMES = frozenset(
    [
        "och",
        "men",
        "jag",
        "du",
        "han",
        "hon",
        "vi",
        "ni",
        "de",
        "det",
        "den",
        "så",
        "nu",
        "då",
        "ja",
        "nej",
        "hej",
        "tack",
        "okej",
        "eller",
        "som",
        "när",
        "intervjuare",
        "moderator",
    ]
)


def _with_surname(text: str, found: NameFound) -> NameFound:
    """The name with the capitalised word that follows it, if that word is a surname."""
    if found.is_genitive or " " in found.name:
        return found
    match = _SURNAME.match(text, found.end)
    if match is None or match["surname"].casefold() in NOT_SURNAMES:
        return found
    genitive = match["genitive"] or ""
    surname = match["surname"]
    if genitive in ("'", "\u2019") and surname[-1].casefold() not in "sxz":
        genitive = ""
    end = match.start("surname") + len(surname) + len(genitive)
    return NameFound(
        start=found.start,
        end=end,
        text=text[found.start : end],
        name=normalise_name(f"{found.name} {surname}"),
        is_genitive=bool(genitive),
        source=found.source,
    )


def find_names(
    text: str,
    names: Iterable[str] = (),
    *,
    first_names: Iterable[str] = (),
    parts: Iterable[str] = (),
) -> tuple[NameFound, ...]:
    """Listed names, then first names from the list that do not overlap a listed name, each
    with the surname that follows it; then ``parts`` (single words of several-word names, e.g.
    the surname alone) where capitalised and not inside a name already found."""
    listed = [_with_surname(text, f) for f in _matches(text, names, NameSource.LISTED)]
    found = list(listed)
    for candidate in _matches(text, first_names, NameSource.FIRST_NAME_LIST):
        if _is_plausible_first_name(text, candidate) and not _overlaps(candidate, found):
            found.append(_with_surname(text, candidate))
    for candidate in _matches(text, parts, NameSource.NAME_PART):
        if candidate.text[0].isupper() and not _overlaps(candidate, found):
            found.append(candidate)
    kept: list[NameFound] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)  # a name inside a longer one ("Berg" in "Karin Berg") is dropped
    return tuple(kept)


def _overlaps(candidate: NameFound, found: Iterable[NameFound]) -> bool:
    return any(candidate.start < other.end and other.start < candidate.end for other in found)
