"""Two-way small-group suppression (e.g. unit × role) with complementary suppression.

A table of counts is published with its margins: a total per row (unit), per column (role) and a
grand total; with each count goes a figure (e.g. a mean, so a sum of scores). Hiding a small cell
is not enough, since ``row total - visible cells of the row`` would give its figure back, and so
would the column. The table is seen as the *augmented* table, in which every line (a row with its
row total, a column with its column total, the row totals with the grand total, the column totals
with the grand total) is one linear equation an attacker can use, for the counts and for the sums.

1. **Primary**: every cell and every margin with 1 … threshold-1 people is hidden.
2. **Lines**: in every line whose margin is shown, the hidden entries must be at least two and
   hold at least ``threshold`` people together (what subtraction yields is then a figure about
   ``threshold`` or more people). Otherwise the smallest visible non-zero entry of the line is
   hidden too; when there is none, the line's margin is.
3. **Audit**: the hidden entries are the unknowns of all the equations together. An entry is
   derivable when the equations pin it down, i.e. when it does not move in the null space of the
   system (a cycle of hidden cells through rows and columns lets it move; a "bridge" between two
   protected blocks does not). For the first derivable entry, the smallest visible non-zero entry
   on one of its lines is hidden too.

Groups of rows whose totals are published as well (a department over its units) add their lines:
the group's cells per column, its rows, and its own total.

Steps 2 and 3 are repeated until nothing changes. Cells missing from ``counts`` are zeros; zeros
are shown and never serve as complements.

What is protected is the figure of a group: a hidden count may still be narrowed by its being at
least 1 (e.g. eleven units with one manager each and "11 managers" in total), which says how many
people there are, not what they answered.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from vardag.psychometrics.suppression import DEFAULT_THRESHOLD

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

# An entry of the augmented table: ("cell", row, column), ("row", row), ("column", column),
# ("total",), and for a group of rows ("group_cell", group, column) and ("group", group).
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
    hidden_groups: frozenset[Hashable] = frozenset()
    hidden_group_cells: frozenset[tuple[Hashable, C]] = frozenset()

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

    def is_group_visible(self, group: Hashable) -> bool:
        """Whether a group of rows' total (e.g. an administration's units) may be shown."""
        return group not in self.hidden_groups

    def is_group_cell_visible(self, group: Hashable, column: C) -> bool:
        """Whether a group of rows' total in one column (e.g. its managers) may be shown."""
        return (group, column) not in self.hidden_group_cells


@dataclass(frozen=True)
class _Line:
    interior: tuple[Entry, ...]
    margin: Entry


def suppress_table(
    counts: Mapping[tuple[R, C], int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    is_margins_published: bool = True,
    row_groups: Mapping[Hashable, Collection[R]] | None = None,
) -> TableSuppression[R, C]:
    """Hide cells and margins so that no group under ``threshold`` can be seen or derived.

    ``counts`` maps ``(row, column)`` to a number of people. With ``is_margins_published=False``
    (no totals are shown anywhere) only primary suppression applies. ``row_groups`` names sets
    of rows whose totals are published too, per column and overall (e.g. a department's page
    sums its units): they are further lines of the table, protected in the same way.
    """
    _validate(counts, threshold)
    rows = list(dict.fromkeys(row for row, _column in counts))
    columns = list(dict.fromkeys(column for _row, column in counts))
    groups = {
        group: [row for row in rows if row in set(members)]
        for group, members in (row_groups or {}).items()
    }
    values = _augmented_values(counts, rows, columns, groups)
    order = {entry: index for index, entry in enumerate(values)}
    hidden = {entry for entry, n in values.items() if 0 < n < threshold}
    if not is_margins_published:
        hidden = {entry for entry in hidden if entry[0] == "cell"}
    else:
        lines = _lines(rows, columns, groups)
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
        hidden_groups=frozenset(e[1] for e in hidden if e[0] == "group"),
        hidden_group_cells=frozenset((e[1], e[2]) for e in hidden if e[0] == "group_cell"),
    )


def _augmented_values(
    counts: Mapping[tuple[R, C], int],
    rows: list[R],
    columns: list[C],
    groups: Mapping[Hashable, list[R]],
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
    for group, members in groups.items():
        for column in columns:
            values[("group_cell", group, column)] = sum(
                values[("cell", row, column)] for row in members
            )
        values[("group", group)] = sum(values[("row", row)] for row in members)
    return values


def _lines(rows: list[R], columns: list[C], groups: Mapping[Hashable, list[R]]) -> list[_Line]:
    lines = [
        _Line(tuple(("cell", row, column) for column in columns), ("row", row)) for row in rows
    ]
    lines += [
        _Line(tuple(("cell", row, column) for row in rows), ("column", column))
        for column in columns
    ]
    lines.append(_Line(tuple(("row", row) for row in rows), ("total",)))
    lines.append(_Line(tuple(("column", column) for column in columns), ("total",)))
    for group, members in groups.items():
        lines += [
            _Line(tuple(("cell", row, column) for row in members), ("group_cell", group, column))
            for column in columns
        ]
        lines.append(_Line(tuple(("row", row) for row in members), ("group", group)))
        lines.append(
            _Line(tuple(("group_cell", group, column) for column in columns), ("group", group))
        )
    return lines


RANK = {"cell": 0, "row": 1, "group_cell": 2, "group": 3, "column": 4, "total": 5}


def _cheapest(
    candidates: list[Entry],
    values: dict[Entry, int],
    hidden: set[Entry],
    order: dict[Entry, int],
    helps: dict[Entry, int] | None = None,
) -> Entry | None:
    """The visible non-zero entry to hide: cells before margins (the grand total last), then
    the one that protects the most exposed lines at once, then the fewest people."""
    open_ = [e for e in candidates if e not in hidden and values[e] > 0]
    helps = helps or {}
    return (
        min(open_, key=lambda e: (RANK[e[0]], -helps.get(e, 0), values[e], order[e]))
        if open_
        else None
    )


def _exposed(line: _Line, values: dict[Entry, int], hidden: set[Entry], threshold: int) -> bool:
    if line.margin in hidden:
        return False
    secret = [e for e in line.interior if e in hidden]
    people = sum(values[e] for e in secret)
    return bool(secret) and (len(secret) < 2 or people < threshold)


def _line_complements(
    lines: list[_Line],
    values: dict[Entry, int],
    hidden: set[Entry],
    threshold: int,
    order: dict[Entry, int],
) -> set[Entry]:
    """A complement for the first line whose margin is shown but whose hidden part is exposed.

    Among the line's entries, the one lying on the most exposed lines is preferred, so that one
    complement protects a unit's row and its department's total together.
    """
    exposed = [line for line in lines if _exposed(line, values, hidden, threshold)]
    if not exposed:
        return set()
    helps: dict[Entry, int] = {}
    for line in exposed:
        for entry in line.interior:
            helps[entry] = helps.get(entry, 0) + 1
    line = exposed[0]
    choice = _cheapest(list(line.interior), values, hidden, order, helps)
    return {choice if choice is not None else line.margin}


def _audit_complements(
    lines: list[_Line], values: dict[Entry, int], hidden: set[Entry], order: dict[Entry, int]
) -> set[Entry]:
    """A complement for the first hidden entry that the equations of the table pin down.

    The complement is the preferred visible entry (cells before margins, fewest people) whose
    hiding sets the pinned entry free: hiding entry k frees entry j exactly when k's column of
    coefficients lies in the span of the hidden entries' columns and the solution moves j.
    """
    derivable = sorted(derivable_entries(lines, values, hidden), key=lambda e: order[e])
    if not derivable:
        return set()
    entry = derivable[0]
    unknowns = sorted(hidden, key=repr)
    candidates = sorted(
        (e for e in values if e not in hidden and values[e] > 0),
        key=lambda e: (RANK[e[0]], values[e], order[e]),
    )
    if not candidates:
        return set()
    a = _coefficients(lines, unknowns)
    c = _coefficients(lines, candidates)
    solution = np.linalg.pinv(a) @ (-c)
    fits = np.abs(a @ solution + c).max(axis=0) < 1e-7
    moves = np.abs(solution[unknowns.index(entry)]) > 1e-9
    freeing = [k for k, ok in zip(candidates, fits & moves, strict=True) if ok]
    return {freeing[0] if freeing else candidates[0]}


def _coefficients(lines: list[_Line], entries: list[Entry]) -> npt.NDArray[np.float64]:
    """Lines × entries: +1 where an entry is a part of the line, -1 where it is its margin."""
    index = {e: i for i, e in enumerate(entries)}
    matrix = np.zeros((len(lines), len(entries)))
    for row, line in enumerate(lines):
        for e in line.interior:
            if e in index:
                matrix[row, index[e]] += 1
        if line.margin in index:
            matrix[row, index[line.margin]] -= 1
    return matrix


def derivable_entries(
    lines: list[_Line], values: dict[Entry, int], hidden: set[Entry]
) -> set[Entry]:
    """The hidden entries whose value the published ones determine (through the equations)."""
    unknowns = sorted(hidden, key=repr)
    if not unknowns:
        return set()
    matrix = _coefficients(lines, unknowns)
    matrix = matrix[np.abs(matrix).sum(axis=1) > 0]
    if not len(matrix):
        return set()
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(matrix.shape)).sum())
    null_space = vt[rank:]  # rows span the directions in which the unknowns can move together
    if not len(null_space):
        return set(unknowns)
    movable = np.abs(null_space).max(axis=0) > 1e-9
    return {e for e, i in zip(unknowns, range(len(unknowns)), strict=True) if not movable[i]}


def _validate(counts: Mapping[tuple[R, C], int], threshold: int) -> None:
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ValueError("counts must be non-negative integers")
    if any(not isinstance(key, tuple) or len(key) != 2 for key in counts):
        raise ValueError("keys must be (row, column) pairs")
