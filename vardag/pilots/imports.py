"""Reading measurements from a spreadsheet (CSV or XLSX) with Swedish numbers and dates.

Columns: datum, värde and optionally kommentar (in any order, any case). Numbers may use a
decimal comma and spaces (also non-breaking) as thousands separators; dates may be written
2026-03-01, 20260301, 1/3 2026 or 1 mars 2026. Every bad row is reported by its row number in
the file, and nothing is imported while any row is bad.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from vardag.core.tables import Table

HEADERS = {
    "datum": "date",
    "date": "date",
    "värde": "value",
    "varde": "value",
    "value": "value",
    "kommentar": "note",
    "comment": "note",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "januari"),
            ("feb", "februari"),
            ("mar", "mars"),
            ("apr", "april"),
            ("maj",),
            ("jun", "juni"),
            ("jul", "juli"),
            ("aug", "augusti"),
            ("sep", "sept", "september"),
            ("okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(text: str) -> Decimal | None:
    """A Swedish number: "1 234,5", "1\u00a0234,5", "−3,25", "12,5 %"; also "1234.5" (XLSX)."""
    s = SPACES.sub("", text).replace("\u2212", "-").removesuffix("%")
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    if not NUMBER.match(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def parse_date(text: str) -> date | None:
    s = text.strip().lower()
    patterns = [
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$", (1, 2, 3)),
        (r"^(\d{4})(\d{2})(\d{2})$", (1, 2, 3)),
        (r"^(\d{1,2})/(\d{1,2})[ -](\d{4})$", (3, 2, 1)),
        (r"^(\d{1,2})/(\d{1,2})/(\d{4})$", (3, 2, 1)),
    ]
    for pattern, (y, m, d) in patterns:
        match = re.match(pattern, s)
        if match:
            try:
                return date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                return None
    match = re.match(r"^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})$", s)
    if match and match[2] in MONTHS:
        try:
            return date(int(match[3]), MONTHS[match[2]], int(match[1]))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Row:
    line: int
    measured_on: date
    value: Decimal
    note: str


def columns(table: Table) -> tuple[dict[str, int], list[str]]:
    """Which column holds what, and the problems with the header row."""
    found: dict[str, int] = {}
    problems = []
    for index, header in enumerate(table.headers):
        name = header.strip().lower()
        if not name:
            continue
        key = HEADERS.get(name)
        if key is None:
            problems.append(
                _(
                    "Rad 1: kolumnen ”%(name)s” känns inte igen. Filen ska ha kolumnerna datum "
                    "och värde (och gärna kommentar)."
                )
                % {"name": header}
            )
        elif key in found:
            problems.append(_("Rad 1: kolumnen ”%(name)s” finns två gånger.") % {"name": header})
        else:
            found[key] = index
    for key, label in (("date", "datum"), ("value", "värde")):
        if key not in found:
            problems.append(_("Rad 1: kolumnen ”%(name)s” saknas.") % {"name": label})
    return found, problems


def read_rows(table: Table) -> tuple[list[Row], list[str]]:
    cols, problems = columns(table)
    if problems:
        return [], problems
    rows = []
    for line, cells in table.rows:

        def cell(key: str, cells: list[str] = cells) -> str:
            index = cols.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        day, raw_value = parse_date(cell("date")), cell("value")
        value = parse_number(raw_value)
        if day is None:
            problems.append(
                _("Rad %(line)s: ”%(text)s” är inget datum (skriv t.ex. 2026-03-01).")
                % {"line": line, "text": cell("date")}
            )
        if value is None:
            problems.append(
                _("Rad %(line)s: ”%(text)s” är inget tal (skriv t.ex. 1 234,5).")
                % {"line": line, "text": raw_value}
            )
        if day is not None and value is not None:
            rows.append(Row(line, day, value, cell("note")[:300]))
    return rows, problems
