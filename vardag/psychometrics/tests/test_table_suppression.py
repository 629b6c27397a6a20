"""Two-way suppression (unit × role): proved against an attacker with a linear programme.

The attacker of these tests knows only what is published: the visible cells, the visible row
and column totals and the grand total if shown. The same equations hold for the counts and for
the sums of scores behind a mean. For every hidden figure it computes the smallest and largest
value consistent with them; a figure is derivable when the two are equal.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from vardag.psychometrics import TableSuppression, suppress_table

ROLES = ("manager", "employee", "other")


@st.composite
def tables(draw: st.DrawFn) -> dict[tuple[str, str], int]:
    n_rows = draw(st.integers(min_value=1, max_value=6))
    n_columns = draw(st.integers(min_value=1, max_value=3))
    return {
        (f"unit_{r}", ROLES[c]): draw(st.integers(min_value=0, max_value=25))
        for r in range(n_rows)
        for c in range(n_columns)
    }


def _attack(
    counts: dict[tuple[str, str], int],
    result: TableSuppression[str, str],
    groups: dict[str, list[str]] | None = None,
) -> dict[object, tuple[float | None, float | None]]:
    """Smallest and largest value of every hidden figure, from the published ones only."""
    rows = sorted({r for r, _ in counts})
    columns = sorted({c for _, c in counts})
    unknown: list[object] = [("cell", r, c) for r, c in counts if not result.is_visible(r, c)]
    unknown += [("row", r) for r in rows if not result.is_row_visible(r)]
    unknown += [("column", c) for c in columns if not result.is_column_visible(c)]
    if result.is_total_hidden:
        unknown.append(("total",))
    groups = groups or {}
    unknown += [("group", g) for g in groups if not result.is_group_visible(g)]
    unknown += [
        ("group_cell", g, c)
        for g in groups
        for c in columns
        if not result.is_group_cell_visible(g, c)
    ]
    if not unknown:
        return {}
    position = {u: i for i, u in enumerate(unknown)}

    def published(key: object) -> float:
        kind = key[0]  # type: ignore[index]
        if kind == "cell":
            return counts[(key[1], key[2])]  # type: ignore[index]
        if kind == "row":
            return sum(n for (r, _), n in counts.items() if r == key[1])  # type: ignore[index]
        if kind == "column":
            return sum(n for (_, c), n in counts.items() if c == key[1])  # type: ignore[index]
        if kind == "group":
            return sum(n for (r, _), n in counts.items() if r in groups[key[1]])  # type: ignore[index]
        if kind == "group_cell":
            members = groups[key[1]]  # type: ignore[index]
            return sum(n for (r, c), n in counts.items() if r in members and c == key[2])  # type: ignore[index]
        return sum(counts.values())

    equations: list[tuple[list[object], object]] = []
    equations += [([("cell", r, c) for c in columns], ("row", r)) for r in rows]
    equations += [([("cell", r, c) for r in rows], ("column", c)) for c in columns]
    equations.append(([("row", r) for r in rows], ("total",)))
    equations.append(([("column", c) for c in columns], ("total",)))
    for g, members in groups.items():
        equations += [([("cell", r, c) for r in members], ("group_cell", g, c)) for c in columns]
        equations.append(([("row", r) for r in members], ("group", g)))
        equations.append(([("group_cell", g, c) for c in columns], ("group", g)))
    a_eq, b_eq = [], []
    for parts, whole in equations:
        row = np.zeros(len(unknown))
        rhs = 0.0
        for key in parts:
            if key in position:
                row[position[key]] += 1
            else:
                rhs -= published(key)
        if whole in position:
            row[position[whole]] -= 1
        else:
            rhs += published(whole)
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    ranges: dict[object, tuple[float | None, float | None]] = {}
    for key, index in position.items():
        goal = np.zeros(len(unknown))
        goal[index] = 1
        kwargs = {
            "A_eq": a_eq or None,
            "b_eq": b_eq or None,
            "bounds": [(None, None)] * len(unknown),
            "method": "highs",
        }
        low = linprog(goal, **kwargs)
        high = linprog(-goal, **kwargs)
        assert low.status in (0, 3), "the true table must be a solution"
        ranges[key] = (
            None if low.status == 3 else low.fun,
            None if high.status == 3 else -high.fun,
        )
    return ranges


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(min_value=2, max_value=7))
def test_no_hidden_figure_can_be_derived_from_the_published_ones(
    counts: dict[tuple[str, str], int], threshold: int
) -> None:
    result = suppress_table(counts, threshold=threshold)
    for key, (low, high) in _attack(counts, result).items():
        assert low is None or high is None or high - low >= 1, f"{key} is pinned to {low}"


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(min_value=2, max_value=7), st.data())
def test_published_totals_of_groups_of_rows_do_not_give_a_hidden_figure_away(
    counts: dict[tuple[str, str], int], threshold: int, data: st.DataObject
) -> None:
    rows = sorted({r for r, _ in counts})
    subsets = st.lists(st.sampled_from(rows), min_size=2, unique=True) if len(rows) >= 2 else None
    groups = (
        {f"g{i}": members for i, members in enumerate(data.draw(st.lists(subsets, max_size=3)))}
        if subsets is not None
        else {}
    )
    result = suppress_table(counts, threshold=threshold, row_groups=groups)
    for key, (low, high) in _attack(counts, result, groups).items():
        assert low is None or high is None or high - low >= 1, f"{key} is pinned to {low}"
    for g, members in groups.items():
        total = sum(n for (r, _), n in counts.items() if r in members)
        if 0 < total < threshold:
            assert not result.is_group_visible(g)


def test_a_department_total_cannot_give_back_a_small_group_beside_a_visible_unit() -> None:
    # Department X = units A and B. A has 3 managers; B's managers are visible on the unit
    # table. X's managers on X's page would then give A's managers back.
    counts = {("A", "manager"): 3, ("A", "employee"): 30, ("B", "manager"): 9}
    counts |= {("B", "employee"): 30, ("C", "manager"): 7, ("C", "employee"): 40}
    result = suppress_table(counts, threshold=5, row_groups={"X": ["A", "B"]})
    if result.is_group_cell_visible("X", "manager"):
        assert not result.is_visible("B", "manager")
    for key, (low, high) in _attack(counts, result, {"X": ["A", "B"]}).items():
        assert low is None or high is None or high - low >= 1, key


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(min_value=2, max_value=7))
def test_small_groups_are_hidden_and_zeros_and_large_groups_mostly_shown(
    counts: dict[tuple[str, str], int], threshold: int
) -> None:
    result = suppress_table(counts, threshold=threshold)
    for (row, column), n in counts.items():
        if 0 < n < threshold:
            assert not result.is_visible(row, column)
            assert (row, column) in result.primary
        if n == 0:
            assert result.is_visible(row, column)
        if (row, column) in result.secondary:
            assert n >= threshold
    for row in {r for r, _ in counts}:
        total = sum(n for (r, _), n in counts.items() if r == row)
        if 0 < total < threshold:
            assert not result.is_row_visible(row)
    if 0 < sum(counts.values()) < threshold:
        assert result.is_total_hidden


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(min_value=2, max_value=7))
def test_every_line_with_a_shown_total_hides_two_or_none(
    counts: dict[tuple[str, str], int], threshold: int
) -> None:
    result = suppress_table(counts, threshold=threshold)
    for row in {r for r, _ in counts}:
        if not result.is_row_visible(row):
            continue
        secret = [n for (r, c), n in counts.items() if r == row and not result.is_visible(r, c)]
        assert not secret or (len(secret) >= 2 and sum(secret) >= threshold)
    for column in {c for _, c in counts}:
        if not result.is_column_visible(column):
            continue
        secret = [n for (r, c), n in counts.items() if c == column and not result.is_visible(r, c)]
        assert not secret or (len(secret) >= 2 and sum(secret) >= threshold)


def test_unit_with_few_managers_hides_a_second_unit_and_the_employees_beside_them() -> None:
    counts = {
        ("A", "manager"): 3,
        ("A", "employee"): 40,
        ("B", "manager"): 9,
        ("B", "employee"): 30,
        ("C", "manager"): 12,
        ("C", "employee"): 50,
    }
    result = suppress_table(counts, threshold=5)
    assert result.primary == {("A", "manager")}
    # Row A and the manager column each need a second hidden cell; B is the cheapest for the
    # column, and B's employees then protect row B; A's employees protect row A.
    assert result.hidden == {
        ("A", "manager"),
        ("A", "employee"),
        ("B", "manager"),
        ("B", "employee"),
    }
    assert result.is_row_visible("A") and result.is_column_visible("manager")
    assert not result.is_total_hidden
    assert _attack(counts, result)[("cell", "A", "manager")] == (None, None)


def test_one_manager_in_every_unit_keeps_the_managers_total() -> None:
    # The common case: each unit has one manager. Every manager cell is hidden, each unit's
    # employees are hidden beside it, and the organisation's managers (11 people) stay visible.
    counts = {(f"u{i}", "manager"): 1 for i in range(11)}
    counts |= {(f"u{i}", "employee"): 20 + i for i in range(11)}
    result = suppress_table(counts, threshold=5)
    assert result.is_column_visible("manager") and result.is_column_visible("employee")
    assert all(result.is_row_visible(f"u{i}") for i in range(11))
    assert len(result.hidden) == 22


def test_a_bridge_between_two_protected_blocks_is_not_left_derivable() -> None:
    # Rows 1–2 × columns x–y and rows 3–4 × columns z–w are each a hidden 2×2 block; one more
    # small cell joining them would pass a "two per line" rule but be derivable from the totals.
    counts = {(r, c): 20 for r in ("1", "2", "3", "4") for c in ("x", "y", "z", "w")}
    for cell in [("1", "x"), ("1", "y"), ("2", "x"), ("2", "y"), ("3", "z"), ("3", "w")]:
        counts[cell] = 3
    counts[("4", "z")] = counts[("4", "w")] = 4
    counts[("2", "z")] = 2
    result = suppress_table(counts, threshold=5)
    for key, (low, high) in _attack(counts, result).items():
        assert low is None or high is None or high - low >= 1, key


def test_a_unit_under_the_threshold_hides_its_total_and_a_complement_unit() -> None:
    counts = {("A", "employee"): 3, ("B", "employee"): 20, ("C", "employee"): 30}
    result = suppress_table(counts, threshold=5)
    assert not result.is_row_visible("A")
    assert not result.is_row_visible("B")
    assert result.is_row_visible("C")
    assert result.hidden == {("A", "employee"), ("B", "employee")}


def test_a_small_table_hides_everything_but_shows_zeros() -> None:
    counts = {("A", "manager"): 1, ("A", "employee"): 2, ("A", "other"): 0}
    result = suppress_table(counts, threshold=5)
    assert result.is_total_hidden
    assert not result.is_row_visible("A")
    assert result.is_visible("A", "other")


def test_without_published_margins_only_small_cells_are_hidden() -> None:
    counts = {("A", "manager"): 3, ("A", "employee"): 40, ("B", "manager"): 9}
    result = suppress_table(counts, threshold=5, is_margins_published=False)
    assert result.hidden == {("A", "manager")}
    assert result.secondary == frozenset()


@pytest.mark.parametrize(
    ("counts", "threshold"),
    [
        ({("A", "m"): -1}, 5),
        ({("A", "m"): 2.5}, 5),
        ({("A", "m"): True}, 5),
        ({("A", "m"): 3}, 0),
        ({"A": 3}, 5),
    ],
)
def test_bad_input_is_refused(counts: dict, threshold: int) -> None:
    with pytest.raises(ValueError):
        suppress_table(counts, threshold=threshold)


def test_empty_table_hides_nothing() -> None:
    result = suppress_table({}, threshold=5)
    assert result.hidden == frozenset() and not result.is_total_hidden


@st.composite
def unit_trees(draw: st.DrawFn) -> tuple[dict[tuple[str, str], int], dict[str, list[str]]]:
    """A municipality in small: units under departments under administrations (nested groups),
    most units with one or a few managers, as the results pages' subtree totals publish them."""
    n_rows = draw(st.integers(min_value=4, max_value=14))
    rows = [f"unit_{r}" for r in range(n_rows)]
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(row, "manager")] = draw(st.sampled_from([0, 1, 1, 2, 3, 6, 9]))
        counts[(row, "employee")] = draw(st.sampled_from([0, 2, 4, 7, 12, 30, 55]))
        counts[(row, "other")] = draw(st.sampled_from([0, 0, 1, 3, 8]))
    departments = draw(st.integers(min_value=2, max_value=4))
    of = {row: draw(st.integers(min_value=0, max_value=departments - 1)) for row in rows}
    groups = {f"d{d}": [r for r in rows if of[r] == d] for d in range(departments)}
    groups["administration"] = [r for r in rows if of[r] < max(1, departments // 2)]
    return counts, {g: members for g, members in groups.items() if len(members) >= 2}


@settings(max_examples=60, deadline=None)
@given(unit_trees(), st.integers(min_value=3, max_value=7))
def test_nested_unit_trees_give_no_hidden_figure_away(
    tree: tuple[dict[tuple[str, str], int], dict[str, list[str]]], threshold: int
) -> None:
    counts, groups = tree
    result = suppress_table(counts, threshold=threshold, row_groups=groups)
    for key, (low, high) in _attack(counts, result, groups).items():
        assert low is None or high is None or high - low >= 1, f"{key} is pinned to {low}"


def _municipality(units: int, seed: int) -> tuple[dict[tuple[int, str], int], dict[str, list[int]]]:
    """Half the units with one manager, a tenth with few employees, some "other"; six
    departments in two administrations."""
    rng = random.Random(seed)
    counts: dict[tuple[int, str], int] = {}
    for u in range(units):
        counts[(u, "manager")] = 1 if rng.random() < 0.5 else rng.randint(5, 15)
        few = rng.random() < 0.1
        counts[(u, "employee")] = rng.choice([0, 2, 3]) if few else rng.randint(5, 80)
        counts[(u, "other")] = rng.choice([0, 0, 0, 1, 2, 7])
    groups = {f"d{d}": [u for u in range(units) if u % 6 == d] for d in range(6)}
    groups["a0"] = [u for u in range(units) if u % 6 < 3]
    groups["a1"] = [u for u in range(units) if u % 6 >= 3]
    return counts, groups


def test_a_group_total_pinned_by_many_lines_is_freed_near_it_not_by_hiding_the_table() -> None:
    # A department's manager total can take several complements at once to be protected; hiding
    # one cheapest cell after another would hide most of the organisation before it is.
    counts, groups = _municipality(80, seed=1)
    result = suppress_table(counts, threshold=5, row_groups=groups)
    for key, (low, high) in _attack(counts, result, groups).items():
        assert low is None or high is None or high - low >= 1, f"{key} is pinned to {low}"
    small = {(r, c) for (r, c), n in counts.items() if 0 < n < 5}
    assert small <= result.primary
    assert len(result.hidden_rows) < 80 // 4, "most units keep their figures"
