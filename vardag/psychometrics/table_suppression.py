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
   protected blocks does not). For the first derivable entry, the preferred visible entry whose
   hiding sets it free is hidden too; when it takes several at once, the cheapest such set
   (a weighted L1 programme over the same equations).

Groups of rows whose totals are published as well (a department over its units) add their lines:
the group's cells per column, its rows, and its own total.

Steps 2 and 3 are repeated until nothing changes. Cells missing from ``counts`` are zeros; zeros
are shown and never serve as complements.

What is protected is the figure of a group: a hidden count may still be narrowed by its being at
least 1 (e.g. eleven units with one manager each and "11 managers" in total), which says how many
people there are, not what they answered.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

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

    @property
    def all(self) -> tuple[Entry, ...]:
        return (*self.interior, self.margin)


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
    One singular value decomposition serves both questions (which entries are pinned, and the
    least-squares solutions for the candidates).
    """
    unknowns = sorted(hidden, key=repr)
    if not unknowns:
        return set()
    a = _coefficients(lines, unknowns)
    system = _System(a)
    derivable = sorted(
        (e for e, pinned in zip(unknowns, system.pinned, strict=True) if pinned),
        key=lambda e: order[e],
    )
    if not derivable:
        return set()
    entry = derivable[0]
    candidates = sorted(
        (e for e in values if e not in hidden and values[e] > 0),
        key=lambda e: (RANK[e[0]], values[e], order[e]),
    )
    if not candidates:
        return set()
    c = _coefficients(lines, candidates)
    solution = system.solve(-c)
    fits = np.abs(a @ solution + c).max(axis=0) < 1e-7
    moves = np.abs(solution[unknowns.index(entry)]) > 1e-9
    freeing = [k for k, ok in zip(candidates, fits & moves, strict=True) if ok]
    if freeing:
        return {freeing[0]}
    # No single entry frees it: the cheapest set of entries that does (a weighted L1 programme,
    # whose solutions are sparse), so that a pinned entry never has the whole table hidden one
    # cell at a time around it.
    together = _freeing_set(a, c, unknowns.index(entry), [_weight(k, values) for k in candidates])
    if together:
        return {candidates[i] for i in together}
    # The programme found none (numerically): hide the preferred visible entry on one of its
    # own lines, else on a line of the hidden entries tied to it, so that the span grows where
    # the pinned entry is rather than across the table. Every round hides one more entry, so
    # the audit ends.
    for near in _neighbourhoods(lines, hidden, entry):
        choice = next((k for k in candidates if k in near), None)
        if choice is not None:
            return {choice}
    return {candidates[0]}


def _weight(entry: Entry, values: dict[Entry, int]) -> float:
    """The cost of hiding an entry: cells before margins, then fewer people."""
    return (RANK[entry[0]] + 1) * 1_000_000 + values[entry]


def _freeing_set(
    a: npt.NDArray[np.float64], c: npt.NDArray[np.float64], j: int, weights: list[float]
) -> list[int]:
    """Candidates (columns of ``c``) whose hiding together lets hidden entry ``j`` move.

    Solves ``min Σ wₖ|yₖ|`` subject to ``a x + c y = 0`` and ``x_j = 1``: any solution is a
    direction in which the published figures stay the same and entry ``j`` changes, once the
    candidates with ``yₖ ≠ 0`` are hidden. Empty when there is none.
    """
    m, n = a.shape
    k = c.shape[1]
    equations = sparse.hstack([sparse.csr_matrix(a), sparse.csr_matrix(c), -sparse.csr_matrix(c)])
    pin = sparse.csr_matrix(([1.0], ([0], [j])), shape=(1, n + 2 * k))
    result = linprog(
        np.concatenate([np.zeros(n), weights, weights]),
        A_eq=sparse.vstack([equations, pin]).tocsr(),
        b_eq=np.concatenate([np.zeros(m), [1.0]]),
        bounds=[(None, None)] * n + [(0, None)] * (2 * k),
        method="highs",
    )
    if result.status != 0:
        return []
    y = result.x[n : n + k] + result.x[n + k :]
    return [int(i) for i in np.flatnonzero(y > 1e-7)]


def _neighbourhoods(lines: list[_Line], hidden: set[Entry], entry: Entry) -> Iterator[set[Entry]]:
    """The entries on the lines of ``entry``, then on the lines of every hidden entry linked to
    it through shared lines (its block of the equations)."""
    on_lines: dict[Entry, list[_Line]] = {}
    for line in lines:
        for e in line.all:
            on_lines.setdefault(e, []).append(line)
    yield {e for line in on_lines.get(entry, []) for e in line.all}
    block, stack, seen_lines = {entry}, [entry], set()
    while stack:
        for line in on_lines.get(stack.pop(), []):
            if id(line) in seen_lines:
                continue
            seen_lines.add(id(line))
            for e in line.all:
                if e in hidden and e not in block:
                    block.add(e)
                    stack.append(e)
    yield {e for h in block for line in on_lines.get(h, []) for e in line.all}


class _System:
    """The equations restricted to the hidden entries: which of them are pinned down, and the
    least-squares (minimum-norm) solution of ``a x = b``, from one SVD of ``a``.

    Lines without a hidden entry carry no information about them and are left out of the
    decomposition (they are zero rows: they change neither the null space nor the solution).
    """

    def __init__(self, a: npt.NDArray[np.float64]) -> None:
        self.used = np.abs(a).sum(axis=1) > 0
        matrix = a[self.used]
        n = a.shape[1]
        if not len(matrix):
            self.pinned = np.zeros(n, dtype=bool)
            self.u_r = np.zeros((0, 0))
            self.s_r = np.zeros(0)
            self.vt_r = np.zeros((0, n))
            return
        u, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9 * max(matrix.shape)).sum())
        null_space = vt[rank:]  # rows span the directions in which the unknowns can move together
        if not len(null_space):
            self.pinned = np.ones(n, dtype=bool)
        else:
            self.pinned = ~(np.abs(null_space).max(axis=0) > 1e-9)
        self.u_r, self.s_r, self.vt_r = u[:, :rank], singular[:rank], vt[:rank]

    def solve(self, b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The minimum-norm least-squares solution of ``a x = b`` for every column of ``b``."""
        rhs = b[self.used]
        if not len(self.s_r):
            return np.zeros((self.vt_r.shape[1], b.shape[1]))
        return self.vt_r.T @ ((self.u_r.T @ rhs) / self.s_r[:, None])


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
    system = _System(_coefficients(lines, unknowns))
    return {e for e, pinned in zip(unknowns, system.pinned, strict=True) if pinned}


def _validate(counts: Mapping[tuple[R, C], int], threshold: int) -> None:
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ValueError("counts must be non-negative integers")
    if any(not isinstance(key, tuple) or len(key) != 2 for key in counts):
        raise ValueError("keys must be (row, column) pairs")
