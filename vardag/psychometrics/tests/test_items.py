"""Item statistics against pandas and pingouin."""

from __future__ import annotations

import numpy as np
import pingouin as pg
import pytest

from vardag.psychometrics import item_statistics
from vardag.psychometrics.tests.datasets import DATASETS, likert_items

TOL = 1e-6


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_descriptives_equal_pandas(name: str) -> None:
    frame = likert_items(**DATASETS[name])  # type: ignore[arg-type]
    stats = item_statistics(frame)
    assert [s.item for s in stats] == list(frame.columns)
    for s in stats:
        column = frame[s.item]
        assert s.n == column.count()
        assert s.mean == pytest.approx(column.mean(), abs=TOL)
        assert s.sd == pytest.approx(column.std(ddof=1), abs=TOL)
        assert s.missing == column.isna().sum()
        assert s.missing_share == pytest.approx(column.isna().mean(), abs=1e-12)


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("nan_policy", ["pairwise", "listwise"])
def test_alpha_if_deleted_equals_pingouin(name: str, nan_policy: str) -> None:
    frame = likert_items(**DATASETS[name])  # type: ignore[arg-type]
    source = frame.dropna() if nan_policy == "listwise" else frame
    for s in item_statistics(frame, nan_policy=nan_policy):
        expected, _ = pg.cronbach_alpha(source.drop(columns=s.item), nan_policy=nan_policy)
        assert s.alpha_if_deleted == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_item_rest_correlation_on_complete_cases_equals_pearson(name: str) -> None:
    frame = likert_items(**DATASETS[name]).dropna()  # type: ignore[arg-type]
    for s in item_statistics(frame, nan_policy="listwise"):
        rest = frame.drop(columns=s.item).sum(axis=1)
        assert s.item_rest_r == pytest.approx(np.corrcoef(frame[s.item], rest)[0, 1], abs=TOL)


def test_item_rest_pairwise_uses_the_pairwise_covariance_matrix() -> None:
    frame = likert_items(seed=11, missing_share=0.1)
    cov = frame.cov().to_numpy()
    for index, s in enumerate(item_statistics(frame)):
        others = [j for j in range(cov.shape[0]) if j != index]
        covariance_with_rest = cov[index, others].sum()
        rest_variance = cov[np.ix_(others, others)].sum()
        expected = covariance_with_rest / np.sqrt(cov[index, index] * rest_variance)
        assert s.item_rest_r == pytest.approx(expected, abs=1e-12)


def test_two_items_have_no_alpha_if_deleted() -> None:
    frame = likert_items(seed=1, loadings=(0.7, 0.6))
    assert all(np.isnan(s.alpha_if_deleted) for s in item_statistics(frame))
