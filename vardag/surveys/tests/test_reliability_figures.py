"""Reliability figures are in range or say why not, and every output says the same.

Found on main: McDonald's omega shown as 69 067 on the results page, in the API and in the PDF (a
one-factor fit whose loading ran off without a bound), and negative alphas shown as if they were
reliabilities. Here a round whose "Struktur" items contradict each other (every other item is
answered the opposite way) must give "kan inte skattas" with the reason for alpha on the page, on
the dimension page, in the API, the XLSX and the PDF, and every other figure must be a share in
[0, 1] (omega) or at most 1 (alpha), the same in every output.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from vardag.surveys import analysis, instrument
from vardag.surveys.models import Answer, Audience, Item, Response
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = pytest.mark.django_db


def _contradicting_round(world):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 30, seed=3)
    structure = list(
        Item.objects.filter(
            version=round_.version, kind=instrument.SCALE, dimension__code="structure"
        ).order_by("order")
    )
    assert len(structure) >= 3
    rng = np.random.default_rng(7)
    for response in Response.objects.filter(round=round_):
        base = int(rng.integers(1, 6))
        for index, item in enumerate(structure):
            wanted = base if index % 2 == 0 else 6 - base
            if rng.random() < 0.2:
                wanted = int(np.clip(wanted + rng.choice([-1, 1]), 1, 5))
            stored = 6 - wanted if item.is_reversed else wanted
            Answer.objects.update_or_create(
                response=response, item=item, defaults={"value": float(stored)}
            )
    return round_


def test_omega_and_alpha_are_in_range_or_not_estimable_the_same_everywhere(world, client_for):
    round_ = _contradicting_round(world)
    results = analysis.round_results(round_)
    figures = {d.spec.code: (d.alpha_figure, d.omega_figure) for d in results.dimensions}
    alpha, omega = figures["structure"]
    assert alpha is not None and alpha.value is None and "negativt värde" in alpha.reason
    for code, (a, o) in figures.items():
        assert a is not None and o is not None, code
        assert a.value is None or a.value <= 1, (code, a)
        assert o.value is None or 0 <= o.value <= 1, (code, o)
        assert (a.value is None) == bool(a.reason) and (o.value is None) == bool(o.reason)

    lead = client_for("innovation_lead")
    page = lead.get(reverse("surveys:results", args=[round_.pk])).content.decode()
    dimension = lead.get(
        reverse("surveys:result_dimension", args=[round_.pk, "structure"])
    ).content.decode()
    assert alpha.reason in page and alpha.reason in dimension

    api = lead.get(f"/api/v1/surveys/rounds/{round_.pk}/results").json()["dimensions"]
    by_code = {d["code"]: d for d in api}
    for code, (a, o) in figures.items():
        assert by_code[code]["alpha"] == a.value and by_code[code]["alpha_note"] == (
            a.reason or None
        )
        assert by_code[code]["omega"] == o.value and by_code[code]["omega_note"] == (
            o.reason or None
        )

    xlsx = lead.get(reverse("surveys:export", args=[round_.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx))["Resultat"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    for d in results.dimensions:
        a, o = figures[d.spec.code]
        row = rows[d.spec.name_sv]
        assert row[5] == (round(a.value, 3) if a.value is not None else a.reason)
        assert row[6] == (round(o.value, 3) if o.value is not None else o.reason)

    pdf = lead.get(reverse("surveys:export", args=[round_.pk, "pdf"])).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "negativt värde" in " ".join(text.split())


def test_change_since_last_round_puts_the_earlier_round_under_forra(world, client_for):
    from vardag.surveys.templatetags.surveys_tags import num

    earlier = conditions_round(world, title="Hösten")
    add_answers(earlier, world.units["unit"], Audience.EMPLOYEE, 30, seed=4, shift=-0.8)
    current = conditions_round(world, title="Våren", previous=earlier)
    add_answers(current, world.units["unit"], Audience.EMPLOYEE, 30, seed=5, shift=0.8)
    scores = {
        r.title: analysis.round_results(r).dimensions[0].estimate.mean for r in (earlier, current)
    }
    assert scores["Hösten"] < scores["Våren"]
    html = (
        client_for("innovation_lead")
        .get(reverse("surveys:results", args=[current.pk]))
        .content.decode()
    )
    change = html.split("Förändring sedan förra omgången</h2>")[1].split("</table>")[0]
    headers = change.split("<thead>")[1].split("</thead>")[0]
    assert headers.index("Förra") < headers.index("Nu")
    assert f"<td>{num(scores['Hösten'])}</td><td>{num(scores['Våren'])}</td>" in change


def test_charts_use_decimal_points_in_swedish(world, client_for):
    """SVG coordinates with a decimal comma ("254,3") are invalid: the bars vanished and the
    values were drawn at x=0 over the names."""
    import re

    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 30, seed=6)
    html = (
        client_for("innovation_lead")
        .get(reverse("surveys:results", args=[round_.pk]))
        .content.decode()
    )
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    numbers = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height|cx|cy)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in numbers), numbers
    assert re.search(r'<rect class="bar"[^>]* width="\d+(\.\d+)?"', svg)


def test_xlsx_unit_sheets_hold_what_the_api_shows(world, client_for):
    from vardag.core.models import Unit

    round_ = conditions_round(world)
    for index, name in enumerate(("Enhet Ek", "Enhet Alm", "Enhet Lönn")):
        unit = Unit.objects.create(
            organisation=world.org,
            name=name,
            kind=Unit.Kind.UNIT,
            parent=world.units["administration"],
        )
        add_answers(round_, unit, Audience.EMPLOYEE, 12 + index, seed=30 + index, shift=index / 2)
        add_answers(round_, unit, Audience.MANAGER, 6, seed=40 + index, shift=0.4)
    lead = client_for("innovation_lead")
    api = lead.get(f"/api/v1/surveys/rounds/{round_.pk}/results").json()
    book = load_workbook(
        io.BytesIO(lead.get(reverse("surveys:export", args=[round_.pk, "xlsx"])).content)
    )
    units = {row[0]: row for row in book["Enheter"].iter_rows(min_row=2, values_only=True)}
    roles = {
        row[0]: row for row in book["Chefer och medarbetare"].iter_rows(min_row=2, values_only=True)
    }
    shown = [u for u in api["units"] if u["n"] is not None]
    assert len(shown) >= 3
    for unit in api["units"]:
        row = units[unit["unit"]]
        assert row[1] == unit["n"]
        means = [round(v, 3) if v is not None else None for v in unit["means"].values()]
        assert list(row[2:]) == means
        if unit["managers"] is not None:
            assert roles[unit["unit"]][1:3] == (unit["managers"], unit["employees"])
    comparisons = list(book["Jämförelse av enheter"].iter_rows(min_row=2, values_only=True))
    assert comparisons and all(row[2] is not None for row in comparisons)
    by_code = {c["code"]: c for c in api["unit_comparisons"]}
    assert len(by_code) == len(comparisons)


def test_a_one_person_unit_never_shows_whether_its_manager_answered(world, client_for):
    from vardag.surveys import selectors, services

    round_ = conditions_round(world)
    services.round_open(actor=world.innovation_lead, round_=round_)
    lead = world.innovation_lead
    services.round_links_generate(
        actor=lead, round_=round_, unit=world.units["unit"], audience=Audience.EMPLOYEE, count=12
    )
    services.round_links_generate(
        actor=lead, round_=round_, unit=world.units["school"], audience=Audience.MANAGER, count=1
    )
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 9, seed=8)
    rates, invited, answered = selectors.response_rates(round_)
    school = next(r for r in rates if r.unit == world.units["school"])
    assert school.is_suppressed and school.answered is None and school.rate is None
    assert answered is None  # 9 shown + the total would give the school's 0 back
    page = (
        client_for("innovation_lead")
        .get(reverse("surveys:round", args=[round_.pk]))
        .content.decode()
    )
    row = page.split(f"<tr><td>{world.units['school'].name}</td>")[1].split("</tr>")[0]
    assert "0 %" not in row and "för få för att visas" in row
    api = (
        client_for("innovation_lead")
        .get(f"/api/v1/surveys/rounds/{round_.pk}/response-rates")
        .json()
    )
    assert all(r["answered"] is None for r in api if r["unit_id"] == world.units["school"].pk)
