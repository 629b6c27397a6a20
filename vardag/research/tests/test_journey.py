"""The issue's "Done when", tried as a new user would, through the pages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from vardag.core.privacy import contains_valid_personnummer
from vardag.core.privacy.tests.numbers import make_number
from vardag.research import refi
from vardag.research.models import (
    Code,
    Excerpt,
    PseudonymEntry,
    PseudonymKeyRecord,
    Source,
    Study,
    StudyMember,
)
from vardag.research.tests.documents import docx, pdf
from vardag.research.tests.schema_shape import project_problems

pytestmark = pytest.mark.django_db

VTT = """WEBVTT

00:00:01.000 --> 00:00:05.000
<v Intervjuare>Vad hindrar nya idéer?</v>

00:00:05.500 --> 00:00:11.000
<v Karin>Tiden. Vi har aldrig tid att pröva något.</v>
"""


def _upload(client, study, **data):
    return client.post(reverse("research:source_add", args=[study.pk]), data)


def _review_payload(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)


def _save(client, study, response, **extra):
    data = {"payload": _review_payload(response), "action": "save"}
    body = response.content.decode()
    for i in re.findall(r'name="accept-(\d+)"[^>]*checked', body):
        data[f"accept-{i}"] = "on"
    data.update(extra)
    return client.post(reverse("research:source_review", args=[study.pk]), data)


def test_researcher_imports_reviews_codes_with_colleague_and_exchanges(world, client_for):
    import datetime

    number = make_number(datetime.date(1981, 12, 18), 987)
    researcher = client_for("researcher")
    response = researcher.post(
        reverse("research:study_create"),
        {"title": "Tid för innovation", "coding_visibility": "blind"},
    )
    study = Study.objects.get(title="Tid för innovation")
    assert response.status_code == 302
    researcher.post(
        reverse("research:member_add", args=[study.pk]),
        {"user": world.employee.username, "role": "coder"},
    )
    researcher.post(
        reverse("research:codebook_starter", args=[study.pk]), {"starter": "conditions"}
    )
    time_code = Code.objects.get(study=study, name="Tid")

    # 1. A .docx with a personnummer and a phone number: nothing is stored before review.
    file = SimpleUploadedFile(
        "intervju.docx",
        docx(
            [
                "Intervjuare: Berätta, Anna Lind.",
                f"Anna Lind: Mitt nummer är {number}, ring 070-123 45 67.",
            ]
        ),
    )
    review = _upload(
        researcher,
        study,
        file=file,
        title="Intervju 1",
        kind="transcript",
        speaker_role="employee",
        names="Anna Lind",
    )
    assert review.status_code == 200 and Source.objects.count() == 0
    body = review.content.decode()
    assert "Anna Lind" in body and "[telefon 1]" in body and "Alltid" in body
    saved = _save(researcher, study, review)
    assert saved.status_code == 302
    first = Source.objects.get(title="Intervju 1")
    assert number not in first.text and "070-123 45 67" not in first.text
    assert "Anna Lind" not in first.text and "Person 1" in first.text
    assert not contains_valid_personnummer(first.text)

    # 2. A .vtt, 3. pasted text: the same person gets the same pseudonym.
    review = _upload(
        researcher,
        study,
        file=SimpleUploadedFile("fg.vtt", VTT.encode()),
        title="Fokusgrupp",
        kind="transcript",
        names="Karin\nAnna Lind",
    )
    _save(researcher, study, review)
    vtt = Source.objects.get(title="Fokusgrupp")
    assert "Karin" not in vtt.text and vtt.cues[1]["speaker"].startswith("Person")
    assert vtt.text[vtt.cues[1]["offset"] :].startswith("Tiden.")
    review = _upload(
        researcher,
        study,
        pasted="Anna Lind sa att tiden inte räcker.",
        title="Anteckning",
        kind="notes",
        names="Anna Lind",
    )
    _save(researcher, study, review)
    pasted = Source.objects.get(title="Anteckning")
    assert pasted.text.startswith("Person 1 sa")

    # The key: the owner sees it, the coder does not, and it is not in the texts' table.
    key_url = reverse("research:key", args=[study.pk])
    assert "Anna Lind".casefold() in researcher.get(key_url).content.decode().casefold()
    coder = client_for("employee")
    assert coder.get(key_url).status_code == 403
    assert PseudonymKeyRecord.objects.filter(study=study).exists()
    assert PseudonymEntry.objects.filter(study=study, original="anna lind").exists()

    # Coding by keyboard form: the researcher and the colleague code paragraph 2 of the vtt.
    source_url = reverse("research:source", args=[vtt.pk])
    page = researcher.get(source_url).content.decode()
    assert 'id="p-2"' in page
    researcher.post(source_url, {"codes": [time_code.pk], "first_paragraph": 2})
    coder.post(
        source_url, {"codes": [time_code.pk], "start": vtt.cues[1]["offset"], "end": len(vtt.text)}
    )
    assert Excerpt.objects.filter(source=vtt).count() == 2
    # Blind: the colleague sees only their own coding.
    coder_page = coder.get(source_url).content.decode()
    assert coder_page.count("/utdrag/") == 1
    assert researcher.get(source_url).content.decode().count("/utdrag/") == 2

    # Kappa per code.
    agreement = researcher.get(
        reverse("research:agreement", args=[study.pk]),
        {"coder_a": world.researcher.pk, "coder_b": world.employee.pk},
    )
    assert agreement.status_code == 200
    assert re.search(r"<th scope=\"row\">Tid</th><td>0[.,]\d\d</td>", agreement.content.decode())

    # Theme → condition.
    response = researcher.post(
        reverse("research:theme_create", args=[study.pk]),
        {
            "name": "Tidsbrist",
            "codes": [time_code.pk],
            "condition_kind": "barrier",
            "condition_level": "organisation",
        },
    )
    assert response.status_code == 302
    theme_page = researcher.get(response["Location"]).content.decode()
    assert "Hinder" in theme_page and "Tiden." in theme_page

    # Export .qdpx: schema shape, and a re-import gives the same project.
    export = researcher.get(reverse("research:project_export", args=[study.pk]))
    data = b"".join(export.streaming_content) if export.streaming else export.content
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert project_problems(archive.read("project.qde")) == []
    original = refi.read_project(data)
    response = researcher.post(
        reverse("research:project_import"), {"file": SimpleUploadedFile("s.qdpx", data)}
    )
    assert response.status_code == 302
    imported = Study.objects.exclude(pk=study.pk).get(title="Tid för innovation")
    from vardag.research.services import study_as_refi

    again = study_as_refi(imported)
    assert [c.name for c in refi.all_codes(again.codes)] == [
        c.name for c in refi.all_codes(original.codes)
    ]
    assert sorted((s.name, s.text) for s in again.sources) == sorted(
        (s.name, s.text) for s in original.sources
    )
    assert sorted((s.name, c.start, c.end) for s in again.sources for c in s.codings) == sorted(
        (s.name, c.start, c.end) for s in original.sources for c in s.codings
    )


def _study(world):
    study = Study.objects.create(organisation=world.org, owner=world.researcher, title="S")
    return study


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("trasig.docx", b"PK\x03\x04garbage", "skadad"),
        ("skannad.pdf", pdf(None), "textlager"),
    ],
)
def test_bad_uploads_show_a_message_and_store_nothing(world, client_for, name, data, message):
    study = _study(world)
    response = _upload(
        client_for("researcher"),
        study,
        file=SimpleUploadedFile(name, data),
        title="X",
        kind="transcript",
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Source.objects.count() == 0


@override_settings(MAX_UPLOAD_BYTES=2048)
def test_too_large_upload(world, client_for):
    # Stands in for a 200 MB file: the limit is MAX_UPLOAD_BYTES, whatever its value.
    study = _study(world)
    response = _upload(
        client_for("researcher"),
        study,
        file=SimpleUploadedFile("stor.txt", b"a" * 4096),
        title="X",
        kind="transcript",
    )
    assert "för stor" in response.content.decode()
    assert Source.objects.count() == 0


def test_qdpx_with_missing_source_file_imports_nothing(world, client_for):
    project = refi.RefiProject(
        name="Trasig",
        sources=[refi.RefiSource("00000000-0000-4000-8000-000000000001", "K", "text")],
    )
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", refi.project_xml(project))
    response = client_for("researcher").post(
        reverse("research:project_import"),
        {"file": SimpleUploadedFile("t.qdpx", buffer.getvalue())},
    )
    assert response.status_code == 200
    assert "saknar källfilen" in response.content.decode()
    assert Study.objects.count() == 0


def test_a_reader_cannot_code_and_a_coder_cannot_manage(world, client_for):
    study = _study(world)
    StudyMember.objects.create(study=study, user=world.employee, role="reader")
    StudyMember.objects.create(study=study, user=world.manager, role="coder")
    source = Source.objects.create(study=study, title="K", text="Ett stycke.")
    code = Code.objects.create(study=study, name="A")
    reader = client_for("employee")
    response = reader.post(
        reverse("research:source", args=[source.pk]), {"codes": [code.pk], "first_paragraph": 1}
    )
    assert response.status_code == 403
    manager = client_for("manager")
    assert (
        manager.post(
            reverse("research:codebook", args=[study.pk]), {"name": "B", "colour": "#000000"}
        ).status_code
        == 403
    )
    assert (
        manager.post(
            reverse("research:source", args=[source.pk]), {"codes": [code.pk], "first_paragraph": 1}
        ).status_code
        == 302
    )
    assert (
        client_for("principal").get(reverse("research:study", args=[study.pk])).status_code == 404
    )


def test_memos_on_source_excerpt_and_code(world, client_for):
    study = _study(world)
    source = Source.objects.create(study=study, title="K", text="Ett stycke om tid.")
    code = Code.objects.create(study=study, name="Tid")
    excerpt = Excerpt.objects.create(
        source=source, code=code, coder=world.researcher, start=0, end=10
    )
    client = client_for("researcher")
    url = reverse("research:memo_add", args=[study.pk])
    client.post(url, {"source": source.pk, "excerpt": excerpt.pk, "text": "Om utdraget"})
    import datetime

    number = make_number(datetime.date(1981, 12, 18), 987)
    client.post(url, {"code": code.pk, "text": f"Om koden {number}"})
    page = client.get(reverse("research:source", args=[source.pk])).content.decode()
    assert "Om utdraget" in page and "Tid: ”Ett stycke" in page
    code_page = client.get(reverse("research:code", args=[code.pk])).content.decode()
    assert "Om koden" in code_page
    memo = study.memos.get(code=code).text
    assert memo.startswith("Om koden") and number not in memo


def test_key_page_names_kinds_in_the_users_language(world, client_for):
    study = _study(world)
    PseudonymEntry.objects.create(
        study=study, kind="name", original="anna lind", pseudonym="Person 1"
    )
    page = client_for("researcher").get(reverse("research:key", args=[study.pk])).content.decode()
    assert "<td>Person 1</td><td>Namn</td><td>anna lind</td>" in page


def test_source_attributes_can_be_changed_and_the_source_deleted(world, client_for):
    import datetime

    study = _study(world)
    source = Source.objects.create(study=study, title="K", text="Text.")
    client = client_for("researcher")
    number = make_number(datetime.date(1975, 3, 3), 456)
    response = client.post(
        reverse("research:source_edit", args=[source.pk]),
        {"title": f"Intervju {number}", "kind": "notes", "speaker_role": "unit_manager"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.kind == "notes" and source.speaker_role == "unit_manager"
    assert number not in source.title
    assert (
        client_for("employee").post(reverse("research:source_delete", args=[source.pk])).status_code
        == 404
    )
    client.post(reverse("research:source_delete", args=[source.pk]))
    assert not Source.objects.filter(pk=source.pk).exists()


def test_sticky_notes_are_pasted_redacted_and_clustered(world, client_for):
    import datetime

    from vardag.research.models import Activity, StickyNote

    study = _study(world)
    activity = Activity.objects.create(study=study, kind="workshop", title="W")
    number = make_number(datetime.date(1990, 1, 2), 111)
    client = client_for("researcher")
    client.post(
        reverse("research:notes_add", args=[activity.pk]),
        {"lines": f"- Mer tid\n\n• Ring mig {number}\nFråga familjerna", "cluster": "Tid"},
    )
    notes = list(StickyNote.objects.order_by("id"))
    assert [n.text for n in notes][0] == "Mer tid" and len(notes) == 3
    assert number not in notes[1].text
    client.post(
        reverse("research:notes_cluster", args=[activity.pk]),
        {"note": [notes[2].pk], "cluster": "Användarna"},
    )
    page = client.get(reverse("research:activity", args=[activity.pk])).content.decode()
    assert "Användarna (1)" in page and "Tid (2)" in page


def test_excerpt_exports_escape_formulas(world, client_for):
    import io

    from openpyxl import load_workbook

    study = _study(world)
    source = Source.objects.create(study=study, title="=HYPERLINK(1)", text="=1+1 är text")
    code = Code.objects.create(study=study, name="Kod")
    Excerpt.objects.create(source=source, code=code, coder=world.researcher, start=0, end=4)
    client = client_for("researcher")
    csv_body = client.get(
        reverse("research:excerpts_export", args=[study.pk, "csv"])
    ).content.decode()
    assert (
        csv_body.startswith("\ufeffKod;Källa")
        and "'=HYPERLINK(1)" in csv_body
        and "'=1+1" in csv_body
    )
    xlsx = client.get(reverse("research:excerpts_export", args=[study.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["B2"].value == "'=HYPERLINK(1)" and sheet["F2"].value == "'=1+1"
    assert (
        client.get(reverse("research:excerpts_export", args=[study.pk, "pdf"])).status_code == 404
    )


def test_expired_review_asks_to_read_the_file_again(world, client_for):
    study = _study(world)
    response = client_for("researcher").post(
        reverse("research:source_review", args=[study.pk]), {"payload": "tampered"}, follow=True
    )
    assert "Läs in filen igen" in response.content.decode()


def test_a_theme_becomes_an_insight_on_an_idea(world, client_for):
    from django.apps import apps

    study = _study(world)
    source = Source.objects.create(
        study=study, title="Intervju", text="Vi har aldrig tid att pröva."
    )
    code = Code.objects.create(study=study, name="Tid")
    Excerpt.objects.create(source=source, code=code, coder=world.researcher, start=0, end=28)
    theme = study.themes.create(name="Tidsbrist")
    theme.codes.add(code)
    # Ideas sit above research: made through the registry, as the app itself reads them.
    Idea = apps.get_model("ideas", "Idea")
    idea = Idea.objects.create(
        organisation=world.org,
        title="Utvecklingstid",
        unit=world.units["unit"],
        initiator=world.employee,
        state="submitted",
    )
    draft = Idea.objects.create(
        organisation=world.org,
        title="Någon annans utkast",
        unit=world.units["unit"],
        initiator=world.employee,
        state="draft",
    )
    own_draft = Idea.objects.create(
        organisation=world.org,
        title="Mitt eget utkast",
        unit=world.units["unit"],
        initiator=world.researcher,
        state="draft",
    )
    client = client_for("researcher")
    page = client.get(reverse("research:theme", args=[theme.pk])).content.decode()
    assert "Utvecklingstid" in page  # the idea can be chosen
    assert "Mitt eget utkast" in page and own_draft.pk
    assert "Någon annans utkast" not in page  # another person's draft is not offered ...
    refused = client.post(
        reverse("research:theme_insight", args=[theme.pk]),
        {
            "statement": "S",
            "evidence": "indication",
            "perspective": "professional",
            "idea": draft.pk,
        },
        follow=True,
    )
    assert refused.status_code == 200 and "giltigt" in refused.content.decode()  # ... nor taken
    theme.refresh_from_db()
    assert theme.insight is None
    response = client.post(
        reverse("research:theme_insight", args=[theme.pk]),
        {
            "statement": "Tid saknas för utveckling",
            "evidence": "indication",
            "perspective": "professional",
            "idea": idea.pk,
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    insight = theme.insight
    assert insight.statement == "Tid saknas för utveckling"
    assert "”Vi har aldrig tid att pröva.” (Intervju; Tid)" in insight.other_sources
    link = apps.get_model("participation", "SubjectLink").objects.get(insight=insight)
    assert (link.subject_type, link.subject_id) == ("ideas.idea", idea.pk)
    assert (
        "Tid saknas för utveckling"
        in client.get(reverse("research:theme", args=[theme.pk])).content.decode()
    )


def test_the_default_save_leaves_no_listed_or_detected_name_in_clear(world, client_for):
    """Issue 12 item 17: what the researcher listed (comma-separated too), common first names
    with their surnames, and a personnummer with a wrong check digit are all pre-selected."""
    import datetime

    typo = make_number(datetime.date(1981, 12, 18), 987)
    typo = typo[:-1] + str((int(typo[-1]) + 1) % 10)
    study = _study(world)
    researcher = client_for("researcher")
    text = (
        f"Intervjuare: Hej Sven Ek, ring 070-765 43 21. Sven: Karin Berg sa att Berg inte hinner. "
        f"Mitt nummer är {typo}. Olle Åkesson kom sent."
    )
    review = _upload(
        researcher,
        study,
        pasted=text,
        title="Samtal",
        kind="notes",
        names="Sven Ek, 070-765 43 21; Olle Åkesson",
    )
    body = review.content.decode()
    boxes = re.findall(r'<input type="checkbox" name="accept-\d+"[^>]*>', body)
    assert boxes and all("checked" in box for box in boxes)
    assert _save(researcher, study, review).status_code == 302
    stored = Source.objects.get(title="Samtal").text
    for clear in ("Sven", "Ek", "070-765", "Karin", "Berg", typo, "Olle", "Åkesson"):
        assert clear not in stored, clear


def test_names_added_on_the_review_page_are_searched_before_saving(world, client_for):
    study = _study(world)
    researcher = client_for("researcher")
    review = _upload(researcher, study, pasted="Vi träffade Zlatan igår.", title="A", kind="notes")
    assert "Zlatan" in review.content.decode()
    # The researcher adds the name on the review page and presses the default "Spara".
    again = _save(researcher, study, review, names="Zlatan")
    assert again.status_code == 200 and Source.objects.count() == 0
    assert "Namnlistan har ändrats" in again.content.decode()
    assert _save(researcher, study, again, names="Zlatan").status_code == 302
    assert Source.objects.get(title="A").text == "Vi träffade Person 1 igår."
