"""The records trail and the event log in words; the retention rule form's English labels."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from vardag.records import services
from vardag.records.tests import factories as f

pytestmark = pytest.mark.django_db

REFERENCE = "Kommunstyrelsen 2025-01-20 § 7"


def _english(client, url):
    client.cookies["django_language"] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "sv"
    return page


def _cells(page: str) -> list[str]:
    """The trail's "details" cells as text, one line per list item."""
    cells = re.findall(r"<td><ul>(.*?)</ul></td>", page, re.S)
    return [
        " | ".join(
            html.unescape(re.sub(r"<[^>]+>", "", item))
            for item in re.findall(r"<li>(.*?)</li>", cell, re.S)
        )
        for cell in cells
    ]


@pytest.fixture
def trail_events(world):
    rule = services.retention_rule_save(
        actor=world.admin,
        kind="notifications",
        months=12,
        action="remove",
        decision_reference=REFERENCE,
    )
    note = f.notification(world, world.manager)
    f.age(type(note), note.pk, "created_at", timezone.now() - timedelta(days=800))
    services.retention_run()
    f.draft(world, "Utkast")
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=world.employee
    )
    return {"rule": rule, "request": request}


def test_the_trail_reads_as_sentences_in_both_languages(world, client_for, trail_events):
    admin = client_for("admin")
    url = reverse("records:trail")
    page = admin.get(url).content.decode()
    for raw in ("{'", "counts:", "erase:", "is_public_record", "ideas.Idea", "osl_26_1"):
        assert raw not in html.unescape(page), raw
    cells = _cells(page)
    assert any("Aviseringar: 1" in cell for cell in cells)  # retention.run, per kind
    applied = next(cell for cell in cells if REFERENCE in cell and "Antal: 1" in cell)
    assert "Slag av uppgift: Aviseringar" in applied and "Allmän handling: nej" in applied
    assert "Åtgärd: Gallra (ta bort)" in applied
    person = world.employee
    unit = person.memberships.get().unit.name
    request_url = reverse(
        "records:erasure_detail", kwargs={"request_id": trail_events["request"].pk}
    )
    assert f'<a href="{request_url}">' in page
    label = f"Begäran från {person.get_full_name()} – {unit} – {person.username}"
    assert label in html.unescape(page)
    reviewed = next(cell for cell in cells if label in cell)
    assert "Raderas: Idéer: 1" in reviewed and "Finns kvar:" in reviewed

    english = _english(admin, url)
    cells = _cells(english)
    assert any("Notifications: 1" in cell for cell in cells)
    applied = next(cell for cell in cells if REFERENCE in cell and "Number: 1" in cell)
    assert "Kind of record: Notifications" in applied and "Public record: no" in applied
    assert f"Request from {person.get_full_name()}" in html.unescape(english)
    assert "Slag av uppgift" not in english


def test_masking_decisions_in_the_trail_name_the_ground_in_words(world, client_for):
    from vardag.ideas.tests.factories import make_idea

    idea = make_idea(world, title="Sms", summary="Kortare väntan.\n\nUppgift om en familj.")
    disclosure = services.disclosure_start(
        actor=world.admin, document_type="idea", document_id=idea.pk, received_on=date(2026, 12, 3)
    )
    services.disclosure_decide(
        actor=world.admin,
        disclosure=disclosure,
        masks={"idea.summary:2": "osl_26_1"},
        note="Enskilds förhållanden.",
    )
    page = html.unescape(client_for("admin").get(reverse("records:trail")).content.decode())
    assert "med stöd av OSL 26 kap. 1 § (socialtjänst)" in page
    assert "Motivering: Enskilds förhållanden." in page
    assert "'ground'" not in page


def test_event_log_names_the_retention_rule_for_admins_only(world, client_for, trail_events):
    rule = trail_events["rule"]
    admin = client_for("admin")
    page = html.unescape(admin.get(reverse("shell:audit_log")).content.decode())
    assert f"Gallringsregel: nr {rule.pk}" not in page
    assert f"Aviseringar, 12 mån., enligt {REFERENCE}" in page
    assert reverse("records:rule_edit", kwargs={"rule_id": rule.pk}) in page
    assert "Systemet (automatiskt jobb)" in page
    english = html.unescape(_english(admin, reverse("shell:audit_log")))
    assert "The system (automatic job)" in english


def test_rule_form_labels_in_english(world, client_for, trail_events):
    admin = client_for("admin")
    url = reverse("records:rule_edit", kwargs={"rule_id": trail_events["rule"].pk})
    swedish = admin.get(url).content.decode()
    assert re.search(r"<label[^>]*>\s*Åtgärd", swedish) and re.search(
        r"<label[^>]*>\s*Gäller", swedish
    )
    english = _english(admin, url)
    assert re.search(r"<label[^>]*>\s*Action", english), "Åtgärd"
    assert re.search(r"<label[^>]*>\s*In force", english), "Gäller"
    assert "Mitigation" not in english and "Concerns" not in english
    home = _english(admin, reverse("records:home"))
    assert ">Action<" in home and ">In force<" in home
    erasures = _english(admin, reverse("records:erasure_list"))
    assert ">Concerns<" in erasures  # the person a request concerns: the other sense


ARROW = '<span aria-hidden="true">→</span><span class="visually-hidden">{word}</span>'


def test_a_changed_rule_reads_old_to_new_without_the_arrow_for_screen_readers(
    world, client_for, trail_events
):
    """A rule's change is "old → new" to the eye and "old till new" to a screen reader, by the
    same snippet as a unit's history (tryout finding: the arrow was read aloud)."""
    services.retention_rule_save(
        actor=world.admin,
        kind="notifications",
        months=24,
        action="remove",
        decision_reference=REFERENCE,
        rule=trail_events["rule"],
    )
    admin = client_for("admin")
    url = reverse("records:trail")
    page = admin.get(url).content.decode()
    changed = next(
        cell for cell in re.findall(r"<td><ul>(.*?)</ul></td>", page, re.S) if "24" in cell
    )
    assert f"12 {ARROW.format(word='till')} 24" in changed, changed
    assert "→" not in re.sub(r'<span aria-hidden="true">→</span>', "", page)
    assert f"12 {ARROW.format(word='to')} 24" in _english(admin, url)


def test_a_rule_change_shows_old_to_new_and_creation_reads_as_creation(world, client_for):
    """Tryout finding: a rule changed from 24 to 18 months read "Gallringsregeln sparades …
    Bevaras i månader: 18" (the edit form had set the new value before the service read the old
    one), and adding a rule read the same. Now an edit shows only what changed, old → new."""
    rule = services.retention_rule_save(
        actor=world.admin,
        kind="notifications",
        months=24,
        action="remove",
        decision_reference=REFERENCE,
    )
    admin = client_for("admin")
    edit = reverse("records:rule_edit", args=[rule.pk])
    response = admin.post(
        edit,
        {
            "kind": "notifications",
            "months": "18",
            "action": "remove",
            "decision_reference": REFERENCE,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    url = reverse("records:trail")
    page = admin.get(url).content.decode()
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "Gallringsregeln lades till" in text and "Gallringsregeln ändrades" in text
    changed, added = _cells(page)[:2]  # newest first
    assert changed == ("Slag av uppgift: Aviseringar | Bevaras i månader: 24 →till 18")
    assert "→" not in added and "Bevaras i månader: 24" in added and REFERENCE in added
    assert '24 <span aria-hidden="true">→</span>' in page
    english = _cells(_english(admin, url))[0]
    assert english == "Kind of record: Notifications | Kept for months: 24 →to 18"


def test_a_disclosure_names_its_document_and_masked_parts_in_the_readers_language(
    world, client_for
):
    """Tryout finding: "Begäran om utlämnande registrerades: Handling: Idé, Nummer: 10", "Delar i
    handlingen: 49" and, on the English page, "Masked: Användarens situation och mål" (the
    part's label stored in Swedish). Now the idea's title, a sentence, and the part named from
    its stored key in the reader's language."""
    from vardag.ideas.tests.factories import make_idea

    idea = make_idea(world, title="Sms-påminnelser", user_situation="Familjen X.\n\nMer om dem.")
    disclosure = services.disclosure_start(
        actor=world.admin, document_type="idea", document_id=idea.pk, received_on=date(2026, 12, 3)
    )
    services.disclosure_decide(
        actor=world.admin,
        disclosure=disclosure,
        masks={"idea.user_situation:2": "osl_26_1"},
        note="Enskilds förhållanden.",
    )
    admin = client_for("admin")
    url = reverse("records:trail")
    page = admin.get(url).content.decode()
    decided, requested = _cells(page)[:2]
    assert requested == "Handling: Idé: Sms-påminnelser"
    link = reverse("records:disclosure_detail", kwargs={"disclosure_id": disclosure.pk})
    assert f'<a href="{link}">Handling: Idé: Sms-påminnelser</a>' in page
    assert "Nummer:" not in page and "Delar i handlingen" not in page
    parts = len(services.documents.load("idea", idea.pk, world.org.pk).parts)
    assert decided.split(" | ")[1:3] == [
        "Maskeras: Användarens situation och mål, stycke 2, med stöd av "
        "OSL 26 kap. 1 § (socialtjänst)",
        f"1 av handlingens {parts} delar maskeras",
    ]
    english = _cells(_english(admin, url))
    assert english[1] == "Document: Idea: Sms-påminnelser"
    assert english[0].split(" | ")[1:3] == [
        "Masked: The user's situation and goals, paragraph 2, under "
        "OSL chapter 26 section 1 (social services)",
        f"1 of the document's {parts} parts masked",
    ]
