"""Tables that leave Vardag as files: CSV and XLSX, the same way from every app.

CSV is written for Swedish spreadsheet programs: UTF-8 with a byte-order mark (so Excel reads
å, ä, ö) and semicolons (the comma is the decimal sign). Text that a spreadsheet would run as a
formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe: a
resident's or respondent's words must never become a formula on a colleague's computer
(CSV/formula injection, OWASP).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """The value, with text that would start a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()


def xlsx_bytes(sheets: Mapping[str, Iterable[Sequence[Any]]]) -> bytes:
    """One worksheet per entry (names cut to Excel's 31 characters)."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
