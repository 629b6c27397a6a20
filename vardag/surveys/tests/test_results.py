"""Results by unit × role (two-way suppression) and the comparison of units (Welch's ANOVA)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pingouin
import pytest
from django.urls import reverse

from vardag.core.models import Unit
from vardag.core.testing import assert_constant_queries
from vardag.psychometrics import suppress_table
from vardag.surveys import analysis, exports
from vardag.surveys.models import Audience
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = pytest.mark.django_db


def _unit(world, name: str) -> Unit:
    return Unit.objects.create(
        organisation=world.org, name=name, kind=Unit.Kind.UNIT, parent=world.units["administration"]
    )


def _round_with_units(world):
    """A: 3 managers (too few) · B, C: enough of both · D: 3 people in all (a hidden unit),
    E: the smallest other unit, hidden beside D so that D cannot be subtracted from the total."""
    round_ = conditions_round(world)
    units = {key: _unit(world, f"Enhet {key}") for key in "ABCDE"}
    plan = {"A": (3, 40), "B": (8, 30), "C": (6, 25), "D": (0, 3), "E": (0, 20)}
    for index, (key, (managers, employees)) in enumerate(plan.items()):
        if managers:
            add_answers(round_, units[key], Audience.MANAGER, managers, seed=10 + index, shift=0.5)
        add_answers(
            round_, units[key], Audience.EMPLOYEE, employees, seed=20 + index, shift=index / 3
        )
    return round_, units


def test_unit_role_figures_follow_one_two_way_suppression_everywhere(world, client_for):
    round_, units = _round_with_units(world)
    frame = analysis.load_frame(round_)
    table = analysis.unit_role_suppression(frame, 5)
    expected = suppress_table(analysis.unit_role_counts(frame), threshold=5)
    assert table == expected
    a, b, d = units["A"].pk, units["B"].pk, units["D"].pk
    assert not table.is_visible(a, "manager")  # primary
    assert not table.is_visible(a, "employee")  # its row would give it back
    assert not table.is_row_visible(d)  # a unit of 3
    assert not table.is_row_visible(units["E"].pk)  # its complement
    assert table.is_row_visible(a) and table.is_column_visible("manager")

    results = analysis.round_results(round_, heat_unit_ids={u.pk for u in units.values()})
    gaps = {g.unit.pk: g for g in results.unit_gaps}
    assert gaps[a].managers is None and gaps[a].employees is None
    assert all(c.comparison is None for c in gaps[a].cells)
    assert d not in gaps  # the hidden unit has no row at all
    for uid, gap in gaps.items():
        assert (gap.managers is None) == (not table.is_visible(uid, "manager"))
        assert (gap.employees is None) == (not table.is_visible(uid, "employee"))
    shown_b = gaps[b].managers is not None
    assert shown_b == table.is_visible(b, "manager")

    api = client_for("innovation_lead").get(f"/api/v1/surveys/rounds/{round_.pk}/results")
    by_unit = {row["unit_id"]: row for row in api.json()["units"]}
    assert by_unit[a]["managers"] is None and by_unit[a]["employees"] is None
    assert by_unit[d]["n"] is None and by_unit[d]["managers"] is None
    assert all(v is None for v in by_unit[a]["gaps"].values())

    exported = list(
        csv.DictReader(io.StringIO(exports.to_csv(round_).decode("utf-8-sig")), delimiter=";")
    )
    # People read the file: units by name and roles by their Swedish label (as the import reads).
    code = {u.pk: u.name for u in units.values()}
    role_of = {"chef": "manager", "medarbetare": "employee"}
    in_a = [r for r in exported if r["unit"] == code[a]]
    assert len(in_a) == 43 and {r["audience"] for r in in_a} == {""}
    assert not [r for r in exported if r["unit"] == code[d]]
    assert {r["audience"] for r in exported} <= {"", "chef", "medarbetare"}
    assert "medarbetare" in {r["audience"] for r in exported}
    tallied: dict[tuple[str, str], int] = {}
    for r in exported:
        if r["unit"] and r["audience"]:
            tallied[(r["unit"], r["audience"])] = tallied.get((r["unit"], r["audience"]), 0) + 1
    for (unit_name, label), n in tallied.items():
        uid = next(k for k, v in code.items() if v == unit_name)
        assert table.is_visible(uid, role_of[label]) and n >= 5


def test_results_pages_show_unit_gap_and_comparison_without_hidden_units(world, client_for):
    round_, units = _round_with_units(world)
    client = client_for("innovation_lead")
    html = client.get(reverse("surveys:results", args=[round_.pk])).content.decode()
    assert "Per enhet" in html and "Jämförelse mellan enheter" in html
    assert "slumpen brukar ge" in html
    page = client.get(reverse("surveys:result_dimension", args=[round_.pk, "culture"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enheterna jämförda" in html and "Welchs F" in html and "<circle" in html
    comparison = page.context["comparison"]
    assert {u.name for u in comparison.units} == {"Enhet A", "Enhet B", "Enhet C"}
    assert comparison.left_out == 2  # D (too small) and E (its complement)
    assert "Enhet D" not in html.split('id="h-units"')[1].split("</section>")[0]


def test_unit_comparison_equals_pingouin_to_six_decimals(world):
    round_, units = _round_with_units(world)
    visible = {u.pk for u in units.values()}
    results = analysis.round_results(round_, heat_unit_ids=visible)
    frame = analysis.load_frame(round_)
    specs = analysis.dimension_specs(round_)
    dim_scores = analysis.scores(frame, specs)
    for comparison in results.unit_comparisons:
        assert comparison.result is not None
        shown = [u.pk for u in comparison.units]
        data = pd.DataFrame(
            {
                "unit": frame["unit_id"].to_numpy(),
                "score": dim_scores[comparison.spec.code].to_numpy(),
            }
        )
        data = data[data["unit"].isin(shown) & np.isfinite(data["score"])].reset_index(drop=True)
        reference = pingouin.welch_anova(data=data, dv="score", between="unit").iloc[0]
        result = comparison.result
        assert result.f == pytest.approx(reference["F"], abs=1e-6)
        assert result.df_within == pytest.approx(reference["ddof2"], abs=1e-6)
        assert result.p_value == pytest.approx(reference["p_unc"], abs=1e-6)
        assert result.eta_squared == pytest.approx(reference["np2"], abs=1e-6)
        assert units["D"].pk not in shown


def test_no_comparison_with_fewer_than_two_visible_units(world):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 12)
    add_answers(round_, world.units["school"], Audience.EMPLOYEE, 2, seed=3)
    results = analysis.round_results(
        round_, heat_unit_ids={world.units["unit"].pk, world.units["school"].pk}
    )
    assert all(c.result is None for c in results.unit_comparisons)
    assert all(len(c.units) <= 1 for c in results.unit_comparisons)


def test_results_pages_use_constant_queries(world, client_for):
    round_ = conditions_round(world)
    client = client_for("innovation_lead")
    made: list[Unit] = []

    def grow(n: int) -> None:
        while len(made) < n:
            unit = _unit(world, f"Enhet {len(made)}")
            add_answers(round_, unit, Audience.EMPLOYEE, 6, seed=len(made))
            add_answers(round_, unit, Audience.MANAGER, 5, seed=50 + len(made), shift=0.3)
            made.append(unit)

    for url in (
        reverse("surveys:results", args=[round_.pk]),
        reverse("surveys:result_dimension", args=[round_.pk, "culture"]),
    ):
        assert_constant_queries(lambda url=url: client.get(url), grow, small=2, large=6)


def test_a_complement_unit_page_and_a_department_page_stay_consistent(world, client_for):
    round_, units = _round_with_units(world)
    client = client_for("innovation_lead")
    hidden = client.get(reverse("surveys:results_unit", args=[round_.pk, units["E"].pk]))
    assert hidden.context["results"].is_complement
    assert "räknas fram ur summorna" in hidden.content.decode()
    small = client.get(reverse("surveys:results_unit", args=[round_.pk, units["D"].pk]))
    assert small.context["results"].is_suppressed and not small.context["results"].is_complement

    # Department X over A (3 managers) and B: X's managers and B's managers must not both show.
    department = _unit(world, "Avdelning X")
    Unit.objects.filter(pk__in=[units["A"].pk, units["B"].pk]).update(parent=department)
    org = analysis.round_results(round_, heat_unit_ids={u.pk for u in units.values()})
    b_gap = next(g for g in org.unit_gaps if g.unit.pk == units["B"].pk)
    x_page = client.get(reverse("surveys:results_unit", args=[round_.pk, department.pk]))
    x = x_page.context["results"]
    assert x_page.status_code == 200
    assert not (x.is_gap_shown and b_gap.managers is not None)


def test_p_values_under_a_thousandth_are_not_shown_as_zero():
    from django.utils import translation

    from vardag.surveys.templatetags.surveys_tags import pvalue

    with translation.override("sv"):
        assert pvalue(0.00001) == "< 0,001" and pvalue(0.0123) == "0,012" and pvalue(None) == "–"
    with translation.override("en"):
        assert pvalue(0.0004) == "< 0.001"


def test_response_rates_hide_exactly_what_the_results_hide(world):
    from vardag.surveys import selectors

    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 20)
    add_answers(round_, world.units["school"], Audience.EMPLOYEE, 7, seed=5)
    add_answers(round_, world.units["administration"], Audience.EMPLOYEE, 2, seed=6)
    rates, _invited, answered = selectors.response_rates(round_)
    results = analysis.round_results(round_, heat_unit_ids={u.pk for u in world.units.values()})
    shown_in_results = {row.unit.pk for row in results.heat if row.n is not None}
    shown_in_rates = {r.unit.pk for r in rates if not r.is_suppressed and r.answered}
    assert shown_in_rates == shown_in_results == {world.units["school"].pk}
    assert answered == 29


def test_results_and_round_pages_need_the_same_queries_for_more_units_answers_and_small_groups(
    world, client_for
):
    """The results page of the whole round and of a department, and the round page (response
    rates), for a round with a previous round: the number of queries does not grow with the
    units, the answers or the small groups that suppression has to protect."""
    earlier = conditions_round(world, title="Omgång 2025")
    round_ = conditions_round(world, previous=earlier)
    client = client_for("innovation_lead")
    department = world.units["administration"]
    made: list[Unit] = []

    def grow(n: int) -> None:
        while len(made) < n:
            i = len(made)
            unit = _unit(world, f"Enhet {i}")
            # One manager (a small group, hidden with its complements) and more answers per unit
            # as the round grows; the earlier round has answers from the same units.
            add_answers(round_, unit, Audience.MANAGER, 1, seed=100 + i, shift=0.3)
            add_answers(round_, unit, Audience.EMPLOYEE, 5 + i, seed=i)
            add_answers(earlier, unit, Audience.EMPLOYEE, 6, seed=200 + i)
            made.append(unit)

    for url in (
        reverse("surveys:results", args=[round_.pk]),
        reverse("surveys:results_unit", args=[round_.pk, department.pk]),
        reverse("surveys:round", args=[round_.pk]),
    ):
        made.clear()
        assert_constant_queries(lambda url=url: client.get(url), grow, small=3, large=9)
