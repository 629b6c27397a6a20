"""Small timing helpers shared by the benchmarks: repeat, median, p95, table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    median_ms: float
    p95_ms: float
    baseline_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.median_ms / self.baseline_ms if self.baseline_ms else None


def measure(fn: Callable[[], object], *, repeats: int = 15, warmup: int = 2) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def print_table(title: str, rows: list[Timing]) -> None:
    print(f"\n{title}")
    header = f"{'what':<44} {'median ms':>10} {'p95 ms':>10} {'baseline ms':>12} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        base = f"{row.baseline_ms:12.1f}" if row.baseline_ms else f"{'–':>12}"
        ratio = f"{row.ratio:7.2f}" if row.ratio else f"{'–':>7}"
        print(f"{row.name:<44} {row.median_ms:10.1f} {row.p95_ms:10.1f} {base} {ratio}")
