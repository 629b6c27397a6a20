"""Synthetic Likert data sets shared by the tests (fixed seeds)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def likert_items(
    *,
    seed: int,
    n: int = 200,
    loadings: tuple[float, ...] = (0.8, 0.7, 0.6, 0.5, 0.4),
    missing_share: float = 0.0,
    points: int = 5,
) -> pd.DataFrame:
    """One-factor Likert items 1..points with answers missing completely at random."""
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=n)
    columns = {}
    for index, loading in enumerate(loadings):
        latent = loading * factor + np.sqrt(1 - loading**2) * rng.normal(size=n)
        columns[f"q{index + 1}"] = np.clip(np.round(latent * 1.2 + (points + 1) / 2), 1, points)
    frame = pd.DataFrame(columns)
    if missing_share:
        frame = frame.mask(rng.random(frame.shape) < missing_share)
        frame = frame[frame.notna().any(axis=1)].reset_index(drop=True)
    return frame


DATASETS = {
    "complete_5pt": {"seed": 1},
    "missing_3pct": {"seed": 2, "missing_share": 0.03},
    "missing_15pct_small": {"seed": 3, "n": 40, "missing_share": 0.15},
    "seven_point_six_items": {
        "seed": 4,
        "n": 500,
        "loadings": (0.7, 0.7, 0.6, 0.6, 0.5, 0.3),
        "missing_share": 0.05,
        "points": 7,
    },
    "weak_items": {"seed": 5, "n": 60, "loadings": (0.3, 0.2, 0.4, 0.1), "missing_share": 0.1},
}
