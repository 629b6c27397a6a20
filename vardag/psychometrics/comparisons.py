"""Group comparisons: two groups (Welch t, Hedges' g), rounds, and units (Welch ANOVA)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from vardag.psychometrics._data import ConfidenceInterval, FloatArray, as_vector
from vardag.psychometrics.scoring import MeanEstimate, mean_with_ci, t_quantile


@dataclass(frozen=True)
class EffectSize:
    """Hedges' g (bias-corrected standardised mean difference) with its interval; Cohen's d."""

    cohen_d: float
    hedges_g: float
    ci: ConfidenceInterval


@dataclass(frozen=True)
class TwoGroupComparison:
    """``first - second``: Welch t-test, its interval for the difference, and Hedges' g."""

    first: MeanEstimate
    second: MeanEstimate
    difference: float
    difference_ci: ConfidenceInterval
    t: float
    df: float
    p_value: float
    effect: EffectSize


@dataclass(frozen=True)
class GroupMean:
    """A labelled group mean (e.g. one unit)."""

    label: str
    estimate: MeanEstimate


@dataclass(frozen=True)
class WelchAnovaResult:
    """One-way Welch ANOVA over several groups, as ``pingouin.welch_anova``.

    ``eta_squared`` is the ordinary (unadjusted) ``SS_between / SS_total``, pingouin's ``np2``.
    """

    groups: tuple[GroupMean, ...]
    df_between: float
    df_within: float
    f: float
    p_value: float
    eta_squared: float


def hedges_g(
    first: npt.ArrayLike, second: npt.ArrayLike, *, confidence: float = 0.95
) -> EffectSize:
    """Hedges' g of ``first - second`` with a confidence interval (missing values dropped).

    ``d = (x̄₁ - x̄₂) / s_pooled``; ``g = d · (1 - 3 / (4(n₁ + n₂) - 9))``. The interval is
    ``g ± t(1-α/2, n₁+n₂-2) · √((n₁+n₂)/(n₁n₂) + g²/(2(n₁+n₂)))``, as
    ``pingouin.compute_effsize(..., eftype="hedges")`` with ``pingouin.compute_esci``.
    """
    x, y = as_vector(first), as_vector(second)
    nx, ny = x.size, y.size
    if nx < 2 or ny < 2:
        raise ValueError("each group needs at least two values")
    dof = nx + ny - 2
    pooled_sd = math.sqrt(((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / dof)
    d = float((x.mean() - y.mean()) / pooled_sd)
    g = d * (1 - 3 / (4 * (nx + ny) - 9))
    se = math.sqrt((nx + ny) / (nx * ny) + g**2 / (2 * (nx + ny)))
    crit = t_quantile(1 - (1 - confidence) / 2, dof)
    return EffectSize(d, g, ConfidenceInterval(g - crit * se, g + crit * se, confidence))


def compare_groups(
    first: npt.ArrayLike, second: npt.ArrayLike, *, confidence: float = 0.95
) -> TwoGroupComparison:
    """Compare two independent groups, e.g. managers (first) vs employees (second).

    The difference ``x̄₁ - x̄₂`` gets a Welch interval with Welch–Satterthwaite df; t and p are
    two-sided Welch (``scipy.stats.ttest_ind(equal_var=False)``, ``pingouin.ttest(x, y,
    correction=True)``). Missing values are dropped.
    """
    x, y = as_vector(first), as_vector(second)
    first_mean = mean_with_ci(x, confidence=confidence)
    second_mean = mean_with_ci(y, confidence=confidence)
    vx, vy = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
    se = math.sqrt(vx + vy)
    dof = float((vx + vy) ** 2 / (vx**2 / (x.size - 1) + vy**2 / (y.size - 1)))
    difference = first_mean.mean - second_mean.mean
    # Welch's t and its two-sided p, as scipy.stats.ttest_ind(equal_var=False) computes them.
    t = float((x.mean() - y.mean()) / se) if se > 0 else math.nan
    p_value = float(2 * special.stdtr(dof, -abs(t))) if se > 0 else math.nan
    half = t_quantile(1 - (1 - confidence) / 2, dof) * se
    return TwoGroupComparison(
        first=first_mean,
        second=second_mean,
        difference=difference,
        difference_ci=ConfidenceInterval(difference - half, difference + half, confidence),
        t=t,
        df=dof,
        p_value=p_value,
        effect=hedges_g(x, y, confidence=confidence),
    )


def compare_rounds(
    previous: npt.ArrayLike, current: npt.ArrayLike, *, confidence: float = 0.95
) -> TwoGroupComparison:
    """Change from one round to the next: ``current - previous`` as independent samples.

    Responses are anonymous, so the rounds cannot be paired; this is ``compare_groups(current,
    previous)`` and ``first`` is the current round.
    """
    return compare_groups(current, previous, confidence=confidence)


def welch_anova(
    groups: Mapping[str, npt.ArrayLike], *, confidence: float = 0.95
) -> WelchAnovaResult:
    """One-way Welch ANOVA (Welch 1951) of several groups such as units.

    Needs at least two groups, each with at least two values and a non-zero variance. Missing
    values are dropped. Matches ``pingouin.welch_anova`` and R ``oneway.test(var.equal=FALSE)``.
    """
    samples = {label: as_vector(values) for label, values in groups.items()}
    if len(samples) < 2:
        raise ValueError("Welch ANOVA needs at least two groups")
    if any(x.size < 2 or x.var(ddof=1) == 0 for x in samples.values()):
        raise ValueError("each group needs at least two values and a non-zero variance")
    counts = np.array([x.size for x in samples.values()], dtype=np.float64)
    means = np.array([x.mean() for x in samples.values()])
    variances = np.array([x.var(ddof=1) for x in samples.values()])
    f_value, df_within = _welch_f(counts, means, variances)
    r = len(samples)
    return WelchAnovaResult(
        groups=tuple(
            GroupMean(label, mean_with_ci(x, confidence=confidence)) for label, x in samples.items()
        ),
        df_between=float(r - 1),
        df_within=df_within,
        f=f_value,
        p_value=float(stats.f.sf(f_value, r - 1, df_within)),
        eta_squared=_eta_squared(list(samples.values())),
    )


def _welch_f(counts: FloatArray, means: FloatArray, variances: FloatArray) -> tuple[float, float]:
    """Welch's F statistic and denominator degrees of freedom."""
    r = counts.size
    weights = counts / variances
    adjusted_mean = (weights * means).sum() / weights.sum()
    between = (weights * (means - adjusted_mean) ** 2).sum() / (r - 1)
    lam = 3 * ((1 / (counts - 1)) * (1 - weights / weights.sum()) ** 2).sum() / (r**2 - 1)
    return float(between / (1 + 2 * lam * (r - 2) / 3)), float(1 / lam)


def _eta_squared(samples: list[FloatArray]) -> float:
    """``SS_between / (SS_between + SS_within)`` around the grand mean of all values."""
    grand = np.concatenate(samples).mean()
    between = sum(x.size * (x.mean() - grand) ** 2 for x in samples)
    within = sum(((x - x.mean()) ** 2).sum() for x in samples)
    return float(between / (between + within))
