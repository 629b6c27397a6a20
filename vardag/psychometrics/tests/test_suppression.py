"""Small-group suppression: primary and complementary, proved with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vardag.psychometrics import SuppressionResult, suppress_small_groups

counts_strategy = st.dictionaries(
    keys=st.sampled_from([f"unit_{i}" for i in range(8)]),
    values=st.integers(min_value=0, max_value=40),
    min_size=1,
    max_size=8,
)


def _alternative_table(
    counts: dict[str, int], result: SuppressionResult[str], cell: str
) -> dict[str, int] | None:
    """Another table that shows the same published figures but a different value for ``cell``.

    Published: visible cells, the total unless hidden, and that no hidden cell is 0 (zeros are
    shown). Moving one person between ``cell`` and another hidden cell keeps all of that.
    """
    hidden = result.hidden
    for other in sorted(hidden - {cell}):
        if counts[other] >= 2:
            return {**counts, cell: counts[cell] + 1, other: counts[other] - 1}
        if counts[cell] >= 2:
            return {**counts, cell: counts[cell] - 1, other: counts[other] + 1}
    return None


def _published(counts: dict[str, int], result: SuppressionResult[str]) -> tuple[object, ...]:
    visible = tuple(sorted((k, n) for k, n in counts.items() if result.is_visible(k)))
    total = None if result.is_total_hidden else sum(counts.values())
    return visible, total


@given(counts_strategy, st.integers(min_value=2, max_value=10))
def test_no_small_group_is_shown(counts: dict[str, int], threshold: int) -> None:
    result = suppress_small_groups(counts, threshold=threshold)
    for key, n in counts.items():
        if 0 < n < threshold:
            assert not result.is_visible(key)
    if 0 < sum(counts.values()) < threshold:
        assert result.is_total_hidden


@given(counts_strategy, st.integers(min_value=2, max_value=10))
def test_no_hidden_cell_can_be_recovered_from_the_total(
    counts: dict[str, int], threshold: int
) -> None:
    result = suppress_small_groups(counts, threshold=threshold)
    if result.is_total_hidden or not result.hidden:
        return
    hidden_people = sum(counts[key] for key in result.hidden)
    # What subtraction from the total yields is the hidden cells' sum: never a small group …
    assert hidden_people >= threshold
    assert len(result.hidden) >= 2
    # … and never pins down a single hidden cell: another table gives the same published figures.
    for cell in result.hidden:
        alternative = _alternative_table(counts, result, cell)
        assert alternative is not None
        assert alternative[cell] != counts[cell]
        assert all(alternative[key] >= 1 for key in result.hidden)
        assert _published(alternative, result) == _published(counts, result)


@given(counts_strategy, st.integers(min_value=2, max_value=10))
def test_zero_cells_and_large_tables_stay_visible_when_nothing_is_small(
    counts: dict[str, int], threshold: int
) -> None:
    result = suppress_small_groups(counts, threshold=threshold)
    assert all(result.is_visible(key) for key, n in counts.items() if n == 0)
    if all(n == 0 or n >= threshold for n in counts.values()):
        assert not result.hidden
        assert not result.is_total_hidden


def test_single_small_cell_gets_the_next_smallest_as_complement() -> None:
    result = suppress_small_groups({"a": 3, "b": 12, "c": 7, "d": 30})
    assert result.primary == {"a"}
    assert result.secondary == {"c"}
    assert not result.is_total_hidden
    assert result.is_visible("b") and result.is_visible("d")


def test_two_small_cells_that_together_are_small_get_a_complement() -> None:
    result = suppress_small_groups({"a": 1, "b": 2, "c": 9, "d": 6})
    assert result.primary == {"a", "b"}
    assert result.secondary == {"d"}


def test_two_small_cells_that_together_reach_the_threshold_need_no_complement() -> None:
    result = suppress_small_groups({"a": 4, "b": 3, "c": 9})
    assert result.hidden == {"a", "b"}
    assert not result.secondary


def test_total_is_hidden_when_no_complement_exists() -> None:
    result = suppress_small_groups({"a": 3, "b": 0})
    assert result.hidden == {"a"}
    assert result.is_total_hidden


def test_without_published_total_only_primary_suppression() -> None:
    result = suppress_small_groups({"a": 3, "b": 12}, is_total_published=False)
    assert result.hidden == {"a"}
    assert not result.is_total_hidden


def test_invalid_input() -> None:
    with pytest.raises(ValueError):
        suppress_small_groups({"a": -1})
    with pytest.raises(ValueError):
        suppress_small_groups({"a": 1}, threshold=0)
