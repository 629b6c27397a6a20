"""Small-group suppression with complementary (secondary) suppression, as a pure function.

A group (cell) with 1 … threshold-1 people is *primary* suppressed. When the total over the groups
is published, hiding one cell is not enough: ``total - Σ visible`` would give it back. So further
cells are hidden (*secondary*, smallest first) until the hidden cells together

1. are at least two cells,
2. hold at least ``threshold`` people (the aggregate an attacker can still compute from the total,
   e.g. a mean of the hidden people, then concerns no fewer than ``threshold`` people), and
3. hold more people than cells (otherwise every hidden cell would have to be exactly 1).

If that cannot be reached, the total is hidden too. Groups with 0 people are shown (they carry
no figure) and never serve as complements, since a known zero protects nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

DEFAULT_THRESHOLD = 5

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class SuppressionResult(Generic[Key]):
    """Which cells (and whether the total) must be hidden."""

    threshold: int
    primary: frozenset[Key]
    secondary: frozenset[Key]
    is_total_hidden: bool

    @property
    def hidden(self) -> frozenset[Key]:
        """All cells to hide: primary and secondary."""
        return self.primary | self.secondary

    def is_visible(self, key: Key) -> bool:
        """Whether the figure for ``key`` may be shown."""
        return key not in self.primary and key not in self.secondary


def suppress_small_groups(
    counts: Mapping[Key, int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    is_total_published: bool = True,
) -> SuppressionResult[Key]:
    """Decide which groups to hide so that no group under ``threshold`` can be seen or derived.

    ``counts`` maps each group (e.g. unit, role) to its number of respondents; the groups are the
    parts of one published total. Ties among complements are broken by the order of ``counts``.
    With ``is_total_published=False`` only primary suppression applies.
    """
    _validate(counts, threshold)
    primary = frozenset(key for key, n in counts.items() if 0 < n < threshold)
    total = sum(counts.values())
    if not is_total_published:
        return SuppressionResult(threshold, primary, frozenset(), False)
    hidden = set(primary)
    candidates = sorted(
        (key for key, n in counts.items() if n >= threshold),
        key=lambda key: counts[key],
    )
    while hidden and not _is_protected(hidden, counts, threshold) and candidates:
        hidden.add(candidates.pop(0))
    is_total_hidden = 0 < total < threshold or (
        bool(hidden) and not _is_protected(hidden, counts, threshold)
    )
    return SuppressionResult(threshold, primary, frozenset(hidden - primary), is_total_hidden)


def _is_protected(hidden: set[Key], counts: Mapping[Key, int], threshold: int) -> bool:
    """Whether the hidden cells cannot be told apart through the published total."""
    people = sum(counts[key] for key in hidden)
    return len(hidden) >= 2 and people >= threshold and people > len(hidden)


def _validate(counts: Mapping[Key, int], threshold: int) -> None:
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ValueError("counts must be non-negative integers")
