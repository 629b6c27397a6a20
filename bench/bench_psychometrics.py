"""Benchmark of vardag.psychometrics on a large conditions questionnaire.

Data: N respondents × 40 items (8 dimensions × 5 items, Likert 1–5, one reversed item per
dimension, ~3 % answers missing completely at random), 60 units, ~12 % managers; fixed seed.

Rows of the table:
- ``full analysis``: per dimension scale scores, alpha (Feldt CI), omega, item statistics, the
  manager/employee gap and a Welch ANOVA over units – everything the results page needs;
- ``reliability + items``: alpha and item statistics (item–rest r, alpha if deleted) per dimension;
- ``baseline``: the same reliability + items with pingouin.cronbach_alpha (alpha, and alpha
  without each item) and a pandas loop for item–rest correlations (pairwise deletion).

Wall time: median and p95 over the repeats. Peak memory: tracemalloc over one extra run (numpy
and pandas report their buffers to tracemalloc). Run: ``python bench/bench_psychometrics.py``
(``--quick`` for 5,000 respondents and 3 repeats).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vardag import psychometrics as pm  # noqa: E402

DIMENSIONS = 8
ITEMS_PER_DIMENSION = 5
SEED = 20240601


def make_data(n: int, seed: int = SEED) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Items frame (q<d>_<i>), unit labels and a manager flag."""
    rng = np.random.default_rng(seed)
    columns = {}
    for d in range(DIMENSIONS):
        factor = rng.normal(size=n)
        for i in range(ITEMS_PER_DIMENSION):
            loading = 0.5 + 0.08 * i
            latent = loading * factor + np.sqrt(1 - loading**2) * rng.normal(size=n)
            sign = -1.0 if i == ITEMS_PER_DIMENSION - 1 else 1.0
            columns[f"q{d + 1}_{i + 1}"] = np.clip(np.round(3 + 1.2 * sign * latent), 1, 5)
    frame = pd.DataFrame(columns)
    frame = frame.mask(rng.random(frame.shape) < 0.03)
    units = rng.integers(0, 60, size=n).astype(str)
    managers = rng.random(n) < 0.12
    return frame, units, managers


def dimension_columns(frame: pd.DataFrame, d: int) -> list[str]:
    return [c for c in frame.columns if c.startswith(f"q{d + 1}_")]


def full_analysis(frame: pd.DataFrame, units: np.ndarray, managers: np.ndarray) -> None:
    for d in range(DIMENSIONS):
        columns = dimension_columns(frame, d)
        items = frame[columns]
        reversed_items = {columns[-1]}
        scores = pm.scale_scores(items, scale_min=1, scale_max=5, reversed_items=reversed_items)
        keyed = items.assign(**{columns[-1]: 6 - items[columns[-1]]})
        pm.cronbach_alpha(keyed)
        pm.mcdonald_omega(keyed)
        pm.item_statistics(keyed)
        pm.compare_groups(scores.scores[managers], scores.scores[~managers])
        by_unit = pd.Series(scores.scores).groupby(units)
        pm.welch_anova({unit: part.to_numpy() for unit, part in by_unit})


def reliability_items(frame: pd.DataFrame) -> None:
    for d in range(DIMENSIONS):
        items = frame[dimension_columns(frame, d)]
        pm.cronbach_alpha(items)
        pm.item_statistics(items)


def baseline(frame: pd.DataFrame) -> None:
    import pingouin as pg

    for d in range(DIMENSIONS):
        items = frame[dimension_columns(frame, d)]
        pg.cronbach_alpha(items)
        for column in items.columns:
            rest = items.drop(columns=column)
            pg.cronbach_alpha(rest)
            items[column].corr(rest.sum(axis=1, min_count=1))
            items[column].agg(["count", "mean", "std"])


def measure(run: Callable[[], None], repeats: int) -> tuple[float, float, float]:
    """(median s, p95 s, peak MiB)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    p95 = float(np.percentile(times, 95))
    return statistics.median(times), p95, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 respondents, 3 repeats")
    parser.add_argument("--respondents", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    n = args.respondents or (5_000 if args.quick else 100_000)
    repeats = args.repeats or (3 if args.quick else 5)
    frame, units, managers = make_data(n)
    size_mib = frame.memory_usage(deep=True).sum() / 2**20
    print(f"{n:,} respondents × {frame.shape[1]} items ({size_mib:.1f} MiB), {repeats} repeats")
    rows = [
        ("full analysis (8 dims)", lambda: full_analysis(frame, units, managers)),
        ("reliability + items", lambda: reliability_items(frame)),
        ("baseline: pingouin + pandas", lambda: baseline(frame)),
    ]
    results = {name: measure(run, repeats) for name, run in rows}
    base = results["baseline: pingouin + pandas"][0]
    print(f"{'task':<30} {'median s':>9} {'p95 s':>9} {'peak MiB':>9} {'÷ baseline':>11}")
    for name, (median, p95, peak) in results.items():
        print(f"{name:<30} {median:9.3f} {p95:9.3f} {peak:9.1f} {median / base:11.2f}")


if __name__ == "__main__":
    main()
