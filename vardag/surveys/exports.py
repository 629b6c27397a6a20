"""Exports of a round: answers as CSV (Swedish Excel), XLSX (answers + results) and SPSS .sav.

Respondent-level exports carry no person and no response id. A unit whose respondents are under
the threshold (or hidden as its complement) is recoded to an empty unit; the audience is blanked
where managers or employees of a unit are too few. Open answers are not exported.
"""

from __future__ import annotations

import io
import os
import tempfile

import pandas as pd

from vardag.core.models import Unit
from vardag.psychometrics import suppress_small_groups
from vardag.surveys import analysis
from vardag.surveys.models import Item, Round

AUDIENCE_CODES = {"employee": 1, "manager": 2, "other": 3}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Escape text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_frame(round_: Round) -> pd.DataFrame:
    threshold = round_.organisation.suppression_threshold
    frame = analysis.load_frame(round_)
    counts = frame.groupby("unit_id").size().to_dict() if len(frame) else {}
    unit_rule = suppress_small_groups(
        {int(k): int(v) for k, v in counts.items()}, threshold=threshold
    )
    units = Unit.objects.in_bulk([int(k) for k in counts])
    codes = [c for c in frame.columns if c not in analysis.META]
    out = pd.DataFrame(
        {
            "respondent": range(1, len(frame) + 1),
            "unit": [
                (units[int(u)].code or str(units[int(u)].pk))
                if not pd.isna(u) and unit_rule.is_visible(int(u))
                else ""
                for u in frame["unit_id"]
            ],
            "audience": list(frame["audience"]),
        }
    )
    for uid, group in frame.groupby("unit_id"):
        by_audience = group["audience"].value_counts().to_dict()
        rule = suppress_small_groups(
            {k: int(v) for k, v in by_audience.items()}, threshold=threshold
        )
        if not unit_rule.is_visible(int(uid)) or rule.hidden:
            positions = [frame.index.get_loc(i) for i in group.index]
            out.loc[positions, "audience"] = ""
    for code in codes:
        out[code] = frame[code].to_numpy()
    return out


def to_csv(round_: Round) -> bytes:
    frame = export_frame(round_)
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
                round(dim.alpha.alpha, 3) if dim.alpha else None,
                round(dim.omega.omega_total, 3) if dim.omega else None,
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
    answers = book.create_sheet("Svar")
    frame = export_frame(round_)
    answers.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        answers.append([None if pd.isna(v) else safe_cell(v) for v in record])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
