"""Benchmark of the surveys analysis bridge on 100,000 respondents × 40 items.

What the results page does once the answers are read: pivot the long answer rows
(response, item, value) into a respondents × items frame (`analysis.load_frame` does this after
its query), score 8 dimensions, reliability and item statistics per dimension, the manager −
employee gap, the two-way unit × role suppression over the unit tree, Welch's ANOVA over the
units per dimension and the change against an earlier round of the same size. Data: the conditions
instrument's 40 item codes, Likert 1–5 with one reversed item per dimension, ~3 % missing,
60 units, ~12 % managers; fixed seed.

Wall time: median and p95 over the repeats; peak memory: tracemalloc over one extra run.
Baseline: the same analysis on 1,000 respondents (the ratio shows how it scales).
Run: ``python bench/bench_surveys.py`` (``--quick`` for 10,000 respondents, 3 repeats).
The SQL read of 4 million answer rows is not included (it depends on the database).
"""

from __future__ import annotations

import argparse
import os
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("VARDAG_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench.timing import Timing, measure, print_table  # noqa: E402
from vardag.psychometrics import welch_anova  # noqa: E402
from vardag.surveys import analysis, instrument  # noqa: E402

SEED = 20260301


def specs() -> list[analysis.DimensionSpec]:
    return [
        analysis.DimensionSpec(
            code=d.code,
            name_sv=d.name_sv,
            name_en=d.name_en,
            items=tuple(i.code for i in d.items),
            reversed_items=tuple(i.code for i in d.items if i.is_reversed),
            scale_max=5,
        )
        for d in instrument.DIMENSIONS
    ]


def long_answers(n: int, seed: int, shift: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long answer rows as the database returns them, and the respondents' meta columns."""
    rng = np.random.default_rng(seed)
    dims = specs()
    codes, values = [], []
    for spec in dims:
        trait = rng.normal(shift, 1, size=n)
        for code in spec.items:
            value = np.clip(np.round(3 + 0.9 * trait + rng.normal(0, 0.8, size=n)), 1, 5)
            if code in spec.reversed_items:
                value = 6 - value
            codes.append(code)
            values.append(value)
    matrix = np.column_stack(values)
    keep = rng.random(matrix.shape) >= 0.03
    rows, cols = np.nonzero(keep)
    long = pd.DataFrame(
        {
            "response_id": rows + 1,
            "code": np.array(codes)[cols],
            "value": matrix[rows, cols],
        }
    )
    meta = pd.DataFrame(
        {
            "response_id": np.arange(1, n + 1),
            "unit_id": rng.integers(1, 61, size=n),
            "audience": np.where(rng.random(n) < 0.12, "manager", "employee"),
        }
    )
    return long, meta


def frame_from(long: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    return analysis.widen(meta, long, [c for s in specs() for c in s.items])


# The 60 units sit in 12 departments under 2 administrations (unit pages publish subtree sums).
PARENTS: dict[int, int | None] = {1000: None, 1001: None}
PARENTS |= {100 + d: 1000 + d % 2 for d in range(12)}
PARENTS |= {u: 100 + (u - 1) // 5 for u in range(1, 61)}


def suppress(frame: pd.DataFrame) -> object:
    """The two-way unit × role suppression with the unit tree's groups."""
    return analysis.unit_role_suppression(frame, 5, PARENTS)


def compare_units(frame: pd.DataFrame, current: pd.DataFrame) -> None:
    """Welch's ANOVA over the 60 units for every dimension (what the results pages show)."""
    for spec in specs():
        groups = {
            str(uid): part.to_numpy()[np.isfinite(part.to_numpy())]
            for uid, part in current[spec.code].groupby(frame["unit_id"])
        }
        welch_anova(groups)


def analyse(long: pd.DataFrame, meta: pd.DataFrame, previous: pd.DataFrame) -> None:
    dims = specs()
    frame = frame_from(long, meta)
    current = analysis.scores(frame, dims)
    analysis.dimension_results(frame, dims, 5, with_reliability=True, dim_scores=current)
    suppress(frame)
    analysis.manager_gap(frame, dims, 5, current)
    compare_units(frame, current)
    analysis.change_since(previous, frame, dims, dims, 5, current)


def peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, repeats = (10_000, 3) if args.quick else (100_000, 5)
    long, meta = long_answers(n, SEED)
    previous = frame_from(*long_answers(n, SEED + 1, shift=-0.1))
    small_long, small_meta = long_answers(1_000, SEED)
    small_previous = frame_from(*long_answers(1_000, SEED + 1, shift=-0.1))
    base, _p = measure(lambda: analyse(small_long, small_meta, small_previous), repeats=repeats)
    median, p95 = measure(lambda: analyse(long, meta, previous), repeats=repeats, warmup=1)
    pivot, pivot95 = measure(lambda: frame_from(long, meta), repeats=repeats, warmup=1)
    frame = frame_from(long, meta)
    table, table95 = measure(lambda: suppress(frame), repeats=repeats, warmup=1)
    scored = analysis.scores(frame, specs())
    welch, welch95 = measure(lambda: compare_units(frame, scored), repeats=repeats, warmup=1)
    rows = [
        Timing(f"widen {len(long):,} answer rows", pivot, pivot95),
        Timing("unit × role suppression, 60 units, 14 groups", table, table95),
        Timing("Welch's ANOVA over 60 units × 8 dimensions", welch, welch95),
        Timing(f"bridge: {n:,} respondents × 40 items", median, p95, base),
    ]
    print_table("surveys analysis bridge (baseline: 1,000 respondents)", rows)
    peak = peak_mib(lambda: analyse(long, meta, previous))
    print(f"\npeak memory (tracemalloc), full analysis: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
