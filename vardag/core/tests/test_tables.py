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
