"""Exports of a round: answers as CSV (Swedish Excel), XLSX (answers + results) and SPSS .sav.

Respondent-level exports carry no person and no response id. A unit whose respondents are under
the threshold (or hidden as its complement) is recoded to an empty unit; the audience is blanked
where the unit × role cell is hidden by the two-way suppression (`analysis.unit_role_suppression`).
Open answers are not exported.
"""

from __future__ import annotations

import io
import os
import tempfile

import pandas as pd

from vardag.core import tables
from vardag.core.models import Unit
from vardag.surveys import analysis
from vardag.surveys.models import Audience, Item, Round

AUDIENCE_CODES = {"employee": 1, "manager": 2, "other": 3}
# Text that a spreadsheet would run as a formula is made inert (vardag.core.tables).
safe_cell = tables.safe_cell


def export_frame(round_: Round, *, labelled: bool = False) -> pd.DataFrame:
    """Respondent-level answers, recoded by the round's two-way (unit × role) suppression.

    A unit is kept only when its row total is visible and a role only when its cell in that unit
    is, so the counts that can be tallied from the file are exactly the visible figures of the
    results pages and the API. `labelled` gives units by name and roles by their label in the
    active language (for people reading a CSV or XLSX; the answer import reads both back);
    otherwise unit codes and role codes (SPSS, where value labels carry the names).
    """
    threshold = round_.organisation.suppression_threshold
    frame = analysis.load_frame(round_)
    table = analysis.unit_role_suppression(
        frame, threshold, analysis.unit_parents(round_.organisation_id)
    )
    unit_ids = [int(u) for u in frame["unit_id"].dropna().unique()]
    units = Unit.objects.in_bulk(unit_ids)
    codes = [c for c in frame.columns if c not in analysis.META]
    unit_column, audience_column = [], []
    for uid, audience in zip(frame["unit_id"], frame["audience"], strict=True):
        key = analysis.NO_UNIT if pd.isna(uid) else int(uid)
        is_unit_shown = key != analysis.NO_UNIT and table.is_row_visible(key)
        if not is_unit_shown:
            unit_column.append("")
        elif labelled:
            unit_column.append(units[key].name)
        else:
            unit_column.append(units[key].code or str(key))
        is_role_shown = table.is_row_visible(key) and table.is_visible(key, str(audience))
        if not is_role_shown:
            audience_column.append("")
        else:
            audience_column.append(
                str(Audience(audience).label).lower() if labelled else str(audience)
            )
    out = pd.DataFrame(
        {
            "respondent": range(1, len(frame) + 1),
            "unit": unit_column,
            "audience": audience_column,
        }
    )
    for code in codes:
        out[code] = frame[code].to_numpy()
    return out


def to_csv(round_: Round) -> bytes:
    frame = export_frame(round_, labelled=True)
    text = io.StringIO()
    frame.map(safe_cell).to_csv(text, sep=";", index=False, decimal=",", float_format="%g")
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _item_labels(round_: Round) -> dict[str, Item]:
    return {i.code: i for i in Item.objects.filter(version=round_.version)}


def to_sav(round_: Round) -> bytes:
    import pyreadstat

    frame = export_frame(round_)
    items = _item_labels(round_)
    column_labels: dict[str, str | None] = {
        "respondent": "Löpnummer (inte kopplat till person)",
        "unit": "Enhet (kod)",
        "audience": "Medarbetare eller chef",
    }
    value_labels: dict[str, dict[int | float, str]] = {}
    from vardag.surveys.instrument import SCALE_LABELS

    for code in frame.columns[3:]:
        item = items.get(code)
        if item is None:
            continue
        column_labels[code] = item.text_sv[:250]
        if item.scale_points == 5:
            value_labels[code] = {float(i + 1): SCALE_LABELS["sv"][i] for i in range(5)}
        elif item.is_scale:
            value_labels[code] = {1.0: "1 (lägst)", float(item.scale_points): "högst"}
        elif item.kind == Item.Kind.YES_NO:
            value_labels[code] = {0.0: "Nej", 1.0: "Ja"}
        elif item.kind == Item.Kind.SINGLE:
            value_labels[code] = {float(c[0]): str(c[1]) for c in item.choices if _is_number(c[0])}
    frame["audience"] = frame["audience"].map(AUDIENCE_CODES)
    value_labels["audience"] = {1.0: "Medarbetare", 2.0: "Chef", 3.0: "Övriga"}
    fd, path = tempfile.mkstemp(suffix=".sav")
    os.close(fd)
    try:
        pyreadstat.write_sav(
            frame,
            path,
            column_labels=column_labels,
            variable_value_labels=value_labels,
        )
        with open(path, "rb") as handle:
            return handle.read()
    finally:
        os.unlink(path)


def _is_number(value: object) -> bool:
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _reliability_cell(figure: analysis.Reliability | None) -> float | str | None:
    """The figure rounded as on the page, or the page's reason it cannot be estimated."""
    if figure is None:
        return None
    return round(figure.value, 3) if figure.value is not None else figure.reason


def to_xlsx(round_: Round, results: analysis.RoundResults) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Resultat"
    sheet.append(["Dimension", "n", "Medelvärde", "KI nedre", "KI övre", "Alfa", "Omega"])
    for dim in results.dimensions:
        est = dim.estimate
        sheet.append(
            [
                safe_cell(dim.spec.name_sv),
                est.n if est else None,
                round(est.mean, 3) if est else None,
                round(est.ci.lower, 3) if est else None,
                round(est.ci.upper, 3) if est else None,
                _reliability_cell(dim.alpha_figure),
                _reliability_cell(dim.omega_figure),
            ]
        )
    heat = book.create_sheet("Enheter")
    specs = [d.spec for d in results.dimensions]
    heat.append(["Enhet", "n", *[s.name_sv for s in specs]])
    for row in results.heat:
        heat.append(
            [
                safe_cell(row.unit.name),
                row.n,
                *[round(c.estimate.mean, 3) if c.estimate else None for c in row.cells],
            ]
        )
    roles = book.create_sheet("Chefer och medarbetare")
    roles.append(
        [
            "Enhet",
            "Chefer (n)",
            "Medarbetare (n)",
            *[f"{s.name_sv}: chefer − medarbetare" for s in specs],
        ]
    )
    for gap in results.unit_gaps:
        roles.append(
            [
                safe_cell(gap.unit.name),
                gap.managers,
                gap.employees,
                *[round(c.comparison.difference, 3) if c.comparison else None for c in gap.cells],
            ]
        )
    comparison = book.create_sheet("Jämförelse av enheter")
    comparison.append(["Dimension", "Enheter", "F", "df1", "df2", "p", "eta²"])
    for unit_test in results.unit_comparisons:
        res = unit_test.result
        comparison.append(
            [
                safe_cell(unit_test.spec.name_sv),
                len(unit_test.units),
                round(res.f, 4) if res else None,
                res.df_between if res else None,
                round(res.df_within, 3) if res else None,
                round(res.p_value, 4) if res else None,
                round(res.eta_squared, 4) if res else None,
            ]
        )
    answers = book.create_sheet("Svar")
    frame = export_frame(round_, labelled=True)
    answers.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        answers.append([None if pd.isna(v) else safe_cell(v) for v in record])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
