"""Group and round comparisons against pingouin, scipy and published R output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from vardag.psychometrics import compare_groups, compare_rounds, hedges_g, welch_anova

TOL = 1e-6

# R datasets::sleep (Cushny & Peebles 1905; Student 1908): extra hours of sleep per drug.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def _samples(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    managers = np.clip(rng.normal(3.6, 0.6, size=23 + seed), 1, 5)
    employees = np.clip(rng.normal(3.2, 0.9, size=140 + 7 * seed), 1, 5)
    employees[rng.random(employees.size) < 0.05] = np.nan
    return managers, employees


def test_welch_t_published_sleep_example() -> None:
    # R documentation of t.test, `t.test(extra ~ group, data = sleep)`:
    # t = -1.8608, df = 17.776, p-value = 0.07939, 95 % CI -3.3654832 0.2054832.
    result = compare_groups(SLEEP_1, SLEEP_2)
    assert result.t == pytest.approx(-1.8608, abs=5e-5)
    assert result.df == pytest.approx(17.776, abs=5e-4)
    assert result.p_value == pytest.approx(0.07939, abs=5e-6)
    ci = (result.difference_ci.lower, result.difference_ci.upper)
    assert ci == pytest.approx((-3.3654832, 0.2054832), abs=1e-7)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_two_groups_equal_pingouin(seed: int) -> None:
    managers, employees = _samples(seed)
    result = compare_groups(managers, employees)
    reference = pg.ttest(managers, employees, correction=True).iloc[0]
    x, y = managers[~np.isnan(managers)], employees[~np.isnan(employees)]
    assert result.difference == pytest.approx(x.mean() - y.mean(), abs=1e-12)
    assert result.t == pytest.approx(reference["T"], abs=TOL)
    assert result.df == pytest.approx(reference["dof"], abs=TOL)
    assert result.p_value == pytest.approx(reference["p_val"], abs=TOL)
    ci = (result.difference_ci.lower, result.difference_ci.upper)
    assert ci == pytest.approx(tuple(reference["CI95"]), abs=TOL)
    g = pg.compute_effsize(managers, employees, eftype="hedges")
    assert result.effect.hedges_g == pytest.approx(g, abs=TOL)
    assert abs(result.effect.cohen_d) == pytest.approx(reference["cohen_d"], abs=TOL)
    g_ci = pg.compute_esci(stat=g, nx=x.size, ny=y.size, eftype="hedges", decimals=12)
    assert (result.effect.ci.lower, result.effect.ci.upper) == pytest.approx(tuple(g_ci), abs=TOL)


def test_hedges_g_other_confidence_level() -> None:
    managers, employees = _samples(5)
    effect = hedges_g(managers, employees, confidence=0.9)
    x, y = managers[~np.isnan(managers)], employees[~np.isnan(employees)]
    ci = pg.compute_esci(
        stat=effect.hedges_g, nx=x.size, ny=y.size, eftype="hedges", confidence=0.9, decimals=12
    )
    assert (effect.ci.lower, effect.ci.upper) == pytest.approx(tuple(ci), abs=TOL)


def test_change_between_rounds_is_current_minus_previous() -> None:
    previous, current = _samples(6)
    change = compare_rounds(previous, current)
    reverse = compare_groups(previous, current)
    assert change.difference == pytest.approx(-reverse.difference)
    assert change.effect.hedges_g == pytest.approx(-reverse.effect.hedges_g)
    assert change.first.n == np.count_nonzero(~np.isnan(current))


def test_welch_anova_published_pain_threshold_example() -> None:
    # Pain threshold by hair colour (McClave & Dietrich, Statistics, 1991), pingouin's "anova"
    # data set; R oneway.test: F = 5.8901, num df = 3, denom df = 8.3298, p-value = 0.01881.
    data = pg.read_dataset("anova")
    groups = {
        str(label): part["Pain threshold"].to_numpy()
        for label, part in data.groupby("Hair color", sort=False)
    }
    result = welch_anova(groups)
    assert result.f == pytest.approx(5.890115, abs=5e-7)
    assert result.df_within == pytest.approx(8.329841, abs=5e-7)
    assert result.p_value == pytest.approx(0.018813, abs=5e-7)
    assert result.eta_squared == pytest.approx(0.575962, abs=5e-7)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_welch_anova_equals_pingouin(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sizes = {"Skola A": 12, "Enhet B": 40, "Enhet C": 7, "Förvaltning D": 25}
    frame = pd.concat(
        pd.DataFrame(
            {"unit": unit, "score": np.clip(rng.normal(3 + 0.1 * i, 0.5 + 0.2 * i, n), 1, 5)}
        )
        for i, (unit, n) in enumerate(sizes.items())
    )
    frame.loc[frame.sample(frac=0.05, random_state=seed).index, "score"] = np.nan
    groups = {unit: part["score"].to_numpy() for unit, part in frame.groupby("unit", sort=False)}
    result = welch_anova(groups)
    reference = pg.welch_anova(data=frame.reset_index(drop=True), dv="score", between="unit")
    row = reference.iloc[0]
    assert result.f == pytest.approx(row["F"], abs=TOL)
    assert result.df_between == row["ddof1"]
    assert result.df_within == pytest.approx(row["ddof2"], abs=TOL)
    assert result.p_value == pytest.approx(row["p_unc"], abs=TOL)
    assert result.eta_squared == pytest.approx(row["np2"], abs=TOL)
    assert [g.label for g in result.groups] == list(sizes)


def test_comparisons_reject_too_small_groups() -> None:
    with pytest.raises(ValueError):
        compare_groups([1.0], [1.0, 2.0])
    with pytest.raises(ValueError):
        welch_anova({"a": [1.0, 2.0]})
    with pytest.raises(ValueError):
        welch_anova({"a": [1.0, 2.0], "b": [3.0, 3.0]})
