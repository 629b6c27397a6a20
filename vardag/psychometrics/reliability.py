"""Reliability of a scale: Cronbach's alpha (Feldt CI) and McDonald's omega total.

See docs/psychometrics.md for formulas and references.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from vardag.psychometrics._data import (
    ConfidenceInterval,
    FloatArray,
    ItemData,
    as_item_matrix,
    covariance,
    drop_empty_rows,
    pairwise_correlation,
)


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha with its Feldt confidence interval.

    ``n_respondents`` is the n used for the interval (as pingouin: every respondent who answered
    at least one item, also under listwise deletion); ``n_complete`` counts complete rows.
    """

    alpha: float
    ci: ConfidenceInterval
    n_items: int
    n_respondents: int
    n_complete: int
    nan_policy: str


@dataclass(frozen=True)
class OmegaResult:
    """McDonald's omega total from a one-factor minimum-residual (ULS) solution."""

    omega_total: float
    loadings: tuple[float, ...]
    uniquenesses: tuple[float, ...]
    reversed_items: tuple[str, ...]
    is_heywood_case: bool
    n_items: int

    @property
    def is_estimable(self) -> bool:
        """Whether omega is a reliability at all: in [0, 1] and no item explained away.

        A Heywood case (a loading at the bound, so an item's uniqueness is at its floor) comes
        from too few answers or items that are near copies of each other; the one-factor model
        then has no unique solution and omega says nothing. Outside [0, 1] it is not a share.
        """
        return not self.is_heywood_case and 0.0 <= self.omega_total <= 1.0


def alpha_from_covariance(cov: FloatArray) -> float:
    """Cronbach's alpha ``k/(k-1) · (1 - tr(C)/ΣC)`` from an item covariance matrix ``C``."""
    k = cov.shape[0]
    if k < 2:
        raise ValueError("alpha needs at least two items")
    return float((k / (k - 1)) * (1.0 - np.trace(cov) / cov.sum()))


def feldt_interval(alpha: float, n: int, k: int, confidence: float = 0.95) -> ConfidenceInterval:
    """Feldt, Woodruff & Salih (1987) interval: ``1 - (1 - α)·F`` with df ``(n-1, (n-1)(k-1))``."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    tail = 1.0 - confidence
    df1 = n - 1
    df2 = df1 * (k - 1)
    lower = 1.0 - (1.0 - alpha) * stats.f.isf(tail / 2, df1, df2)
    upper = 1.0 - (1.0 - alpha) * stats.f.isf(1 - tail / 2, df1, df2)
    return ConfidenceInterval(float(lower), float(upper), confidence)


def cronbach_alpha(
    data: ItemData, *, nan_policy: str = "pairwise", confidence: float = 0.95
) -> AlphaResult:
    """Cronbach's alpha with a Feldt confidence interval, computed as ``pingouin.cronbach_alpha``.

    ``nan_policy="pairwise"`` uses the pairwise-complete covariance matrix (pandas ``cov``);
    ``"listwise"`` keeps only respondents who answered every item. Respondents who answered none
    of the items are dropped first. The interval is not rounded (pingouin rounds to 3 decimals).
    """
    matrix = as_item_matrix(data)[0]
    incomplete = np.isnan(matrix).any(axis=1)
    if incomplete.any():
        matrix = drop_empty_rows(matrix)
        incomplete = np.isnan(matrix).any(axis=1)
    n, k = matrix.shape
    if k < 2 or n < 2:
        raise ValueError("alpha needs at least two items and two respondents")
    n_complete = int(n - incomplete.sum())
    alpha = alpha_from_covariance(covariance(matrix, nan_policy))
    ci = feldt_interval(alpha, n, k, confidence)
    return AlphaResult(alpha, ci, k, n, n_complete, nan_policy)


# The smallest uniqueness R psych's fa() allows (its lower bound 0.005), as a bound on loadings.
MIN_UNIQUENESS = 0.005
MAX_LOADING = float(np.sqrt(1.0 - MIN_UNIQUENESS))


def one_factor_minres(correlation: FloatArray) -> FloatArray:
    """Loadings of one factor by minimum residuals (unweighted least squares).

    Minimises the sum of squared off-diagonal residuals ``Σ_{i<j} (r_ij - λ_i λ_j)²`` – the
    criterion of R psych ``fa(fm = "minres")`` and factor_analyzer ``method="minres"`` – starting
    from principal axis iterations and polished with a trust-region least-squares solver to a
    tolerance far below 1e-6. Loadings are signed so that their sum is positive.
    """
    k = correlation.shape[0]
    if k < 3:
        raise ValueError("a one-factor model needs at least three items")
    rows, cols = np.triu_indices(k, 1)
    targets = correlation[rows, cols]
    loadings = _principal_axis_start(correlation)

    def residuals(lam: FloatArray) -> FloatArray:
        return np.asarray(targets - lam[rows] * lam[cols], dtype=np.float64)

    def jacobian(lam: FloatArray) -> FloatArray:
        jac = np.zeros((rows.size, k))
        jac[np.arange(rows.size), rows] = -lam[cols]
        jac[np.arange(rows.size), cols] = -lam[rows]
        return jac

    # Loadings are bounded as R psych bounds uniquenesses at 0.005: without a bound, a nearly
    # uncorrelated item pair lets one loading run off to hundreds (seen: omega = 69 067).
    bound = MAX_LOADING
    start = np.clip(loadings, -bound * 0.999, bound * 0.999)
    fit = optimize.least_squares(
        residuals,
        start,
        jac=jacobian,
        bounds=(-bound, bound),
        method="trf",
        xtol=1e-15,
        ftol=1e-15,
        gtol=1e-15,
    )
    solution = np.asarray(fit.x, dtype=np.float64)
    return solution if solution.sum() >= 0 else -solution


def _principal_axis_start(correlation: FloatArray, iterations: int = 50) -> FloatArray:
    """Iterated principal axis loadings, starting from squared multiple correlations."""
    reduced = correlation.copy()
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            communality = 1.0 - 1.0 / np.diag(np.linalg.inv(correlation))
    except np.linalg.LinAlgError:
        communality = np.full(correlation.shape[0], 0.5)
    communality = np.where(np.isfinite(communality), communality, 0.5)
    loadings = np.sqrt(np.clip(communality, 0.0, None))
    for _ in range(iterations):
        np.fill_diagonal(reduced, communality)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        communality = loadings**2
    return np.asarray(loadings, dtype=np.float64)


def mcdonald_omega(data: ItemData) -> OmegaResult:
    """McDonald's omega total as R psych ``omega(x, nfactors = 1)$omega.tot``.

    The item correlation matrix ``R`` uses pairwise-complete observations (psych's default). One
    factor is fitted by minres; items with a negative loading are reflected (psych's
    ``flip = TRUE``). Then ``ω_t = (ΣR - Σu²) / ΣR`` with uniquenesses ``u² = 1 - λ²``, which
    equals ``(Σλ)² / ΣR`` up to the off-diagonal misfit of the model.
    """
    matrix, names = as_item_matrix(data)
    correlation = pairwise_correlation(drop_empty_rows(matrix))
    if np.isnan(correlation).any():
        raise ValueError("every pair of items needs at least two joint answers")
    loadings = one_factor_minres(correlation)
    signs = np.where(loadings < 0, -1.0, 1.0)
    flipped = correlation * np.outer(signs, signs)
    loadings = loadings * signs
    uniquenesses = 1.0 - loadings**2
    total = float(flipped.sum())
    omega = (total - float(uniquenesses.sum())) / total
    return OmegaResult(
        omega_total=omega,
        loadings=tuple(float(value) for value in loadings),
        uniquenesses=tuple(float(value) for value in uniquenesses),
        reversed_items=tuple(name for name, sign in zip(names, signs, strict=True) if sign < 0),
        is_heywood_case=bool((uniquenesses <= MIN_UNIQUENESS + 1e-9).any()),
        n_items=len(names),
    )
