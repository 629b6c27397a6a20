"""Map character offsets between a text and the same text after span replacements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["start", "end"]


@dataclass(frozen=True, slots=True)
class Replacement:
    """``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Sorted, non-overlapping replacements; translates offsets old → new and new → old.

    A position strictly inside a replaced span maps to the start of its counterpart
    (``side="start"``) or to its end (``side="end"``), so a mapped span always covers the
    replacement of whatever it touched.
    """

    replacements: tuple[Replacement, ...] = ()

    def to_new(self, position: int, *, side: Side = "start") -> int:
        delta = 0
        for r in self.replacements:
            if position <= r.old_start:
                break
            if position < r.old_end:
                return r.new_start if side == "start" else r.new_end
            delta = r.new_end - r.old_end
        return position + delta

    def to_old(self, position: int, *, side: Side = "start") -> int:
        delta = 0
        for r in self.replacements:
            if position <= r.new_start:
                break
            if position < r.new_end:
                return r.old_start if side == "start" else r.old_end
            delta = r.old_end - r.new_end
        return position + delta

    def span_to_new(self, start: int, end: int) -> tuple[int, int]:
        return self.to_new(start, side="start"), self.to_new(end, side="end")

    def span_to_old(self, start: int, end: int) -> tuple[int, int]:
        return self.to_old(start, side="start"), self.to_old(end, side="end")
