"""Server-rendered SVG chart of an impact goal: measurements against baseline and target, and
the adopting units' results beside the original's. The page shows the same figures in a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from vardag.pilots.selectors import GoalView

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 16, 36


@dataclass(frozen=True)
class Line:
    label: str
    css: str
    points: str
    dots: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Rule:
    label: str
    css: str
    y: float
    value: Decimal


@dataclass(frozen=True)
class GoalChart:
    width: int
    height: int
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    bottom: int


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def pilot_period(starts_on: date, ends_on: date, today: date) -> tuple[date, date]:
    """The chart's time axis: the pilot's period, to today while it runs (an impact goal's own
    time frame often runs long after the pilot and would squeeze its measurements to the
    left). The goal stays visible as the target line; later values widen the axis."""
    if starts_on <= today < ends_on:
        return starts_on, today
    return starts_on, ends_on


def goal_chart(view: GoalView) -> GoalChart | None:
    goal = view.goal
    series: list[tuple[str, str, list[tuple[date, Decimal]]]] = [
        (goal.pilot.idea.title, "series-0", [(m.measured_on, m.value) for m in view.measurements])
    ]
    for n, (adoption, results) in enumerate(view.adoption_series, start=1):
        series.append(
            (str(adoption.unit), f"series-{n % 6}", [(r.measured_on, r.value) for r in results])
        )
    values = [v for _l, _c, pts in series for _d, v in pts]
    if not values:
        return None
    marks = [v for v in (goal.baseline, goal.target) if v is not None]
    low, high = min(values + marks), max(values + marks)
    if low == high:
        low, high = low - 1, high + 1
    days = [d for _l, _c, pts in series for d, _v in pts]
    start, end = pilot_period(goal.pilot.starts_on, goal.pilot.ends_on, timezone.localdate())
    first, last = min([start, *days]), max([end, *days])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    def y(value: Decimal) -> float:
        share = float((value - low) / (high - low))
        return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * share, 1)

    lines = tuple(
        Line(
            label,
            css,
            " ".join(f"{x(d)},{y(v)}" for d, v in pts),
            tuple((x(d), y(v)) for d, v in pts),
        )
        for label, css, pts in series
        if pts
    )
    rules = []
    if goal.baseline is not None:
        rules.append(Rule("baseline", "rule-baseline", y(goal.baseline), goal.baseline))
    if goal.target is not None:
        rules.append(Rule("target", "rule-target", y(goal.target), goal.target))
    y_ticks = tuple((y(v), _fmt(v)) for v in (low, (low + high) / 2, high))
    x_ticks = ((x(first), first.isoformat()), (x(last), last.isoformat()))
    return GoalChart(WIDTH, HEIGHT, lines, tuple(rules), y_ticks, x_ticks, HEIGHT - 12)


@dataclass(frozen=True)
class TableRow:
    day: date
    cells: tuple[Decimal | None, ...]


def goal_table(view: GoalView) -> tuple[list[str], list[TableRow]]:
    """Columns (the original, then each adopting unit) and one row per date."""
    columns = [view.goal.pilot.idea.title, *(str(a.unit) for a, _r in view.adoption_series)]
    by_day: dict[date, list[Decimal | None]] = {}
    for m in view.measurements:
        by_day.setdefault(m.measured_on, [None] * len(columns))[0] = m.value
    for n, (_adoption, results) in enumerate(view.adoption_series, start=1):
        for r in results:
            by_day.setdefault(r.measured_on, [None] * len(columns))[n] = r.value
    return columns, [TableRow(day, tuple(cells)) for day, cells in sorted(by_day.items())]
