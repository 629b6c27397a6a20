"""Small descriptive statistics for the overview: median and quartiles, shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Spread:
    """Days (or another measure) over n observations: median and quartiles, not only a mean."""

    n: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    # Durations left out because they end before they start (a decision dated before the
    # idea's submission): a data inconsistency, not a negative number of days.
    excluded: int = 0

    @property
    def is_few(self) -> bool:
        return self.n < FEW


FEW = 10  # under ten observations the plain reading says a figure is uncertain


def spread(values: Sequence[float], excluded: int = 0) -> Spread:
    if not values:
        return Spread(0, excluded=excluded)
    data = np.asarray(values, dtype=float)
    q1, median, q3 = (float(x) for x in np.percentile(data, [25, 50, 75]))
    return Spread(
        n=len(data),
        median=median,
        q1=q1,
        q3=q3,
        low=float(data.min()),
        high=float(data.max()),
        mean=float(data.mean()),
        excluded=excluded,
    )


def durations(values: Iterable[float | None]) -> Spread:
    """The spread of durations in days; a missing one is skipped, a negative one (its end
    dated before its start) is left out and counted as excluded, never shown as negative."""
    kept = [v for v in values if v is not None]
    valid = [v for v in kept if v >= 0]
    return spread(valid, excluded=len(kept) - len(valid))


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(100 * self.value)

    @property
    def is_few(self) -> bool:
        return self.whole < FEW
