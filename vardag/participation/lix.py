"""LIX (läsbarhetsindex, Björnsson 1968) for Swedish easy-read texts.

LIX = words / sentences + 100 * long words / words, where long words have more than six
letters. Under 30 is very easy (children's books); child-facing texts must stay at or below 30.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+")
_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")
CHILD_MAX = 30


def lix(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def is_easy_read(text: str) -> bool:
    return lix(text) <= CHILD_MAX
