"""Scale scores and group means."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from vardag.psychometrics import mean_with_ci, scale_scores
from vardag.psychometrics.tests.datasets import likert_items


def test_scale_score_reverses_items_and_averages_answered_items() -> None:
    frame = pd.DataFrame(
        {"a": [5, 1, np.nan, np.nan], "b": [4, np.nan, np.nan, 2], "c": [1, 1, 3, 2]}
    )
    result = scale_scores(frame, scale_min=1, scale_max=5, reversed_items={"c"})
    # c reversed: 1→5, 3→3, 2→4. Required answers: ceil(0.5 · 3) = 2.
    assert result.required == 2
    np.testing.assert_allclose(result.scores, [(5 + 4 + 5) / 3, (1 + 5) / 2, np.nan, (2 + 4) / 2])
    assert list(result.answered) == [3, 2, 1, 2]
    assert result.n_scored == 3


def test_min_answered_share_rule() -> None:
    frame = pd.DataFrame(
        {"a": [1.0, 1.0], "b": [2.0, np.nan], "c": [3.0, np.nan], "d": [4.0, np.nan]}
    )
    everyone = scale_scores(frame, scale_min=1, scale_max=5, min_answered_share=0.25)
    assert everyone.required == 1
    assert everyone.scores[1] == 1.0
    strict = scale_scores(frame, scale_min=1, scale_max=5, min_answered_share=1.0)
    assert strict.required == 4
    assert np.isnan(strict.scores[1])


def test_scale_scores_reject_answers_outside_the_scale() -> None:
    with pytest.raises(ValueError, match="between"):
        scale_scores(pd.DataFrame({"a": [1, 6], "b": [2, 3]}), scale_min=1, scale_max=5)
    with pytest.raises(ValueError, match="unknown"):
        scale_scores(
            pd.DataFrame({"a": [1], "b": [2]}), scale_min=1, scale_max=5, reversed_items={"x"}
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mean_ci_equals_pingouin_one_sample_interval(seed: int) -> None:
    frame = likert_items(seed=seed, n=80, missing_share=0.1)
    scores = scale_scores(frame, scale_min=1, scale_max=5).scores
    estimate = mean_with_ci(scores)
    reference = pg.ttest(scores[~np.isnan(scores)], 0)
    lower, upper = reference["CI95"].iloc[0]
    assert (estimate.ci.lower, estimate.ci.upper) == pytest.approx((lower, upper), abs=1e-6)
    assert estimate.mean == pytest.approx(np.nanmean(scores), abs=1e-12)
    assert estimate.sd == pytest.approx(np.nanstd(scores, ddof=1), abs=1e-12)


def test_mean_ci_published_sleep_example() -> None:
    # R datasets::sleep (Cushny & Peebles 1905, Student 1908), group 2 alone:
    # R's t.test(sleep$extra[11:20]) prints mean 2.33, 95 % CI 0.8976775 3.7623225.
    group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    estimate = mean_with_ci(group2)
    assert estimate.mean == pytest.approx(2.33)
    assert (estimate.ci.lower, estimate.ci.upper) == pytest.approx((0.8976775, 3.7623225), abs=1e-7)
