"""Server-rendered SVG bar charts for the overview (pages and the committee report). Every
chart stands next to a table with the same figures; coordinates are written with
`{% localize off %}` so a decimal comma never reaches the SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600
LABEL_WIDTH = 230
BAR_HEIGHT = 20
GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float

    @property
    def text_x(self) -> float:
        return LABEL_WIDTH + self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + 15


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    height: int
    axis_x: int = LABEL_WIDTH


def bar_chart(title: str, items: Sequence[tuple[str, float, str]]) -> BarChart | None:
    """Horizontal bars for (label, value, text) items; None when there is nothing to draw
    (no items, or every value zero: a row of empty bars only repeats the table's zeros)."""
    if not items or not any(v for _l, v, _t in items):
        return None
    top = max((v for _l, v, _t in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    bars = tuple(
        Bar(label, value, text, i * (BAR_HEIGHT + GAP), round(span * max(value, 0) / top, 1))
        for i, (label, value, text) in enumerate(items)
    )
    return BarChart(title, bars, len(bars) * (BAR_HEIGHT + GAP))
