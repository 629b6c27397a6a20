"""Disclosure of public documents with secrecy masking (issue 14 item 12): the masked text is
not in the PDF's bytes, decompressed or extracted, and the masking decision is recorded."""

from __future__ import annotations

import io
import zlib
from datetime import date, timedelta

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from vardag.core.models import AuditEvent
from vardag.forums.models import DecisionType
from vardag.ideas import services as ideas
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance, make_idea
from vardag.meetings.models import AgendaItem
from vardag.meetings.tests.factories import services_series
from vardag.records import documents, services
from vardag.records.models import DisclosureMask

pytestmark = pytest.mark.django_db

SECRET = "Familjen Svensson på Lönnvägen 7 har en pågående utredning om missbruk"
OPEN_TEXT = "Väntetiden för familjer ska kortas med sms-påminnelser"


def pdf_texts(pdf: bytes) -> tuple[str, bytes]:
    """The text a reader extracts, and every content stream decompressed."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    raw = b""
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            raw += contents.get_data()
    return text, raw


def _secret_absent(pdf: bytes, secret: str) -> None:
    text, streams = pdf_texts(pdf)
    for word in ("Svensson", "Lönnvägen", "missbruk"):
        assert word not in text
        assert word.encode() not in pdf and word.encode("utf-16-be") not in pdf
        assert word.encode() not in streams
    # Compressed streams are searched too: inflate every FlateDecode object in the file.
    for start in range(len(pdf)):
        if pdf[start : start + 2] in (b"x\x9c", b"x\xda"):
            try:
                inflated = zlib.decompressobj().decompress(pdf[start : start + 200_000])
            except zlib.error:
                continue
            assert b"Svensson" not in inflated and "Svensson".encode("utf-16-be") not in inflated


@pytest.fixture
def idea(world):
    made = make_idea(world, title="Sms-påminnelser", summary=f"{OPEN_TEXT}.\n\n{SECRET}.")
    ideas.comment_add(actor=world.manager, idea=made, body="Bra förslag, ta upp på APT.")
    return made


def _parts(document):
    return {part.text: part.key for part in document.parts}


def test_idea_is_split_into_maskable_paragraphs(world, idea):
    document = documents.load("idea", idea.pk, world.org.pk)
    keys = _parts(document)
    assert keys[f"{SECRET}."] == "idea.summary:2" and keys[f"{OPEN_TEXT}."] == "idea.summary:1"
    assert "Bra förslag, ta upp på APT." in keys
    assert documents.load("idea", idea.pk, world.foreign.organisation_id) is None
    draft = make_idea(world, title="Utkast", submit=False)
    assert documents.load("idea", draft.pk, world.org.pk) is None  # not a public document


def test_masked_part_is_not_in_the_pdf_and_the_decision_is_recorded(world, idea, client_for):
    admin = client_for("admin")
    disclosure = services.disclosure_start(
        actor=world.admin, document_type="idea", document_id=idea.pk, received_on=date(2026, 12, 3)
    )
    page = admin.get(reverse("records:disclosure_detail", kwargs={"disclosure_id": disclosure.pk}))
    body = page.content.decode()
    assert SECRET in body  # the reviewer sees everything
    document = documents.load("idea", idea.pk, world.org.pk)
    index = [p.key for p in document.parts].index("idea.summary:2")
    response = admin.post(
        reverse("records:disclosure_detail", kwargs={"disclosure_id": disclosure.pk}),
        {f"part_{index}": "osl_26_1", "note": "Uppgift om enskilds personliga förhållanden."},
    )
    assert response.status_code == 302
    mask = DisclosureMask.objects.get(disclosure=disclosure)
    assert (mask.part_key, mask.ground) == ("idea.summary:2", "osl_26_1")
    assert "Svensson" not in mask.part_label  # the record names the part, never its text
    decided = AuditEvent.objects.get(action="disclosure.masking_decided")
    assert decided.actor == world.admin
    assert decided.data["masks"] == [
        {"part": "idea.summary:2", "label": mask.part_label, "ground": "osl_26_1"}
    ]
    assert "Svensson" not in str(decided.data)

    pdf = admin.post(
        reverse("records:disclosure_pdf", kwargs={"disclosure_id": disclosure.pk})
    ).content
    assert pdf.startswith(b"%PDF")
    text, _streams = pdf_texts(pdf)
    assert "sms-påminnelser" in text  # what is disclosed is there, so extraction works
    assert "OSL 26 kap. 1 §" in text
    _secret_absent(pdf, SECRET)
    assert AuditEvent.objects.filter(action="disclosure.exported", actor=world.admin).count() == 1


def test_unmasked_pdf_does_contain_the_text(world, idea, client_for):
    """Guards the test above: the same check finds the text when nothing is masked."""
    disclosure = services.disclosure_start(
        actor=world.admin, document_type="idea", document_id=idea.pk, received_on=date(2026, 12, 3)
    )
    services.disclosure_decide(actor=world.admin, disclosure=disclosure, masks={})
    pdf = (
        client_for("admin")
        .post(reverse("records:disclosure_pdf", kwargs={"disclosure_id": disclosure.pk}))
        .content
    )
    text, _streams = pdf_texts(pdf)
    assert "Svensson" in text


def test_decision_document_and_refusals(world):
    gov = governance(world)
    idea = make_idea(world, title="Läxhjälp")
    decision = ideas.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=DecisionType.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            rationale=f"Vi prövar idén.\n\n{SECRET}.",
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    disclosure = services.disclosure_start(
        actor=world.admin,
        document_type="decision",
        document_id=decision.pk,
        received_on=date(2026, 12, 3),
    )
    keys = _parts(documents.load("decision", decision.pk, world.org.pk))
    secret_key = keys[f"{SECRET}."]
    with pytest.raises(ValidationError):  # a mask needs a reason
        services.disclosure_decide(
            actor=world.admin, disclosure=disclosure, masks={secret_key: "osl_26_1"}
        )
    with pytest.raises(ValidationError):  # a ground from the list
        services.disclosure_decide(
            actor=world.admin, disclosure=disclosure, masks={secret_key: "osl_99"}, note="x"
        )
    with pytest.raises(ValidationError):
        services.disclosure_decide(
            actor=world.admin, disclosure=disclosure, masks={"idea.nothing:1": "osl_26_1"}, note="x"
        )
    with pytest.raises(PermissionDenied):
        services.disclosure_decide(actor=world.manager, disclosure=disclosure, masks={})
    with pytest.raises(ValidationError):  # another organisation's document
        services.disclosure_start(
            actor=world.foreign,
            document_type="decision",
            document_id=decision.pk,
            received_on=date(2026, 12, 3),
        )


def test_protocol_masking_removes_item_title_and_notes(world, client_for):
    series = services_series(world, governance(world), count=1)
    meeting = series.meetings.get()
    secret_title = "Orosanmälan gällande Svensson"
    AgendaItem.objects.create(
        meeting=meeting,
        organisation=world.org,
        title=secret_title,
        paragraph=4,
        notes=f"Diskuterades.\n\n{SECRET}.",
    )
    AgendaItem.objects.create(
        meeting=meeting, organisation=world.org, title="Sms-påminnelser", paragraph=5
    )
    disclosure = services.disclosure_start(
        actor=world.admin,
        document_type="protocol",
        document_id=meeting.pk,
        received_on=date(2026, 12, 3),
    )
    keys = _parts(documents.load("protocol", meeting.pk, world.org.pk))
    services.disclosure_decide(
        actor=world.admin,
        disclosure=disclosure,
        masks={keys[secret_title]: "osl_26_1", keys[f"{SECRET}."]: "osl_26_1"},
        note="Enskilds personliga förhållanden inom socialtjänsten.",
    )
    pdf = (
        client_for("admin")
        .post(reverse("records:disclosure_pdf", kwargs={"disclosure_id": disclosure.pk}))
        .content
    )
    text, _streams = pdf_texts(pdf)
    assert "§ 4" in text and "Sms-påminnelser" in text and "Diskuterades." in text
    assert "Orosanmälan" not in text
    _secret_absent(pdf, SECRET)


RATIONALE = "Drop-in ingår nu i enhetens ordinarie verksamhet."


def _absent_everywhere(pdf: bytes, phrases: list[str]) -> None:
    """Not in the extracted text, the raw bytes, the page streams or any inflated stream."""
    text, streams = pdf_texts(pdf)
    flat = " ".join(text.split())
    inflated_all = b""
    for start in range(len(pdf)):
        if pdf[start : start + 2] in (b"x\x9c", b"x\xda"):
            try:
                inflated_all += zlib.decompressobj().decompress(pdf[start : start + 200_000])
            except zlib.error:
                continue
    for phrase in phrases:
        assert phrase not in flat
        for encoded in (phrase.encode(), phrase.encode("utf-16-be")):
            assert encoded not in pdf and encoded not in streams and encoded not in inflated_all


def test_masked_rationale_quoted_in_feedback_and_timeline_is_not_in_the_pdf(world, client_for):
    gov = governance(world)
    idea = make_idea(world, title="Drop-in för föräldrar")
    decision = ideas.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=DecisionType.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            rationale=RATIONALE,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    document = documents.load("idea", idea.pk, world.org.pk)
    quoting = [
        p for p in document.parts if RATIONALE in p.text and not p.key.startswith("decision")
    ]
    # The feedback quotes the rationale word for word, and the timeline repeats the feedback:
    # each of them is a part of its own, one line each, so a reviewer can mask them too.
    assert {p.key.split(".")[0] for p in quoting} == {"feedback", "event"}
    assert all(p.text == f"Motivering: {RATIONALE}" for p in quoting)
    disclosure = services.disclosure_start(
        actor=world.admin, document_type="idea", document_id=idea.pk, received_on=date(2026, 12, 3)
    )
    rationale_key = f"decision.{decision.pk}.rationale:1"
    admin = client_for("admin")
    index = [p.key for p in document.parts].index(rationale_key)
    response = admin.post(
        reverse("records:disclosure_detail", kwargs={"disclosure_id": disclosure.pk}),
        {f"part_{index}": "osl_26_1", "note": "Uppgift om enskilds förhållanden."},
    )
    assert response.status_code == 302
    assert list(DisclosureMask.objects.filter(disclosure=disclosure).values_list("part_key")) == [
        (rationale_key,)
    ]
    page = admin.get(
        reverse("records:disclosure_detail", kwargs={"disclosure_id": disclosure.pk})
    ).content.decode()
    assert page.count("Citerar en maskerad del") == len(quoting)  # the reviewer is told
    pdf = admin.post(
        reverse("records:disclosure_pdf", kwargs={"disclosure_id": disclosure.pk})
    ).content
    text, _streams = pdf_texts(pdf)
    assert "Drop-in för föräldrar" in text  # what is disclosed is there
    assert "Motivering:" in text  # the quoting feedback is disclosed, without the quotation
    _absent_everywhere(pdf, [RATIONALE, "ordinarie verksamhet", "enhetens ordinarie"])


def test_scrub_replaces_sentences_of_a_masked_paragraph():
    note = "[X]"
    masked_text = "Anna bor på Lönnvägen 7. Hon har två barn!"
    text, changed = documents.scrub(
        "Vi noterar att anna  bor på\nLönnvägen 7 och att hon har två barn. Resten är öppet.",
        [(masked_text, note)],
    )
    assert changed
    assert text == "Vi noterar att [X] och att [X]. Resten är öppet."
    untouched, changed = documents.scrub("Annas barn bor inte här.", [(masked_text, note)])
    assert (untouched, changed) == ("Annas barn bor inte här.", False)
