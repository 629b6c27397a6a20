"""Tables that enter and leave Vardag as files: CSV and XLSX, the same way in every app.

Reading (`read_table`) serves every import of spreadsheets (the HR import, answers from an earlier
survey round): CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1252 (Swedish Excel's
"CSV (semikolonavgränsad)"), `;` or `,`, or the first sheet of an XLSX; headers and rows with
their line numbers in the file, so every problem can be reported by line. A file that is not a
table gives a `TableError` with a translated message, never an exception the person cannot read.

Writing:

CSV is written for Swedish spreadsheet programs: UTF-8 with a byte-order mark (so Excel reads
å, ä, ö) and semicolons (the comma is the decimal sign). Text that a spreadsheet would run as a
formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe: a
resident's or respondent's words must never become a formula on a colleague's computer
(CSV/formula injection, OWASP).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Formatted:
    """A cell value with an Excel number format ("0 %", "0.00"): the cell keeps the full
    value and the format decides what is shown. CSV writes the bare value."""

    value: Any
    number_format: str


def safe_cell(value: Any) -> Any:
    """The value, with text that would start a formula made inert."""
    if isinstance(value, Formatted):
        value = value.value
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
            for column, cell in enumerate(row, start=1):
                if isinstance(cell, Formatted) and cell.value is not None:
                    sheet.cell(row=sheet.max_row, column=column).number_format = cell.number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    content: bytes | str, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """Every file Vardag hands out: the body with its type and a Content-Disposition made by
    Django's `content_disposition_header` (quoting, and RFC 5987 for å, ä, ö in the name)."""
    response = HttpResponse(content, content_type=content_type)
    header = content_disposition_header(not inline, filename)
    if header:
        response["Content-Disposition"] = header
    return response


# --- Reading ------------------------------------------------------------------------------------

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


class TableError(ValidationError):
    """A file that cannot be read as a table (a translated message for the person)."""


@dataclass
class Table:
    file_format: str  # "csv" or "xlsx"
    encoding: str  # the codec ("utf-8", "utf-8-sig", "utf-16", "cp1252"); "" for XLSX
    delimiter: str  # ";" or "," for CSV; "" for XLSX
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, "XLSX" if self.file_format == "xlsx" else "")


class NotText(TableError):
    """Binary content (NUL characters, or a broken UTF-16 file)."""


class UnknownEncoding(TableError):
    """Bytes that are neither UTF-8, UTF-16 (with BOM) nor Windows-1252."""


def _not_text() -> TableError:
    return NotText(_("Filen verkar inte vara en textfil. Spara den som CSV eller XLSX."))


def _unknown_encoding() -> TableError:
    return UnknownEncoding(_("Filens teckenkodning känns inte igen. Spara den som UTF-8."))


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and codec of an uploaded text file, for every import that reads text (tables,
    research transcripts): UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252
    (Swedish Excel and Notepad). A file in any other encoding is refused (UnknownEncoding),
    never garbled; a binary file gives NotText."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _not_text() from exc
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _unknown_encoding() from exc
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
            if "\ufffd" in text:  # bytes Windows-1252 does not use: some other encoding
                raise _unknown_encoding() from None
    if "\x00" in text:  # a binary file; PostgreSQL could not store it anyway
        raise _not_text()
    return text, encoding


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(
        _("Filen har fler än %(n)s rader. Dela upp den.") % {"n": f"{max_rows:,}".replace(",", " ")}
    )


def _read_csv(data: bytes, max_rows: int) -> Table:
    text, encoding = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if headers is None:
                headers = [c.strip() for c in cells]
            elif any(c.strip() for c in cells):
                rows.append((reader.line_num, [c.strip() for c in cells]))
                if len(rows) > max_rows:
                    raise _too_many_rows(max_rows)
    except csv.Error as exc:
        raise TableError(
            _("Filen kunde inte läsas som CSV (rad %(line)s).") % {"line": reader.line_num}
        ) from exc
    return Table("csv", encoding, delimiter, headers or [], rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


XLSX_SECONDS = 30.0  # wall time for reading one workbook
EMPTY_LINES_ALLOWED = 10_000  # empty lines read besides the data (formatted, never filled)


def _read_xlsx(data: bytes, max_rows: int, max_columns: int) -> Table:
    """The first sheet, read within bounds: a workbook may declare a million rows or 16,384
    columns in a few kilobytes, and openpyxl fills every gap with empty cells. Only the first
    ``max_columns + 1`` columns and ``max_rows + EMPTY_LINES_ALLOWED`` lines are read, and the
    time is checked while reading."""
    from openpyxl import load_workbook

    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line_limit = max_rows + EMPTY_LINES_ALLOWED + 1
    deadline = time.monotonic() + XLSX_SECONDS
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        width = min(sheet.max_column or max_columns + 1, max_columns + 1)
        lines = sheet.iter_rows(max_col=width, max_row=line_limit, values_only=True)
        for number, values in enumerate(lines, start=1):
            if number % 1000 == 0 and time.monotonic() > deadline:
                raise _too_slow()
            if number >= line_limit:
                raise TableError(
                    _(
                        "Filen har fler än %(n)s rader, tomma rader medräknade. Ta bort de "
                        "tomma raderna eller dela upp filen."
                    )
                    % {"n": f"{line_limit - 1:,}".replace(",", " ")}
                )
            if headers is None:
                headers = [_cell_text(v) for v in values]
                continue
            if not any(v is not None and v != "" for v in values):
                continue  # an empty line (cheap: no text made of it)
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
                if len(rows) > max_rows:
                    raise _too_many_rows(max_rows)
        book.close()
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - any broken workbook is the same error to a person
        raise TableError(_("Filen kunde inte läsas som Excel-fil (XLSX).")) from exc
    while headers and not headers[-1]:
        headers.pop()
    return Table("xlsx", "", "", headers or [], rows)


def _too_slow() -> TableError:
    return TableError(
        _("Det tog för lång tid att läsa filen. Spara den som CSV eller dela upp den.")
    )


def read_table(
    data: bytes, filename: str, *, max_rows: int = 100_000, max_columns: int = 500
) -> Table:
    """Headers and numbered rows of a CSV or XLSX file, or TableError."""
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise TableError(_("Filen är för stor."))
    if not data.strip():
        raise TableError(_("Filen är tom."))
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data, max_rows, max_columns)
    elif b"\x00" in data[:2048] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(_("Filen är varken CSV eller XLSX."))
    else:
        table = _read_csv(data, max_rows)
    if not any(table.headers):
        raise TableError(_("Filen saknar rubrikrad."))
    if len(table.headers) > max_columns:
        raise TableError(_("Filen har för många kolumner."))
    return table
