"""Agreement measures against a reference implementation and published values."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from vardag.research.agreement import (
    binary_alpha_from_counts,
    code_agreement,
    cohen_kappa,
    kappa_from_counts,
    krippendorff_alpha,
)

N = None


def test_krippendorff_binary_example_from_krippendorff_2011():
    # Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section A: α = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(zip(a, b, strict=True)) == pytest.approx(0.095, abs=5e-4)


def test_krippendorff_nominal_example_with_missing_values():
    # Krippendorff (2011), section C: 4 observers, 12 units, missing values, nominal α = 0.743.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
    units = list(zip(*observers, strict=True))
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=2, max_size=60))
def test_cohen_kappa_matches_scikit_learn(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = cohen_kappa(a, b)
    if ours is None:
        assert len(set(a) | set(b)) == 1
        return
    reference = cohen_kappa_score(a, b)
    assert ours == pytest.approx(reference, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=2, max_size=60))
def test_counts_shortcuts_equal_the_general_formulas(pairs):
    both = sum(1 for x, y in pairs if x and y)
    only_a = sum(1 for x, y in pairs if x and not y)
    only_b = sum(1 for x, y in pairs if y and not x)
    neither = len(pairs) - both - only_a - only_b
    a, b = [int(x) for x, _ in pairs], [int(y) for _, y in pairs]
    k1, k2 = kappa_from_counts(both, only_a, only_b, neither), cohen_kappa(a, b)
    assert (k1 is None and k2 is None) or math.isclose(k1, k2, abs_tol=1e-9)
    a1, a2 = binary_alpha_from_counts(both, only_a, only_b, neither), krippendorff_alpha(pairs)
    assert (a1 is None and a2 is None) or math.isclose(a1, a2, abs_tol=1e-9)


def test_code_agreement_over_characters():
    lengths = {1: 100}
    result = code_agreement(7, lengths, {1: [(0, 50)]}, {1: [(10, 50)]})
    assert (result.both, result.only_a, result.only_b, result.units) == (40, 10, 0, 100)
    a = [1] * 50 + [0] * 50
    b = [0] * 10 + [1] * 40 + [0] * 50
    assert result.kappa == pytest.approx(cohen_kappa_score(a, b))
    assert result.percent == pytest.approx(0.9)


def test_identical_coding_gives_one_and_no_coding_is_undefined():
    same = code_agreement(1, {1: 20}, {1: [(2, 8)]}, {1: [(2, 8)]})
    assert same.kappa == pytest.approx(1.0) and same.alpha == pytest.approx(1.0)
    nothing = code_agreement(1, {1: 20}, {}, {})
    assert nothing.kappa is None and nothing.alpha is None
