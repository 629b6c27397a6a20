"""Import of answers from an earlier round (CSV or XLSX), all or nothing.

Columns are matched by name: `respondent` (the earlier tool's respondent id, unique per round),
`unit` (unit code or name), `audience` (employee/manager, or medarbetare/chef) and one column per
item code; unknown columns are reported and ignored. Every problem is reported with its row
number and nothing is saved unless every row is valid.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit, privacy
from vardag.core.models import Unit
from vardag.surveys.models import Answer, Audience, Item, Response, Round

AUDIENCES = {
    "employee": Audience.EMPLOYEE,
    "medarbetare": Audience.EMPLOYEE,
    "manager": Audience.MANAGER,
    "chef": Audience.MANAGER,
    "": Audience.OTHER,
    "other": Audience.OTHER,
    "övriga": Audience.OTHER,
}
MOJIBAKE = ("Ã¥", "Ã¤", "Ã¶", "Ã…", "Ã„", "Ã–", "\ufffd")


@dataclass
class ImportReport:
    encoding: str = ""
    rows: int = 0
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.errors


def decode(data: bytes, report: ImportReport) -> str | None:
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        report.encoding = "UTF-8" if encoding == "utf-8-sig" else "UTF-16"
        return text
    try:
        text = data.decode("cp1252")  # Swedish Excel's "CSV (semikolonavgränsad)"
    except UnicodeDecodeError:
        report.errors.append((0, _("Filens teckenkodning känns inte igen. Spara den som UTF-8.")))
        return None
    if "\x00" in text:
        report.errors.append((0, _("Filens teckenkodning känns inte igen. Spara den som UTF-8.")))
        return None
    report.encoding = "Windows-1252"
    return text


def read_rows(data: bytes, filename: str, report: ImportReport) -> list[dict[str, str]]:
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data, report)
    text = decode(data, report)
    if text is None:
        return []
    sample = text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _xlsx_rows(data: bytes, report: ImportReport) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        report.errors.append((0, _("Filen kunde inte läsas som XLSX.")))
        return []
    report.encoding = "XLSX"
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h or "").strip() for h in rows[0]]
    return [
        {
            header[i]: "" if v is None else str(v).strip()
            for i, v in enumerate(row)
            if i < len(header)
        }
        for row in rows[1:]
        if any(v not in (None, "") for v in row)
    ]


def _number(raw: str) -> float | None:
    raw = raw.replace(",", ".").strip()
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        return float("nan")


def _check_row(
    number: int, row: dict[str, str], items: dict[str, Item], units: dict[str, Unit], seen: set[str]
) -> tuple[list[str], dict[str, Any]]:
    problems: list[str] = []
    ref = row.get("respondent", "")
    if not ref:
        problems.append(_("respondent-id saknas"))
    elif ref in seen:
        problems.append(_("respondent-id %(ref)s finns redan i filen") % {"ref": ref})
    seen.add(ref)
    if any(m in "".join(row.values()) for m in MOJIBAKE):
        problems.append(_("tecken som tyder på fel teckenkodning (t.ex. Ã¤ i stället för ä)"))
    unit = units.get(row.get("unit", "").casefold())
    if row.get("unit") and unit is None:
        problems.append(_("okänd enhet %(unit)s") % {"unit": row["unit"]})
    audience = AUDIENCES.get(row.get("audience", "").casefold())
    if audience is None:
        problems.append(_("okänd grupp %(value)s") % {"value": row.get("audience")})
    values: dict[str, Any] = {}
    for code, item in items.items():
        raw = row.get(code, "")
        if item.kind == Item.Kind.OPEN:
            values[code] = raw
            continue
        value = _number(raw)
        if value is not None and (value != value or f"{value:g}" not in item.allowed_values()):
            problems.append(
                _("%(code)s: värdet %(value)s ligger utanför skalan") % {"code": code, "value": raw}
            )
        values[code] = value
    return problems, {"ref": ref, "unit": unit, "audience": audience, "values": values}


def import_answers(*, actor: Any, round_: Round, data: bytes, filename: str) -> ImportReport:
    """Validate every row; save all of them in one transaction, or nothing."""
    report = ImportReport()
    rows = read_rows(data, filename, report)
    if report.errors:
        return report
    items = {
        i.code: i
        for i in Item.objects.filter(version=round_.version).exclude(kind=Item.Kind.MULTIPLE)
    }
    known = {"respondent", "unit", "audience", *items}
    report.ignored_columns = sorted({k for row in rows for k in row} - known)
    units: dict[str, Unit] = {}
    for unit in Unit.objects.filter(organisation_id=round_.organisation_id):
        units[unit.name.casefold()] = unit
        if unit.code:
            units[unit.code.casefold()] = unit
    existing = set(
        Response.objects.filter(round=round_)
        .exclude(respondent_ref="")
        .values_list("respondent_ref", flat=True)
    )
    seen = set(existing)
    parsed = []
    report.rows = len(rows)
    for number, row in enumerate(rows, start=2):
        problems, clean = _check_row(number, row, items, units, seen)
        for problem in problems:
            report.errors.append((number, problem))
        parsed.append(clean)
    if not rows:
        report.errors.append((0, _("Filen innehåller inga svar.")))
    if report.errors:
        return report
    _save(actor, round_, items, parsed, report)
    return report


@transaction.atomic
def _save(
    actor: Any, round_: Round, items: dict[str, Item], parsed: list, report: ImportReport
) -> None:
    today = timezone.localdate()
    for clean in parsed:
        response = Response.objects.create(
            round=round_,
            unit=clean["unit"],
            audience=clean["audience"],
            submitted_on=today,
            source=Response.Source.IMPORT,
            respondent_ref=clean["ref"][:64],
        )
        answers = []
        for code, value in clean["values"].items():
            item = items[code]
            if item.kind == Item.Kind.OPEN:
                if value:
                    text = privacy.redact(value, first_names=privacy.SWEDISH_FIRST_NAMES).text
                    answers.append(Answer(response=response, item=item, text=text))
            elif value is not None:
                answers.append(Answer(response=response, item=item, value=value))
        Answer.objects.bulk_create(answers)
    report.imported = len(parsed)
    audit.record(actor, "round.answers_imported", target=round_, data={"rows": len(parsed)})
