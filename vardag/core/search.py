"""Swedish search that behaves the same on SQLite and PostgreSQL (ideas, insights, user groups).

Searchable objects keep `search_text`: the stems of their words, each preceded by a space. A
query is stemmed the same way and each stem must start a stored word. The stemmer is a light
Swedish suffix stripper: unlike Snowball it also meets definite forms ("skolan" ~ "skola",
"barnet" ~ "barnen" ~ "barn"), which is what people type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

WORD = re.compile(r"[a-zåäöéü0-9]+")
# Longest first. Definite, plural and genitive endings of Swedish nouns and adjectives.
SUFFIXES = (
    "arnas",
    "ernas",
    "ornas",
    "orerna",
    "heten",
    "heter",
    "arna",
    "erna",
    "orna",
    "ande",
    "ende",
    "aste",
    "orer",
    "ern",
    "het",
    "are",
    "ast",
    "an",
    "en",
    "et",
    "ar",
    "er",
    "or",
    "na",
    "a",
    "e",
)
MIN_STEM = 3
STOPWORDS = frozenset(
    [
        "och",
        "i",
        "att",
        "det",
        "som",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "en",
        "vi",
        "kan",
        "så",
        "var",
        "men",
        "ska",
        "man",
        "från",
        "eller",
        "nu",
        "när",
        "vid",
        "hur",
        "vad",
        "där",
        "alla",
        "också",
        "mer",
        "dem",
        "oss",
        "vår",
        "våra",
    ]
)


def stem(word: str) -> str:
    word = word.lower()
    if len(word) > MIN_STEM + 1 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # genitive: skolans -> skolan, barnens -> barnen
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    # Plural with a dropped vowel: föräldrar -> föräldr ~ förälder -> föräld.
    if len(word) > MIN_STEM + 1 and word[-1] == "r" and word[-2] not in "aeiouyåäö":
        word = word[:-1]
    # Definite -n after -o: frånvaron ~ frånvaro, stationen ~ station ~ statio.
    if len(word) >= 5 and word.endswith("on"):
        word = word[:-1]
    # Dropped vowel before -l: fågel ~ fåglar, nyckel ~ nycklar.
    if len(word) >= 5 and word.endswith("el") and word[-3] not in "aeiouyåäö":
        word = word[:-2] + "l"
    # Doubled consonant left by -en/-et (t.ex. "hemmet" -> "hemm"): keep one.
    if len(word) > MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiouyåäö":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def stems(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in words(text):
        seen.setdefault(stem(word), None)
    return list(seen)


def index_text(parts: Iterable[str]) -> str:
    """The stored search text: ' stem1 stem2 … ' (leading and trailing space)."""
    return " " + " ".join(stems(" ".join(parts))) + " "


def query_stems(query: str) -> list[str]:
    return stems(query)[:10]


def words_q(text: str, field: str = "search_text") -> Q:
    """Every searched word starts a stored word of `field` (the one search of every list).

    An empty query (or only stopwords) is an empty Q: it narrows nothing.
    """
    q = Q()
    for stem_ in query_stems(text):
        q &= Q(**{f"{field}__contains": f" {stem_}"})
    return q


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard overlap of two stem sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
