"""Reading tables within bounds (issue 14 items 1 and 8) with one decoder (issue 13 item 2)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from vardag.core import tables

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_empty_lines(data: bytes, empty: int, *, last_column: str = "XFD") -> bytes:
    """The workbook with ``empty`` empty <row> lines and one far-right cell after them, and a
    dimension claiming the whole sheet: a few kilobytes that openpyxl would expand cell by cell."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                last = 3 + empty
                filler = "".join(f'<row r="{n}"/>' for n in range(3, last))
                xml = re.sub(r"<dimension [^>]*/>", '<dimension ref="A1:XFD1048576"/>', xml)
                xml = xml.replace(
                    "</sheetData>",
                    f'{filler}<row r="{last}"><c r="{last_column}{last}" t="inlineStr">'
                    "<is><t>x</t></is></c></row></sheetData>",
                )
                content = xml.encode()
            archive.writestr(info, content)
    return out.getvalue()


def test_a_workbook_of_empty_lines_is_refused_after_the_bound_not_read_to_the_end():
    data = _with_empty_lines(_workbook([["namn", "enhet"], ["Anna", "Skola"]]), 60_000)
    assert len(data) < 400_000
    with pytest.raises(tables.TableError, match="tomma rader medräknade"):
        tables.read_table(data, "hr.xlsx", max_rows=1_000)


def test_a_far_right_cell_does_not_widen_every_row():
    data = _with_empty_lines(_workbook([["namn", "enhet"], ["Anna", "Skola"]]), 10)
    table = tables.read_table(data, "hr.xlsx", max_rows=1_000, max_columns=20)
    assert table.headers == ["namn", "enhet"]
    assert [cells[:2] for _, cells in table.rows] == [["Anna", "Skola"]]
    assert all(len(cells) <= 21 for _, cells in table.rows)


def test_text_in_an_unknown_encoding_is_refused_by_the_one_decoder():
    with pytest.raises(tables.UnknownEncoding):
        tables.decode_text("Förskola".encode("cp1252") + b"\x81")
    with pytest.raises(tables.NotText):
        tables.decode_text(b"a\x00b")
    assert tables.decode_text("Förskola".encode("cp1252")) == ("Förskola", "cp1252")


@SETTINGS
@given(
    name=st.sampled_from(["t.csv", "t.xlsx", "t.txt"]),
    head=st.sampled_from([b"", b"PK\x03\x04", b"\xff\xfe", b"\xef\xbb\xbf"]),
    data=st.binary(max_size=3000),
)
def test_any_bytes_give_a_table_or_a_message(name, head, data):
    try:
        table = tables.read_table(head + data, name, max_rows=50, max_columns=20)
    except tables.TableError as exc:
        assert exc.messages and all(m.strip() for m in exc.messages)
        return
    assert len(table.rows) <= 50 and len(table.headers) <= 20


@SETTINGS
@given(
    rows=st.lists(
        st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=8)), max_size=6),
        max_size=80,
    ),
    as_xlsx=st.booleans(),
)
def test_generated_tables_stay_within_the_row_bound(rows, as_xlsx):
    rows = [["a", "b"], *rows]
    if as_xlsx:
        clean = [[c.replace("\x00", "") if isinstance(c, str) else c for c in r] for r in rows]
        try:
            data = _workbook(clean)
        except Exception:  # noqa: BLE001 - characters openpyxl cannot write: nothing to test
            return
        name = "t.xlsx"
    else:
        data = tables.csv_text(rows).encode()
        name = "t.csv"
    try:
        table = tables.read_table(data, name, max_rows=50)
    except tables.TableError:
        filled = [r for r in rows[1:] if any(c not in (None, "") and str(c).strip() for c in r)]
        assert len(filled) > 50 or any("\x00" in str(c) for r in rows for c in r)
        return
    assert len(table.rows) <= 50
