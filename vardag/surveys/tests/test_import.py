"""Import of answers from an earlier round: upload → mapping → dry run → apply."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vardag.surveys import importers
from vardag.surveys.models import Answer, AnswerImport, Audience, Response
from vardag.surveys.tests.factories import conditions_round

pytestmark = pytest.mark.django_db


def _csv(header: str, rows: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def _upload(client, round_, data: bytes, name: str = "svar.csv"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("surveys:round_import", args=[round_.pk]), {"file": upload})


def _mapping_post(stored: AnswerImport, **changes: str) -> dict[str, str]:
    mapping = list(stored.mapping)
    for index, target in changes.items():
        mapping[int(index.removeprefix("c"))] = target
    return {f"column_{i}": target for i, target in enumerate(mapping)}


def test_mapping_guesses_codes_texts_and_synonyms(world):
    round_ = conditions_round(world)
    items = importers.importable_items(round_)
    str1 = next(i for i in items if i.code == "str1")
    headers = ["Respondent ID", "Enhet", "Roll", "str1", " STR2 ", str1.text_sv, "okänd", "cul1"]
    mapping = importers.propose_mapping(headers, items)
    assert mapping[:5] == ["respondent", "unit", "audience", "item:str1", "item:str2"]
    assert mapping[5] == ""  # str1 is already taken by its exact code
    assert mapping[6] == "" and mapping[7] == "item:cul1"
    by_text = importers.propose_mapping(["id", str1.text_sv.upper() + "  "], items)
    assert by_text == ["respondent", "item:str1"]


def test_upload_map_dry_run_and_apply_then_the_same_file_adds_nothing(world, client_for):
    round_ = conditions_round(world)
    client = client_for("innovation_lead")
    unit = world.units["unit"]
    data = _csv(
        "Svarande;Arbetsplats;Grupp;STR1;str2;kommentar",
        [f"r1;{unit.name};medarbetare;4;5;x", f"r2;{unit.code or unit.name};chef;2;3;y"],
    )
    response = _upload(client, round_, data)
    stored = AnswerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:round_import_map", args=[round_.pk, stored.pk])
    assert stored.created_by == world.innovation_lead and len(stored.sha256) == 64
    assert stored.mapping == ["respondent", "unit", "audience", "item:str1", "item:str2", ""]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "T.ex. 4, 2" in page.content.decode()
    assert "Används inte" in page.content.decode()
    client.post(response["Location"], _mapping_post(stored))
    stored.refresh_from_db()
    assert stored.status == AnswerImport.Status.CHECKED and stored.report["valid"] == 2
    assert not Response.objects.filter(round=round_).exists()  # a dry run saves nothing
    page = client.get(response["Location"]).content.decode()
    assert "Importera svaren" in page and "kommentar" in page
    done = client.post(reverse("surveys:round_import_apply", args=[round_.pk, stored.pk]))
    assert done.status_code == 302
    imported = Response.objects.filter(round=round_, source=Response.Source.IMPORT)
    assert imported.count() == 2
    assert sorted(imported.values_list("audience", flat=True)) == ["employee", "manager"]
    assert "r1" not in set(imported.values_list("respondent_ref", flat=True))  # keyed hash only
    assert Answer.objects.filter(response__round=round_, item__code="str1").count() == 2
    stored.refresh_from_db()
    assert stored.status == AnswerImport.Status.APPLIED and bytes(stored.content) == b""

    again = _upload(client, round_, data)
    second = AnswerImport.objects.exclude(pk=stored.pk).get()
    client.post(again["Location"], _mapping_post(second))
    page = client.get(again["Location"]).content.decode()
    assert "Samma fil importerades" in page and "redan importerat" in page
    refused = client.post(reverse("surveys:round_import_apply", args=[round_.pk, second.pk]))
    assert refused.status_code == 302
    assert imported.count() == 2
    assert Answer.objects.filter(response__round=round_, item__code="str1").count() == 2


def test_dry_run_reports_every_bad_row_and_apply_is_refused(world, client_for):
    round_ = conditions_round(world)
    client = client_for("innovation_lead")
    unit = world.units["unit"].name
    data = _csv(
        "respondent;unit;audience;str1;str2",
        [
            f"a1;{unit};medarbetare;4;5",
            f"a2;{unit};chef;8;2",
            f"a1;{unit};chef;3;3",
            "a3;Månen;medarbetare;3;3",
            f"a4;{unit};rektorer;3;3",
            f"a5;{unit};medarbetare;3,5;x",
            f";{unit};medarbetare;3;3",
        ],
    )
    location = _upload(client, round_, data)["Location"]
    stored = AnswerImport.objects.get()
    client.post(location, _mapping_post(stored))
    stored.refresh_from_db()
    report = importers.ImportReport.from_json(stored.report)
    by_line = dict(report.errors_by_line())
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8]
    assert "utanför skalan" in by_line[3][0]
    assert "finns redan i filen" in by_line[4][0]
    assert "okänd enhet Månen" in by_line[5][0]
    assert "okänd grupp rektorer" in by_line[6][0]
    assert len(by_line[7]) == 2  # 3,5 and x are both outside the scale
    assert "respondent-id saknas" in by_line[8][0]
    page = client.get(location).content.decode()
    assert "Inget kan importeras" in page and "Importera svaren" not in page
    client.post(reverse("surveys:round_import_apply", args=[round_.pk, stored.pk]))
    assert not Response.objects.filter(round=round_).exists()


def test_wrong_encoding_is_reported_by_row_and_windows_1252_is_read(world):
    round_ = conditions_round(world)
    unit = world.units["administration"].name  # Socialförvaltningen
    good = _csv("respondent;unit;audience;str1", [f"w1;{unit};medarbetare;4"], "cp1252")
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=good, filename="x.csv"
    )
    assert report.is_ok and report.encoding == "Windows-1252" and report.imported == 1
    broken = _csv(
        "respondent;unit;audience;str1", [f"w2;{unit};medarbetare;4", f"w3;{unit}Ã¤;chef;4"]
    )
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=broken, filename="y.csv"
    )
    assert [line for line, _ in report.errors] == [3, 3]
    assert "teckenkodning" in report.errors[0][1]
    assert Response.objects.filter(round=round_).count() == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tom.csv", "tom"),
        (b"  \n", "blank.csv", "Filen är tom."),
        (b"respondent;str1\n", "bara-rubrik.csv", "inga svar"),
        (b"PK\x03\x04trasig", "trasig.xlsx", "XLSX"),
        (b"\x00\x01\x02binary", "bild.csv", "varken CSV eller XLSX"),
        (b"r;s\n\x81\x8d\x8f;\x90\x9d\n", "konstig.csv", "teckenkodning"),
    ],
)
def test_unreadable_files_are_refused_on_the_upload_page(world, client_for, data, name, message):
    round_ = conditions_round(world)
    response = _upload(client_for("innovation_lead"), round_, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AnswerImport.objects.exists()


def test_too_large_file_is_refused(world, client_for, settings):
    settings.MAX_UPLOAD_BYTES = 50
    round_ = conditions_round(world)
    data = _csv("respondent;str1", [f"r{i};3" for i in range(20)])
    response = _upload(client_for("innovation_lead"), round_, data)
    assert "för stor" in response.content.decode()
    with pytest.raises(importers.ImportFileError):
        importers.answer_import_upload(
            actor=world.innovation_lead, round_=round_, file_name="x.csv", content=data
        )


def test_xlsx_upload_with_numbers_and_an_unmapped_column(world):
    from openpyxl import Workbook

    round_ = conditions_round(world)
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Enhet", "Roll", "str1", "extra"])
    sheet.append([101, world.units["unit"].name, "employee", 3.0, "z"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=buffer.getvalue(), filename="x.xlsx"
    )
    assert report.is_ok and report.encoding == "XLSX" and report.ignored_columns == ["extra"]
    assert Answer.objects.get(item__code="str1").value == 3


def test_a_bad_mapping_is_explained_on_the_form(world, client_for):
    round_ = conditions_round(world)
    client = client_for("innovation_lead")
    location = _upload(client, round_, _csv("x;y;z", ["1;2;3"]))["Location"]
    stored = AnswerImport.objects.get()
    assert stored.mapping == ["", "", ""]
    page = client.post(location, _mapping_post(stored)).content.decode()
    assert "respondent-id" in page and "minst en kolumn" in page
    twice = _mapping_post(stored, c0="respondent", c1="item:str1", c2="item:str1")
    assert "flera kolumner: str1" in client.post(location, twice).content.decode()
    wrong = _mapping_post(stored, c0="respondent", c1="item:nope")
    assert client.post(location, wrong).status_code == 200
    stored.refresh_from_db()
    assert stored.status == AnswerImport.Status.UPLOADED


def test_another_persons_import_is_not_found_and_an_expired_one_is_refused(world, client_for):
    round_ = conditions_round(world)
    data = _csv("respondent;str1", ["r1;3"])
    stored = importers.answer_import_upload(
        actor=world.innovation_lead, round_=round_, file_name="x.csv", content=data
    )
    url = reverse("surveys:round_import_map", args=[round_.pk, stored.pk])
    assert client_for("admin").get(url).status_code == 404
    stored.expires_at = timezone.now() - timedelta(minutes=1)
    stored.save()
    with pytest.raises(ValidationError, match="gått ut"):
        importers.answer_import_check(
            actor=world.innovation_lead, answer_import=stored, mapping=list(stored.mapping)
        )
    assert importers.answer_import_purge_expired() == 1
    stored.refresh_from_db()
    assert stored.status == AnswerImport.Status.EXPIRED and bytes(stored.content) == b""
    assert client_for("manager").get(url).status_code == 403


def test_apply_is_all_or_nothing(world, monkeypatch):
    round_ = conditions_round(world)
    unit = world.units["unit"].name
    rows = [f"r{i};{unit};medarbetare;3;4" for i in range(30)]
    stored = importers.answer_import_upload(
        actor=world.innovation_lead,
        round_=round_,
        file_name="x.csv",
        content=_csv("respondent;unit;audience;str1;str2", rows),
    )
    importers.answer_import_check(
        actor=world.innovation_lead, answer_import=stored, mapping=list(stored.mapping)
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Answer.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        importers.answer_import_apply(actor=world.innovation_lead, answer_import=stored)
    assert not Response.objects.filter(round=round_).exists()
    stored.refresh_from_db()
    assert stored.status == AnswerImport.Status.CHECKED


def test_open_answers_are_redacted_and_yes_no_words_read(world):
    round_ = conditions_round(world)
    from vardag.surveys.models import Item

    open_item = Item.objects.filter(version=round_.version, kind=Item.Kind.OPEN).first()
    if open_item is None:
        pytest.skip("the instrument has no open item")
    data = _csv(
        f"respondent;audience;str1;{open_item.code}",
        ["o1;chef;2;Ring Anna på 070-123 45 67, pnr 19811218-9876"],
    )
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=data, filename="x.csv"
    )
    assert report.is_ok, report.errors
    text = Answer.objects.get(item=open_item).text
    assert "070-123 45 67" not in text and "19811218-9876" not in text
    assert Response.objects.get(round=round_).audience == Audience.MANAGER


def test_daily_command_erases_expired_uploads(world):
    from django.core.management import call_command

    round_ = conditions_round(world)
    stored = importers.answer_import_upload(
        actor=world.innovation_lead, round_=round_, file_name="x.csv", content=b"id;str1\nr;3\n"
    )
    kept = importers.answer_import_upload(
        actor=world.innovation_lead, round_=round_, file_name="y.csv", content=b"id;str1\nq;3\n"
    )
    AnswerImport.objects.filter(pk=stored.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    out = io.StringIO()
    call_command("surveys_purge_imports", stdout=out)
    assert out.getvalue().startswith("1 expired")
    stored.refresh_from_db()
    kept.refresh_from_db()
    assert bytes(stored.content) == b"" and stored.status == AnswerImport.Status.EXPIRED
    assert bytes(kept.content) != b"" and kept.status == AnswerImport.Status.UPLOADED


def test_a_file_with_nul_characters_is_refused_as_not_text():
    rows = "".join(f"{n};3\r\n" for n in range(2, 600))  # the first 2 kB look like text
    text = f"id;T1\r\n{rows}1;\x003\r\n"
    for data in (text.encode(), text.encode("utf-16")):
        with pytest.raises(importers.ImportFileError, match="inte vara en textfil"):
            importers.read_table(data, "svar.csv")
