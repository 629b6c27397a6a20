"""Two-way small-group suppression (e.g. unit × role) with complementary suppression.

A table of counts is published with its margins: a total per row (unit), per column (role) and a
grand total. Hiding a small cell is not enough, since ``row total - visible cells of the row``
would give it back, and so would the column. The table is seen as the *augmented* table, in which
every line (a row with its row total, a column with its column total, the row totals with the
grand total, the column totals with the grand total) is one linear equation an attacker can use.

1. **Primary**: every cell and every margin with 1 … threshold-1 people is hidden.
2. **Lines**: in every line whose margin is shown, the hidden entries must be at least two, hold
   at least ``threshold`` people together and more people than entries (the rule of
   ``suppress_small_groups`` for one line). Otherwise the smallest visible non-zero entry of the
   line is hidden too; when there is none, the line's margin is.
3. **Audit**: the hidden entries are the unknowns of all the equations together, each at least 1
   (zeros are shown, so a hidden entry is known not to be 0). For every hidden entry, a linear
   programme finds its smallest and largest possible value. If they are equal the entry can be
   derived, and the smallest visible non-zero entry on one of its lines is hidden too. Because
   the equations of a two-way table are totally unimodular, the bounds of the linear programme
   are the bounds over integer tables, so "not derivable" is exact.

Steps 2 and 3 are repeated until nothing changes. Cells missing from ``counts`` are zeros.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from scipy.optimize import linprog

from vardag.psychometrics.suppression import DEFAULT_THRESHOLD

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

# An entry of the augmented table: ("cell", row, column), ("row", row), ("column", column) or
# ("total",).
Entry = tuple


@dataclass(frozen=True)
class TableSuppression(Generic[R, C]):
    """Which cells and margins of a two-way table must be hidden."""

    threshold: int
    primary: frozenset[tuple[R, C]]
    secondary: frozenset[tuple[R, C]]
    hidden_rows: frozenset[R]
    hidden_columns: frozenset[C]
    is_total_hidden: bool

    @property
    def hidden(self) -> frozenset[tuple[R, C]]:
        """All hidden cells: primary and secondary."""
        return self.primary | self.secondary

    def is_visible(self, row: R, column: C) -> bool:
        """Whether the figure of one cell may be shown."""
        return (row, column) not in self.primary and (row, column) not in self.secondary

    def is_row_visible(self, row: R) -> bool:
        """Whether the row's total (e.g. a unit's figure over all roles) may be shown."""
        return row not in self.hidden_rows

    def is_column_visible(self, column: C) -> bool:
        """Whether the column's total (e.g. all managers) may be shown."""
        return column not in self.hidden_columns


@dataclass(frozen=True)
class _Line:
    interior: tuple[Entry, ...]
    margin: Entry


def suppress_table(
    counts: Mapping[tuple[R, C], int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    is_margins_published: bool = True,
) -> TableSuppression[R, C]:
    """Hide cells and margins so that no group under ``threshold`` can be seen or derived.

    ``counts`` maps ``(row, column)`` to a number of people. With ``is_margins_published=False``
    (no totals are shown anywhere) only primary suppression applies.
    """
    _validate(counts, threshold)
    rows = list(dict.fromkeys(row for row, _column in counts))
    columns = list(dict.fromkeys(column for _row, column in counts))
    values = _augmented_values(counts, rows, columns)
    order = {entry: index for index, entry in enumerate(values)}
    hidden = {entry for entry, n in values.items() if 0 < n < threshold}
    if not is_margins_published:
        hidden = {entry for entry in hidden if entry[0] == "cell"}
    else:
        lines = _lines(rows, columns)
        while True:
            added = _line_complements(lines, values, hidden, threshold, order)
            if not added:
                added = _audit_complements(lines, values, hidden, order)
            if not added:
                break
            hidden |= added
    primary = frozenset((e[1], e[2]) for e in hidden if e[0] == "cell" and values[e] < threshold)
    cells = frozenset((e[1], e[2]) for e in hidden if e[0] == "cell")
    return TableSuppression(
        threshold=threshold,
        primary=primary,
        secondary=cells - primary,
        hidden_rows=frozenset(e[1] for e in hidden if e[0] == "row"),
        hidden_columns=frozenset(e[1] for e in hidden if e[0] == "column"),
        is_total_hidden=("total",) in hidden,
    )


def _augmented_values(
    counts: Mapping[tuple[R, C], int], rows: list[R], columns: list[C]
) -> dict[Entry, int]:
    values: dict[Entry, int] = {}
    for row in rows:
        for column in columns:
            values[("cell", row, column)] = int(counts.get((row, column), 0))
    for row in rows:
        values[("row", row)] = sum(values[("cell", row, column)] for column in columns)
    for column in columns:
        values[("column", column)] = sum(values[("cell", row, column)] for row in rows)
    values[("total",)] = sum(counts.values())
    return values


def _lines(rows: list[R], columns: list[C]) -> list[_Line]:
    lines = [
        _Line(tuple(("cell", row, column) for column in columns), ("row", row)) for row in rows
    ]
    lines += [
        _Line(tuple(("cell", row, column) for row in rows), ("column", column))
        for column in columns
    ]
    lines.append(_Line(tuple(("row", row) for row in rows), ("total",)))
    lines.append(_Line(tuple(("column", column) for column in columns), ("total",)))
    return lines


def _cheapest(
    candidates: list[Entry], values: dict[Entry, int], hidden: set[Entry], order: dict[Entry, int]
) -> Entry | None:
    """The visible non-zero entry with the fewest people (ties: first in the table)."""
    open_ = [e for e in candidates if e not in hidden and values[e] > 0]
    return min(open_, key=lambda e: (values[e], order[e])) if open_ else None


def _line_complements(
    lines: list[_Line],
    values: dict[Entry, int],
    hidden: set[Entry],
    threshold: int,
    order: dict[Entry, int],
) -> set[Entry]:
    """One complement for every line whose margin is shown but whose hidden part is exposed."""
    added: set[Entry] = set()
    for line in lines:
        if line.margin in hidden | added:
            continue
        secret = [e for e in line.interior if e in hidden | added]
        people = sum(values[e] for e in secret)
        if not secret or (len(secret) >= 2 and people >= threshold and people > len(secret)):
            continue
        choice = _cheapest(list(line.interior), values, hidden | added, order)
        added.add(choice if choice is not None else line.margin)
    return added


def _audit_complements(
    lines: list[_Line], values: dict[Entry, int], hidden: set[Entry], order: dict[Entry, int]
) -> set[Entry]:
    """A complement for the first hidden entry that the equations of the table pin down."""
    for entry in sorted(hidden, key=lambda e: order[e]):
        if not is_derivable(entry, lines, values, hidden):
            continue
        neighbours = [
            e
            for line in lines
            if entry in (*line.interior, line.margin)
            for e in (*line.interior, line.margin)
        ]
        cells = [e for e in neighbours if e[0] == "cell"]
        choice = _cheapest(cells, values, hidden, order) or _cheapest(
            neighbours, values, hidden, order
        )
        if choice is not None:
            return {choice}
    return set()


def is_derivable(
    entry: Entry, lines: list[_Line], values: dict[Entry, int], hidden: set[Entry]
) -> bool:
    """Whether the published figures leave only one possible value for a hidden entry."""
    unknowns = sorted(hidden, key=repr)
    index = {e: i for i, e in enumerate(unknowns)}
    a_eq, b_eq = [], []
    for line in lines:
        coefficients = np.zeros(len(unknowns))
        known = 0.0
        for e in line.interior:
            if e in index:
                coefficients[index[e]] += 1
            else:
                known -= values[e]
        if line.margin in index:
            coefficients[index[line.margin]] -= 1
        else:
            known += values[line.margin]
        if coefficients.any():
            a_eq.append(coefficients)
            b_eq.append(known)
    target = np.zeros(len(unknowns))
    target[index[entry]] = 1
    bounds = [(1, None)] * len(unknowns)
    low = linprog(target, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
    high = linprog(-target, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
    if high.status == 3:  # unbounded above: anything from the lower bound up
        return False
    if low.status != 0 or high.status != 0:
        raise ValueError("the published table is inconsistent")
    return bool(-high.fun - low.fun < 0.5)


def _validate(counts: Mapping[tuple[R, C], int], threshold: int) -> None:
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ValueError("counts must be non-negative integers")
    if any(not isinstance(key, tuple) or len(key) != 2 for key in counts):
        raise ValueError("keys must be (row, column) pairs")
