"""Inter-coder agreement: Cohen's kappa and Krippendorff's alpha (nominal). Pure Python + numpy.

Per code, the units are the characters of the sources that every compared coder has coded
(any code): a character is 1 for a coder when one of that coder's excerpts with the code covers
it, else 0 (the approach NVivo documents for its coding comparison).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters over the same units; None when undefined (p_e == 1)."""
    if len(a) != len(b):
        raise ValueError("both raters must rate the same units")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def kappa_from_counts(both: int, only_a: int, only_b: int, neither: int) -> float | None:
    """Cohen's kappa of a 2×2 table (binary coding), without building unit lists."""
    n = both + only_a + only_b + neither
    if n == 0:
        return None
    observed = (both + neither) / n
    a_yes, b_yes = both + only_a, both + only_b
    expected = (a_yes * b_yes + (n - a_yes) * (n - b_yes)) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data. ``units``: per unit, each coder's value or None.

    Units with fewer than two values are not pairable and are left out (Krippendorff 2011).
    """
    coincidence: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidence[(x, y)] += 1 / (m - 1)
    n_c: dict[Hashable, float] = defaultdict(float)
    for (x, _y), weight in coincidence.items():
        n_c[x] += weight
    n = sum(n_c.values())
    if n <= 1:
        return None
    disagree_observed = sum(w for (x, y), w in coincidence.items() if x != y)
    disagree_expected = sum(n_c[x] * n_c[y] for x in n_c for y in n_c if x != y) / (n - 1)
    if disagree_expected == 0:
        return None
    return 1 - disagree_observed / disagree_expected


def binary_alpha_from_counts(both: int, only_a: int, only_b: int, neither: int) -> float | None:
    """Krippendorff's alpha (nominal, two coders, no missing values) from a 2×2 table."""
    n = 2 * (both + only_a + only_b + neither)
    if n <= 1:
        return None
    ones = 2 * both + only_a + only_b
    zeros = n - ones
    observed_disagreement = 2 * (only_a + only_b)  # o_01 + o_10
    expected = 2 * ones * zeros / (n - 1)
    if expected == 0:
        return None
    return 1 - observed_disagreement / expected


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int
    kappa: float | None
    alpha: float | None
    percent: float | None
    units: int
    both: int
    only_a: int
    only_b: int


def _mask(length: int, spans: Iterable[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(length, dtype=bool)
    for start, end in spans:
        mask[max(start, 0) : min(end, length)] = True
    return mask


def code_agreement(
    code_id: int,
    source_lengths: dict[int, int],
    spans_a: dict[int, list[tuple[int, int]]],
    spans_b: dict[int, list[tuple[int, int]]],
) -> CodeAgreement:
    """Agreement on one code over the given sources (source id → length); spans per source."""
    both = only_a = only_b = neither = 0
    for source_id, length in source_lengths.items():
        a = _mask(length, spans_a.get(source_id, ()))
        b = _mask(length, spans_b.get(source_id, ()))
        both += int(np.count_nonzero(a & b))
        only_a += int(np.count_nonzero(a & ~b))
        only_b += int(np.count_nonzero(~a & b))
        neither += int(np.count_nonzero(~a & ~b))
    units = both + only_a + only_b + neither
    return CodeAgreement(
        code_id=code_id,
        kappa=kappa_from_counts(both, only_a, only_b, neither),
        alpha=binary_alpha_from_counts(both, only_a, only_b, neither),
        percent=(both + neither) / units if units else None,
        units=units,
        both=both,
        only_a=only_a,
        only_b=only_b,
    )
