"""The page, the API, the XLSX, the CSV and the PDF give the same numbers for the same round.

Every output reads one function (`selectors.results_for` → `analysis.round_results`); this test
reads each output as a person would receive it and checks its figures against an independent
computation from the answer CSV alone: dimension means with pandas, Cronbach's alpha with
pingouin and McDonald's omega from factor_analyzer's one-factor minres loadings. Every reliability
figure is within [0, 1] or reads "kan inte skattas".
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pingouin
import pytest
from django.urls import reverse
from factor_analyzer import FactorAnalyzer
from openpyxl import load_workbook
from pypdf import PdfReader

from vardag.core.models import Unit
from vardag.surveys import instrument
from vardag.surveys.models import Audience, Item
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = pytest.mark.django_db


def _round_with_units(world):
    round_ = conditions_round(world)
    for index, name in enumerate(("Enhet Ek", "Enhet Alm", "Enhet Lönn")):
        unit = Unit.objects.create(
            organisation=world.org,
            name=name,
            kind=Unit.Kind.UNIT,
            parent=world.units["administration"],
        )
        add_answers(round_, unit, Audience.EMPLOYEE, 14 + index, seed=60 + index, shift=index / 3)
        add_answers(round_, unit, Audience.MANAGER, 5, seed=70 + index, shift=0.3)
    return round_


def _independent(csv_bytes: bytes, round_) -> dict[str, dict[str, float]]:
    """Means, alpha (pingouin) and omega (factor_analyzer loadings) per dimension from the CSV."""
    frame = pd.read_csv(io.BytesIO(csv_bytes), sep=";", decimal=",", encoding="utf-8-sig")
    items = Item.objects.filter(version=round_.version, kind=instrument.SCALE).select_related(
        "dimension"
    )
    by_dimension: dict[str, list[Item]] = {}
    for item in items:
        by_dimension.setdefault(item.dimension.code, []).append(item)
    out = {}
    for code, dim_items in by_dimension.items():
        data = pd.DataFrame(
            {
                i.code: (1 + i.scale_points - frame[i.code]) if i.is_reversed else frame[i.code]
                for i in dim_items
            }
        ).astype(float)
        alpha = float(pingouin.cronbach_alpha(data)[0])
        corr = data.corr().to_numpy()
        # factor_analyzer's own minres fit of the correlation matrix (its public fit() calls a
        # scikit-learn argument newer releases removed; this is the step fit() runs).
        fitted = FactorAnalyzer(n_factors=1, rotation=None, method="minres")
        found = fitted._fit_factor_analysis(corr.copy())[:, 0]
        loadings = found * np.sign(found.sum())
        omega = (corr.sum() - (1 - loadings**2).sum()) / corr.sum()
        out[code] = {
            "n": len(data),
            "mean": float(data.mean(axis=1).mean()),
            "alpha": alpha,
            "omega": omega,
        }
    return out


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def test_page_api_xlsx_csv_and_pdf_give_the_same_numbers(world, client_for):
    round_ = _round_with_units(world)
    reader = client_for("innovation_lead")
    csv_bytes = reader.get(reverse("surveys:export", args=[round_.pk, "csv"])).content
    truth = _independent(csv_bytes, round_)
    api = reader.get(f"/api/v1/surveys/rounds/{round_.pk}/results").json()
    page = reader.get(reverse("surveys:results", args=[round_.pk])).content.decode()
    book = load_workbook(
        io.BytesIO(reader.get(reverse("surveys:export", args=[round_.pk, "xlsx"])).content)
    )
    sheet = {row[0]: row for row in book["Resultat"].iter_rows(min_row=2, values_only=True)}
    pdf = reader.get(reverse("surveys:export", args=[round_.pk, "pdf"])).content
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert len(api["dimensions"]) == len(truth) == 8
    for dim in api["dimensions"]:
        expected = truth[dim["code"]]
        assert dim["n"] == expected["n"]
        assert dim["mean"] == pytest.approx(expected["mean"], abs=1e-9)
        assert dim["alpha"] == pytest.approx(expected["alpha"], abs=1e-6)
        assert dim["omega"] == pytest.approx(expected["omega"], abs=2e-3)
        assert 0 <= dim["alpha"] <= 1 and 0 <= dim["omega"] <= 1
        row = sheet[dim["name"]]
        assert row[1] == dim["n"]
        assert row[2] == pytest.approx(dim["mean"], abs=5e-4)
        assert row[5] == pytest.approx(dim["alpha"], abs=5e-4)
        assert row[6] == pytest.approx(dim["omega"], abs=5e-4)
        # The page and the PDF show two decimals: the row of this dimension holds n, mean,
        # alpha and omega as the API gives them.
        cells = f"<td>{dim['n']}</td><td>{_comma(dim['mean'])}</td>"
        assert cells in page, dim["code"]
        assert _comma(dim["alpha"]) in page and _comma(dim["omega"]) in page
        # (The PDF may wrap a long name over lines: its figures follow the name.)
        assert re.search(rf"\b{dim['n']}\s+{_comma(dim['mean'])}\b", pdf_text), dim["code"]
        assert _comma(dim["alpha"]) in pdf_text and _comma(dim["omega"]) in pdf_text
    # Units: the CSV's rows per unit give the counts and means the API, XLSX and page show.
    frame = pd.read_csv(io.BytesIO(csv_bytes), sep=";", decimal=",", encoding="utf-8-sig")
    units = {row[0]: row for row in book["Enheter"].iter_rows(min_row=2, values_only=True)}
    shown = [u for u in api["units"] if u["n"] is not None]
    assert len(shown) == 3
    for unit in shown:
        in_csv = frame[frame["unit"] == unit["unit"]]
        assert len(in_csv) == unit["n"] == units[unit["unit"]][1]
        assert f"{unit['unit']}</a></th><td>{unit['n']}</td>" in page
