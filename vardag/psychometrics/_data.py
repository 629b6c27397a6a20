"""Input handling shared by the psychometrics modules (no Django, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray: TypeAlias = npt.NDArray[np.float64]
ItemData: TypeAlias = "pd.DataFrame | npt.ArrayLike"


@dataclass(frozen=True)
class ConfidenceInterval:
    """A two-sided confidence interval at ``level`` (e.g. 0.95)."""

    lower: float
    upper: float
    level: float


def as_item_matrix(data: ItemData) -> tuple[FloatArray, tuple[str, ...]]:
    """Return ``(matrix, item_names)``: respondents in rows, items in columns, NaN = missing.

    A DataFrame keeps its column names; an array gets names ``item_1`` … ``item_k``.
    """
    if isinstance(data, pd.DataFrame):
        names = tuple(str(column) for column in data.columns)
        if all(dtype == np.float64 for dtype in data.dtypes):
            # Plain float columns hold missing answers as NaN already: no copy is needed.
            matrix = data.to_numpy(dtype=np.float64, copy=False)
        else:
            matrix = data.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        matrix = np.array(data, dtype=np.float64)
        if matrix.ndim != 2:
            raise ValueError("item data must be two-dimensional (respondents × items)")
        names = tuple(f"item_{index + 1}" for index in range(matrix.shape[1]))
    return matrix, names


def as_vector(values: npt.ArrayLike) -> FloatArray:
    """Return a 1-D float array with missing values (NaN) removed."""
    vector = np.asarray(values, dtype=np.float64).ravel()
    return vector[~np.isnan(vector)]


def drop_empty_rows(matrix: FloatArray) -> FloatArray:
    """Drop respondents who answered none of the items (they are not respondents of the scale)."""
    return matrix[~np.isnan(matrix).all(axis=1)]


def pairwise_covariance(matrix: FloatArray) -> FloatArray:
    """Sample covariance matrix (ddof=1) from pairwise-complete observations.

    Equal to ``pandas.DataFrame.cov()``: each entry uses the respondents who answered both items,
    with means taken over those respondents. Computed with matrix products on column-centred data,
    so it is fast for many respondents. A pair with fewer than two joint answers gives NaN.
    """
    present = ~np.isnan(matrix)
    if present.all():
        return complete_covariance(matrix)
    centred = matrix - np.nanmean(matrix, axis=0)
    zeroed = np.where(present, centred, 0.0)
    mask = present.astype(np.float64)
    pair_n = mask.T @ mask
    cross = zeroed.T @ zeroed
    sums = zeroed.T @ mask  # [i, j]: sum of item i over respondents who answered item j
    with np.errstate(invalid="ignore", divide="ignore"):
        covariance = (cross - sums * sums.T / pair_n) / (pair_n - 1.0)
    covariance[pair_n < 2] = np.nan
    return covariance


CHUNK_ROWS = 8192


def complete_covariance(matrix: FloatArray) -> FloatArray:
    """Sample covariance (ddof=1) of a matrix without missing values, as ``np.cov(rowvar=False)``.

    Centred on the column means like ``np.cov``, but a block of rows at a time: the memory it
    needs beside the data is one block, not a centred copy of all respondents.
    """
    n, k = matrix.shape
    means = matrix.mean(axis=0)
    cross = np.zeros((k, k))
    for start in range(0, n, CHUNK_ROWS):
        block = matrix[start : start + CHUNK_ROWS] - means
        cross += block.T @ block
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(cross / (n - 1.0), dtype=np.float64)


def covariance(matrix: FloatArray, nan_policy: str) -> FloatArray:
    """Covariance matrix under ``nan_policy`` ``"pairwise"`` or ``"listwise"``."""
    if nan_policy == "listwise":
        missing = np.isnan(matrix).any(axis=1)
        return complete_covariance(matrix[~missing] if missing.any() else matrix)
    if nan_policy == "pairwise":
        return pairwise_covariance(matrix)
    raise ValueError("nan_policy must be 'pairwise' or 'listwise'")


def covariance_to_correlation(cov: FloatArray) -> FloatArray:
    """Correlation matrix from a covariance matrix."""
    scale = np.sqrt(np.diag(cov))
    return np.asarray(cov / np.outer(scale, scale), dtype=np.float64)


def pairwise_correlation(matrix: FloatArray) -> FloatArray:
    """Pearson correlations from pairwise-complete observations.

    Equal to ``pandas.DataFrame.corr()`` and R's ``cor(x, use = "pairwise")``: each entry uses
    means and standard deviations over the respondents who answered both items.
    """
    present = ~np.isnan(matrix)
    if present.all():
        return np.atleast_2d(np.corrcoef(matrix, rowvar=False))
    centred = matrix - np.nanmean(matrix, axis=0)
    zeroed = np.where(present, centred, 0.0)
    mask = present.astype(np.float64)
    pair_n = mask.T @ mask
    cross = zeroed.T @ zeroed
    sums = zeroed.T @ mask
    squares = (zeroed * zeroed).T @ mask
    with np.errstate(invalid="ignore", divide="ignore"):
        co_moment = cross - sums * sums.T / pair_n
        spread = squares - sums * sums / pair_n  # [i, j]: sum of squares of item i given j
        correlation = co_moment / np.sqrt(spread * spread.T)
    correlation[pair_n < 2] = np.nan
    np.fill_diagonal(correlation, 1.0)
    return correlation
