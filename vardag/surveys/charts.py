"""Server-rendered SVG charts (no JavaScript); every chart has a data table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from vardag.surveys.analysis import RoundResults, UnitComparison, fmt

WIDTH = 600
LABEL = 200
BAR_AREA = WIDTH - LABEL - 60
ROW = 28


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: float
    ci_x1: float
    ci_x2: float
    text: str
    text_x: float


@dataclass(frozen=True)
class BarChart:
    height: int
    bars: tuple[Bar, ...]
    axis_x: int
    scale_max: int


def _x(value: float, scale_max: int) -> float:
    return round(LABEL + BAR_AREA * (value - 1) / max(scale_max - 1, 1), 1)


def dimension_chart(results: RoundResults, language: str) -> BarChart:
    bars = []
    scale_max = max((d.spec.scale_max for d in results.dimensions), default=5)
    for index, dim in enumerate(results.dimensions):
        est = dim.estimate
        if est is None:
            continue
        end = _x(est.mean, scale_max)
        bars.append(
            Bar(
                label=dim.spec.name(language),
                y=index * ROW + 4,
                width=round(end - LABEL, 1),
                ci_x1=_x(max(est.ci.lower, 1), scale_max),
                ci_x2=_x(min(est.ci.upper, scale_max), scale_max),
                text=fmt(est.mean),
                text_x=min(end, WIDTH - 60) + 8,
            )
        )
    return BarChart(len(results.dimensions) * ROW + 8, tuple(bars), LABEL, scale_max)


@dataclass(frozen=True)
class Line:
    label: str
    points: str


@dataclass(frozen=True)
class TrendChart:
    height: int
    lines: tuple[Line, ...]
    round_labels: tuple[tuple[float, str], ...]


def trend_chart(results: RoundResults, language: str) -> TrendChart | None:
    if len(results.trend) < 2:
        return None
    height, left, right = 200, 40, WIDTH - 20
    step = (right - left) / (len(results.trend) - 1)
    scale_max = max((d.spec.scale_max for d in results.dimensions), default=5)
    lines = []
    for dim in results.dimensions:
        points = []
        for i, (_round, means) in enumerate(results.trend):
            value = means.get(dim.spec.code)
            if value is not None:
                y = height - 20 - (height - 40) * (value - 1) / max(scale_max - 1, 1)
                points.append(f"{left + i * step:.1f},{y:.1f}")
        if len(points) >= 2:
            lines.append(Line(dim.spec.name(language), " ".join(points)))
    labels = tuple((left + i * step, r.title) for i, (r, _m) in enumerate(results.trend))
    return TrendChart(height, tuple(lines), labels)


@dataclass(frozen=True)
class Dot:
    label: str
    y: int
    x: float
    ci_x1: float
    ci_x2: float
    text: str
    text_x: float


@dataclass(frozen=True)
class DotChart:
    height: int
    dots: tuple[Dot, ...]
    axis_x: int
    ticks: tuple[tuple[float, str], ...]


def unit_comparison_chart(comparison: UnitComparison | None) -> DotChart | None:
    """Each compared unit's mean with its 95 % interval on the scale (1 … scale max)."""
    if comparison is None or comparison.result is None:
        return None
    scale_max = comparison.spec.scale_max
    dots = []
    for index, (unit, group) in enumerate(
        zip(comparison.units, comparison.result.groups, strict=True)
    ):
        est = group.estimate
        x = _x(est.mean, scale_max)
        dots.append(
            Dot(
                label=unit.name,
                y=index * ROW + 14,
                x=x,
                ci_x1=_x(max(est.ci.lower, 1), scale_max),
                ci_x2=_x(min(est.ci.upper, scale_max), scale_max),
                text=fmt(est.mean),
                text_x=min(_x(min(est.ci.upper, scale_max), scale_max), WIDTH - 60) + 8,
            )
        )
    height = len(dots) * ROW + 30
    ticks = tuple((_x(v, scale_max), str(v)) for v in range(1, scale_max + 1))
    return DotChart(height, tuple(dots), LABEL, ticks)
