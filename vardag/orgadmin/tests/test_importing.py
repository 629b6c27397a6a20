"""Reading HR files: encodings, delimiters, XLSX, the mapping proposal and Swedish rejections."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from vardag.orgadmin import importing
from vardag.orgadmin.models import HrImport

HEADER = "Anst.nr;Förnamn;Efternamn;E-post;Enhetskod;Enhetsnamn;Roll;Startdatum"
ROW = "A1;Åsa;Öberg;asa@example.org;K1;Kulturskolan;Enhetschef;2024-08-01"


@pytest.mark.parametrize(
    ("content", "encoding", "delimiter"),
    [
        (f"{HEADER}\n{ROW}\n".encode("cp1252"), "cp1252", ";"),
        (f"{HEADER}\n{ROW}\n".encode(), "utf-8", ";"),
        (("\ufeff" + f"{HEADER}\n{ROW}\n").encode(), "utf-8-sig", ";"),
        (f"{HEADER}\r\n{ROW}\r\n".replace(";", ",").encode(), "utf-8", ","),
    ],
)
def test_csv_variants(content, encoding, delimiter):
    table = importing.read_table(content, "hr.csv")
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert table.headers[1] == "Förnamn" and table.rows == [(2, ROW.split(";"))]


def test_xlsx_with_real_dates():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        [
            "A1",
            "Åsa",
            "Öberg",
            "asa@example.org",
            "K1",
            "Kulturskolan",
            "Enhetschef",
            date(2024, 8, 1),
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    table = importing.read_table(buffer.getvalue(), "hr.xlsx")
    row = importing.parse_row(*table.rows[0], importing.propose_mapping(table.headers))
    assert isinstance(row, importing.HrRow)
    assert row.starts_on == date(2024, 8, 1) and row.role == "unit_manager"


def test_mapping_is_proposed_from_swedish_or_english_headers():
    mapping = importing.propose_mapping(
        ["Employee ID", "FÖRNAMN", "efternamn", "Enhetskod", "Unit name", "Överordnad enhet"]
    )
    assert mapping["employee_id"] == 0 and mapping["first_name"] == 1
    assert mapping["unit_name"] == 4 and mapping["parent_code"] == 5
    assert mapping["email"] is None


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["", "Åsa", "Öberg", "", "K1", "Kulturskolan", "", ""], "Saknar Anställningsnummer."),
        (["A 1", "Åsa", "Öberg", "", "K1", "Kulturskolan", "", ""], "Anställningsnumret får"),
        (["A1", "Åsa", "Öberg", "inte-epost", "K1", "K", "", ""], "Ogiltig e-postadress"),
        (["A1", "Åsa", "Öberg", "", "K1", "K", "Trollkarl", ""], "Okänd roll: Trollkarl."),
        (["A1", "Åsa", "Öberg", "", "K1", "K", "", "31/02/2024"], "Ogiltigt datum"),
    ],
)
def test_rejections_have_swedish_reasons(cells, reason):
    mapping = importing.propose_mapping(HEADER.split(";"))
    rejection = importing.parse_row(7, cells, mapping)
    assert isinstance(rejection, importing.Rejection)
    assert rejection.line == 7 and rejection.reason.startswith(reason)


@given(st.lists(st.text(max_size=20), max_size=12))
def test_parse_row_never_crashes(cells):
    mapping = importing.propose_mapping(HEADER.split(";"))
    result = importing.parse_row(2, cells, mapping)
    assert isinstance(result, importing.HrRow | importing.Rejection)


@pytest.mark.django_db
def test_upload_refuses_other_files(world, client_for):
    admin = client_for("admin")
    page = admin.post(
        reverse("orgadmin:import_list"), {"file": SimpleUploadedFile("bild.png", b"\x89PNG")}
    )
    assert page.status_code == 200 and "CSV- eller XLSX-fil" in page.content.decode()
    page = admin.post(
        reverse("orgadmin:import_list"),
        {"file": SimpleUploadedFile("trasig.xlsx", b"PK\x03\x04 inte en arbetsbok")},
    )
    assert page.status_code == 200 and "Excel-fil" in page.content.decode()
    page = admin.post(reverse("orgadmin:import_list"), {"file": SimpleUploadedFile("tom.csv", b"")})
    assert page.status_code == 200
    assert not HrImport.objects.exists()


@pytest.mark.django_db
def test_cross_row_conflicts_and_unknown_parents(world, client_for):
    admin = client_for("admin")
    text = "\n".join(
        [
            "Anställningsnummer;Förnamn;Efternamn;Enhetskod;Enhetsnamn;Överordnad enhetskod",
            "A1;Åsa;Öberg;K1;Kulturskolan;",
            "A2;Bo;Ek;K1;Annat namn;",
            "A1;Åsa;Berg;K1;Kulturskolan;",
            "A3;Cia;Al;K2;Musik;SAKNAS",
            "A4;Dan;Bo;K2;Musik;SAKNAS",
            "A5;Eva;Ly;C1;Cirkel 1;C2",
            "A6;Fia;Ly;C2;Cirkel 2;C1",
        ]
    ).encode()
    admin.post(reverse("orgadmin:import_list"), {"file": SimpleUploadedFile("hr.csv", text)})
    hr_import = HrImport.objects.get()
    page = admin.get(reverse("orgadmin:import_detail", args=[hr_import.pk]))
    form = page.context["form"]
    admin.post(
        reverse("orgadmin:import_detail", args=[hr_import.pk]),
        {name: form[name].value() for name in form.fields},
    )
    hr_import.refresh_from_db()
    lines = {r["line"]: r["reason"] for r in hr_import.rejected}
    assert "andra uppgifter på rad 2" in lines[3]
    assert "Personen A1 har andra uppgifter på rad 2" in lines[4]
    assert "SAKNAS finns inte" in lines[5]
    assert "se rad 5" in lines[6]
    assert "cirkel" in lines[7] or "cirkel" in lines[8]
    assert not hr_import.can_apply


@pytest.mark.django_db
def test_xlsx_with_unknown_headers_is_mapped_by_hand(
    world, client_for, django_capture_on_commit_callbacks
):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nr", "Namn 1", "Namn 2", "Org", "Orgnamn", "Befattningskod"])
    sheet.append(["B7", "Vera", "Lund", "SK9", "Skolbiblioteket", 4711])
    buffer = io.BytesIO()
    book.save(buffer)
    admin = client_for("admin")
    upload = SimpleUploadedFile("personal.xlsx", buffer.getvalue())
    admin.post(reverse("orgadmin:import_list"), {"file": upload})
    hr_import = HrImport.objects.get()
    url = reverse("orgadmin:import_detail", args=[hr_import.pk])
    page = admin.post(url, {"employee_id": "0"})
    assert page.status_code == 200 and "field-error" in page.content.decode()
    hr_import.refresh_from_db()
    assert hr_import.status == HrImport.Status.UPLOADED
    mapping = {"employee_id": 0, "first_name": 1, "last_name": 2, "unit_code": 3, "unit_name": 4}
    assert admin.post(url, {k: str(v) for k, v in mapping.items()}).status_code == 302
    hr_import.refresh_from_db()
    assert hr_import.rejected == [] and hr_import.summary["counts"]["person_creates"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("orgadmin:import_apply", args=[hr_import.pk]))
    from vardag.accounts.models import User

    vera = User.objects.get(external_id="B7")
    assert vera.memberships.get().unit.name == "Skolbiblioteket"
    assert vera.memberships.get().role == "employee"


def test_a_file_with_nul_characters_is_refused_as_not_text():
    with pytest.raises(importing.ImportFileError, match="inte vara en textfil"):
        # The first 2 kB look like text; the NUL comes later.
        rows = "".join(f"Person{n};Ek\r\n" for n in range(300))
        importing.read_table(f"Förnamn;Efternamn\r\n{rows}Al\x00va;Ek\r\n".encode(), "hr.csv")


def test_the_scope_choice_counts_in_singular_and_plural():
    from vardag.orgadmin.forms import _closes_label

    counts = {"counts": {"unit_closes": 21, "person_closes": 1, "membership_closes": 2}}
    label = _closes_label("(%(counts)s)", counts)
    assert label == "(21 enheter, 1 person, 2 uppdrag)"
