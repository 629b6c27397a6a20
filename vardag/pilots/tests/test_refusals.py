"""Refused with a clear reason (issue 16): "införd" without takeover and follow-up, G3 without an
implementation plan, and measurement files with a wrong column, a text in a number cell or a
date outside the goal's time frame: each reported by row, nothing imported."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vardag.forums.models import DecisionType as D
from vardag.ideas.models import IdeaState
from vardag.ideas.services import DecisionRefused
from vardag.pilots import imports, selectors, services
from vardag.pilots.models import Measurement, Recommendation
from vardag.pilots.tests.factories import add_goal, assessment, idea_with_money, plan_pilot

pytestmark = pytest.mark.django_db


def _evaluated(world):
    pw = idea_with_money(world)
    pilot = plan_pilot(world, pw)
    goal = add_goal(world, pilot)
    pw.decide(world.head, D.START_PILOT, pw.gov.management_mandate)
    pw.decide(world.head, D.EVALUATE, pw.gov.management_mandate)
    services.evaluation_record(
        actor=world.employee,
        pilot=pilot,
        period_starts_on=pw.today - timedelta(days=60),
        period_ends_on=pw.today,
        findings="Färre uteblev.",
        users_said="Bra.",
        value_assessment=assessment(world, pw.idea),
        recommendation=Recommendation.SCALE_UP,
        rationale="Målet nåddes.",
    )
    return pw, pilot, goal


def test_g3_without_an_implementation_plan_is_refused(world):
    pw, _pilot, _goal = _evaluated(world)
    with pytest.raises(DecisionRefused) as refused:
        pw.decide(world.politician, D.SCALE_UP, pw.gov.committee_mandate)
    assert any("G3 kräver en införandeplan" in r for r in refused.value.reasons)
    assert pw.idea.state == IdeaState.EVALUATING


def test_implemented_without_takeover_and_follow_up_is_refused(world, client_for):
    pw, pilot, goal = _evaluated(world)
    services.plan_save(
        actor=world.employee,
        pilot=pilot,
        receiving=[(world.units["unit"], world.manager)],
        budget_source="receiving_units",
        routines="Kallelserutinen.",
        training="APT.",
        follow_up_on=pw.today + timedelta(days=30),
    )
    pw.decide(world.politician, D.SCALE_UP, pw.gov.committee_mandate)
    with pytest.raises(DecisionRefused) as refused:
        pw.decide(world.politician, D.IMPLEMENTED, pw.gov.committee_mandate)
    text = " ".join(refused.value.reasons)
    assert "har tagit över: Mottagningsenheten" in text and "uppföljningen" in text
    # Taken over but not followed up: still refused, now only for the follow-up.
    receiving = selectors.plan_of(pilot).receiving_units.get()
    services.takeover_record(actor=world.manager, receiving=receiving)
    with pytest.raises(DecisionRefused) as refused:
        pw.decide(world.politician, D.IMPLEMENTED, pw.gov.committee_mandate)
    assert len(refused.value.reasons) == 1 and "uppföljningen" in refused.value.reasons[0]
    # Someone who is not the line owner is not offered the takeover (and refused it).
    assert not selectors.can_take_over(world.principal, receiving)


def test_a_line_owner_must_manage_the_receiving_unit(world):
    pw, pilot, _goal = _evaluated(world)
    with pytest.raises(ValidationError) as error:
        services.plan_save(
            actor=world.employee,
            pilot=pilot,
            receiving=[(world.units["school"], world.manager)],
            budget_source="receiving_units",
            routines="R",
            training="T",
            follow_up_on=pw.today + timedelta(days=30),
        )
    assert "är inte chef i Ekbackagymnasiet" in str(error.value)


def _import(client, goal, text: str):
    upload = SimpleUploadedFile("m.csv", text.encode("utf-8"), "text/csv")
    return client.post(reverse("pilots:measurement_import", args=[goal.pk]), {"file": upload})


def test_import_reports_every_bad_row_and_imports_nothing(world, client_for):
    pw = idea_with_money(world)
    goal = add_goal(world, plan_pilot(world, pw))
    ok = pw.today - timedelta(days=5)
    outside = goal.ends_on + timedelta(days=1)
    text = f"datum;värde\n{ok};12,5\n{ok - timedelta(days=1)};tolv\n{outside};11\n"
    page = _import(client_for("employee"), goal, text).content.decode()
    assert "Rad 3: ”tolv” är inget tal" in page
    assert f"Rad 4: {outside} ligger utanför målets tidsram" in page
    assert Measurement.objects.filter(goal=goal).count() == 0


def test_import_refuses_a_wrong_column(world, client_for):
    pw = idea_with_money(world)
    goal = add_goal(world, plan_pilot(world, pw))
    page = _import(client_for("employee"), goal, f"datum;antal\n{pw.today};3\n").content.decode()
    assert "Rad 1: kolumnen ”antal” känns inte igen" in page
    assert "Rad 1: kolumnen ”värde” saknas" in page
    assert not Measurement.objects.exists()


def test_import_reads_xlsx_with_numbers_and_dates(world):
    from openpyxl import Workbook

    pw = idea_with_money(world)
    goal = add_goal(world, plan_pilot(world, pw))
    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Värde", "Kommentar"])
    sheet.append([pw.today - timedelta(days=3), 1234.5, "xlsx"])
    sheet.append([(pw.today - timedelta(days=2)).isoformat(), "1 234,75", ""])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    count = services.measurements_import(
        actor=world.employee, goal=goal, data=buffer.getvalue(), filename="m.xlsx"
    )
    assert count == 2
    assert list(goal.measurements.values_list("value", flat=True)) == [
        Decimal("1234.5"),
        Decimal("1234.75"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1\u202f234 567,25", Decimal("1234567.25")),
        ("−3,25", Decimal("-3.25")),
        ("12,5 %", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("0,1", Decimal("0.1")),
    ],
)
def test_swedish_numbers_are_read_exactly(text, value):
    assert imports.parse_number(text) == value


@pytest.mark.parametrize("text", ["tolv", "1,2,3", "", "12a", "1 2,3,4"])
def test_text_is_not_a_number(text):
    assert imports.parse_number(text) is None


@pytest.mark.parametrize(
    "text", ["2026-03-01", "20260301", "1/3 2026", "1/3-2026", "1 mars 2026", "1 mar. 2026"]
)
def test_swedish_dates(text):
    from datetime import date

    assert imports.parse_date(text) == date(2026, 3, 1)


def test_stopping_a_pilot_needs_a_lesson(world):
    pw = idea_with_money(world)
    pilot = plan_pilot(world, pw)
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            actor=world.employee,
            pilot=pilot,
            period_starts_on=pw.today - timedelta(days=10),
            period_ends_on=pw.today,
            findings="Inget hände.",
            users_said="Inget.",
            value_assessment=assessment(world, pw.idea),
            recommendation=Recommendation.STOP,
            rationale="Stoppa.",
        )
    assert "lesson" in error.value.error_dict
