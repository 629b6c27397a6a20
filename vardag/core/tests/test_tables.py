import csv
import io

from openpyxl import load_workbook

from vardag.core.tables import csv_text, download, safe_cell, xlsx_bytes

ROWS = [["Insikt", "Antal"], ['=HYPERLINK("http://x")', 3], ["-2 är fel", None], ["Bra", 1.5]]


def test_formulas_are_made_inert_and_numbers_kept():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Vanlig text") == "Vanlig text"
    assert safe_cell(-2) == -2


def test_csv_is_for_swedish_excel():
    text = csv_text(ROWS)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [
        ["Insikt", "Antal"],
        ['\'=HYPERLINK("http://x")', "3"],
        ["'-2 är fel", ""],
        ["Bra", "1.5"],
    ]


def test_xlsx_has_one_sheet_per_table():
    data = xlsx_bytes({"Insikter i biblioteket med ett mycket långt namn": ROWS, "Tom": []})
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Insikter i biblioteket med ett ", "Tom"]
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[2]] == ['\'=HYPERLINK("http://x")', 3]
    assert sheet["B4"].value == 1.5


def test_download_names_the_file():
    response = download("a;b", "insikter.csv", "text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="insikter.csv"'


# --- Reading -----------------------------------------------------------------------------------

import pytest  # noqa: E402

from vardag.core.tables import TableError, read_table  # noqa: E402

TEXT = "Namn;Enhet\r\nÅsa Öberg;Kulturskolan\r\n"


@pytest.mark.parametrize(
    ("data", "encoding", "label"),
    [
        (TEXT.encode(), "utf-8", "UTF-8"),
        (b"\xef\xbb\xbf" + TEXT.encode(), "utf-8-sig", "UTF-8"),
        (TEXT.encode("utf-16"), "utf-16", "UTF-16"),
        (TEXT.encode("cp1252"), "cp1252", "Windows-1252"),
    ],
)
def test_csv_in_the_encodings_swedish_offices_produce(data, encoding, label):
    table = read_table(data, "fil.csv")
    assert (table.encoding, table.encoding_label, table.delimiter) == (encoding, label, ";")
    assert table.headers == ["Namn", "Enhet"]
    assert table.rows == [(2, ["Åsa Öberg", "Kulturskolan"])]


def test_xlsx_first_sheet_with_line_numbers_and_dates():
    from datetime import date

    data = xlsx_bytes({"Blad": [["Namn", "Start", ""], ["Åsa", date(2026, 8, 1)], [], ["Bo", 3.0]]})
    table = read_table(data, "fil.xlsx")
    assert table.headers == ["Namn", "Start"]
    assert table.rows == [(2, ["Åsa", "2026-08-01", ""]), (4, ["Bo", "3", ""])]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "tom"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a.csv", "varken CSV eller XLSX"),
        (b"PK\x03\x04broken", "a.xlsx", "Excel-fil"),
        (b"Namn;Enhet\r\n" + b"\x81\x8d", "a.csv", "teckenkodning"),
        (b";;\r\nx;y\r\n", "a.csv", "rubrikrad"),
        (b"Namn\r\n" + b"x\r\n" * 12, "a.csv", "fler än 10 rader"),
    ],
)
def test_what_is_not_a_table_is_a_translated_refusal(data, name, message):
    with pytest.raises(TableError, match=message):
        read_table(data, name, max_rows=10)


def test_too_many_columns_and_too_large(settings):
    with pytest.raises(TableError, match="för många kolumner"):
        read_table(
            ";".join(f"k{n}" for n in range(20)).encode() + b"\r\n1\r\n", "a.csv", max_columns=10
        )
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(TableError, match="för stor"):
        read_table(TEXT.encode(), "a.csv")


def test_download_names_files_with_swedish_letters_and_inline_by_django_s_header():
    from vardag.core.tables import download

    response = download(b"x", 'mötesprotokoll "juni".pdf', "application/pdf", inline=True)
    header = response["Content-Disposition"]
    assert header.startswith("inline; filename*=utf-8''")
    assert "m%C3%B6tesprotokoll" in header and '"juni"' not in header
    assert download(b"x", "a.csv", "text/csv")["Content-Disposition"] == (
        'attachment; filename="a.csv"'
    )
