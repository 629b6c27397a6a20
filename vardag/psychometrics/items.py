"""Item statistics: descriptives, item–rest correlation and alpha if item deleted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vardag.psychometrics._data import FloatArray, ItemData, as_item_matrix, covariance
from vardag.psychometrics.reliability import alpha_from_covariance


@dataclass(frozen=True)
class ItemStatistic:
    """Statistics of one item.

    ``n``, ``mean`` and ``sd`` (ddof=1) use the respondents who answered the item; ``missing`` and
    ``missing_share`` count rows without an answer. ``item_rest_r`` is the corrected item–total
    correlation (the item against the sum of the *other* items, psych's ``r.drop``);
    ``alpha_if_deleted`` is Cronbach's alpha of the remaining items. Both come from the item
    covariance matrix under the chosen ``nan_policy`` and are NaN with fewer than three items
    (alpha if deleted) or two items (item–rest).
    """

    item: str
    n: int
    mean: float
    sd: float
    missing: int
    missing_share: float
    item_rest_r: float
    alpha_if_deleted: float


def item_statistics(data: ItemData, *, nan_policy: str = "pairwise") -> tuple[ItemStatistic, ...]:
    """Per-item statistics, in column order.

    With ``nan_policy="pairwise"`` the covariance matrix uses pairwise-complete observations (as
    ``pingouin.cronbach_alpha``); ``"listwise"`` uses only respondents who answered every item, so
    ``alpha_if_deleted`` equals ``pingouin.cronbach_alpha(df.dropna().drop(columns=item))``.
    """
    matrix, names = as_item_matrix(data)
    rows, k = matrix.shape
    answered = ~np.isnan(matrix)
    n = answered.sum(axis=0)
    cov = covariance(matrix, nan_policy)
    rest_r = _item_rest_correlations(cov)
    result = []
    for index, name in enumerate(names):
        values = matrix[answered[:, index], index]
        keep = [other for other in range(k) if other != index]
        alpha_deleted = alpha_from_covariance(cov[np.ix_(keep, keep)]) if k >= 3 else float("nan")
        result.append(
            ItemStatistic(
                item=name,
                n=int(n[index]),
                mean=float(values.mean()) if values.size else float("nan"),
                sd=float(values.std(ddof=1)) if values.size > 1 else float("nan"),
                missing=int(rows - n[index]),
                missing_share=float((rows - n[index]) / rows) if rows else float("nan"),
                item_rest_r=float(rest_r[index]),
                alpha_if_deleted=alpha_deleted,
            )
        )
    return tuple(result)


def _item_rest_correlations(cov: FloatArray) -> FloatArray:
    """``corr(x_i, Σ_{j≠i} x_j)`` from a covariance matrix, for every item at once."""
    variances = np.diag(cov)
    column_sums = cov.sum(axis=0)
    total = cov.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        covariance_with_rest = column_sums - variances
        rest_variance = total - 2.0 * column_sums + variances
        return np.asarray(
            covariance_with_rest / np.sqrt(variances * rest_variance), dtype=np.float64
        )
