"""Scale scores per respondent and group means with t-based confidence intervals."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from vardag.psychometrics._data import (
    ConfidenceInterval,
    FloatArray,
    ItemData,
    as_item_matrix,
    as_vector,
)

DEFAULT_MIN_ANSWERED_SHARE = 0.5


@dataclass(frozen=True, eq=False)
class ScaleScores:
    """One scale score per respondent (NaN where too few items were answered).

    ``answered`` is the number of items each respondent answered; ``required`` the minimum number
    of answered items for a score (``ceil(min_answered_share · k)``, at least 1).
    """

    scores: FloatArray
    answered: npt.NDArray[np.int64]
    required: int
    n_items: int

    @property
    def n_scored(self) -> int:
        """Number of respondents with a score."""
        return int((~np.isnan(self.scores)).sum())


@dataclass(frozen=True)
class MeanEstimate:
    """Mean of a group with sample SD (ddof=1), standard error and t-based interval."""

    n: int
    mean: float
    sd: float
    se: float
    ci: ConfidenceInterval


def reverse_scored(values: FloatArray, scale_min: float, scale_max: float) -> FloatArray:
    """Reverse a response: ``scale_min + scale_max - x`` (1↔5, 2↔4 on a 1–5 scale)."""
    return scale_min + scale_max - values


def required_answers(n_items: int, min_answered_share: float) -> int:
    """Minimum answered items for a score: ``ceil(share · k)``, at least one."""
    if not 0 < min_answered_share <= 1:
        raise ValueError("min_answered_share must be in (0, 1]")
    return max(1, math.ceil(min_answered_share * n_items - 1e-12))


def scale_scores(
    data: ItemData,
    *,
    scale_min: float,
    scale_max: float,
    reversed_items: Collection[str] = (),
    min_answered_share: float = DEFAULT_MIN_ANSWERED_SHARE,
) -> ScaleScores:
    """Score a scale: the mean of the answered items after reverse scoring.

    A respondent gets a score only if they answered at least ``ceil(min_answered_share · k)`` of
    the ``k`` items (default: half, so 3 of 5, 2 of 4); otherwise the score is NaN. Answers outside
    ``[scale_min, scale_max]`` raise ``ValueError``. ``reversed_items`` names DataFrame columns (or
    ``item_1`` … for arrays).
    """
    matrix, names = as_item_matrix(data)
    answered_values = matrix[~np.isnan(matrix)]
    if ((answered_values < scale_min) | (answered_values > scale_max)).any():
        raise ValueError(f"answers must lie between {scale_min} and {scale_max}")
    unknown = set(reversed_items) - set(names)
    if unknown:
        raise ValueError(f"unknown reversed items: {sorted(unknown)}")
    flip = np.array([name in reversed_items for name in names])
    matrix = np.where(flip, reverse_scored(matrix, scale_min, scale_max), matrix)
    answered = (~np.isnan(matrix)).sum(axis=1)
    required = required_answers(len(names), min_answered_share)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(matrix, axis=1) / answered
    scores = np.where(answered >= required, means, np.nan)
    return ScaleScores(scores, answered.astype(np.int64), required, len(names))


def t_quantile(q: float, df: float) -> float:
    """Student's t quantile, ``scipy.stats.t.ppf(q, df)`` without the distribution object's
    per-call overhead (the same function underneath: ``scipy.special.stdtrit``)."""
    return float(special.stdtrit(df, q))


def mean_with_ci(values: npt.ArrayLike, *, confidence: float = 0.95) -> MeanEstimate:
    """Mean with a t-based interval ``x̄ ± t(1-α/2, n-1) · s/√n`` (missing values dropped).

    Equals the interval of ``pingouin.ttest(x, 0)`` and R ``t.test(x)``. Needs n ≥ 2.
    """
    x = as_vector(values)
    n = x.size
    if n < 2:
        raise ValueError("a confidence interval needs at least two values")
    mean = float(x.mean())
    sd = float(x.std(ddof=1))
    se = sd / math.sqrt(n)
    half = t_quantile(1 - (1 - confidence) / 2, n - 1) * se
    return MeanEstimate(n, mean, sd, se, ConfidenceInterval(mean - half, mean + half, confidence))
