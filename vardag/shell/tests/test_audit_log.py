"""The event log in words (tryout finding): actions as labels from the one registry
(`core.audit_labels`), in the page and its filter; objects as their kind and name, linked where
the reader may open them; a key from older data readable; one query per kind of object."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import transaction
from django.urls import reverse

from vardag.core import audit
from vardag.core.models import AuditEvent
from vardag.core.testing import assert_constant_queries
from vardag.ideas.tests.factories import make_idea
from vardag.research.tests.factories import make_study

pytestmark = pytest.mark.django_db
URL = reverse("shell:audit_log")


def _record(actor, action, target, **data):
    with transaction.atomic():
        return audit.record(actor, action, target=target, data=data)


def _rows(html: str) -> list[list[str]]:
    """The log table's cells, as text, row by row."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", r)
        ]
        for r in rows
    ]


def _page(client, language: str, **params) -> str:
    client.cookies["django_language"] = language
    return client.get(URL, params).content.decode()


def test_actions_and_objects_are_words_with_links_in_swedish_and_english(world, client_for):
    unit = world.units["unit"]
    _record(world.admin, "unit.renamed", unit, name=["Mottagningen", unit.name])
    client = client_for("admin")
    html = _page(client, "sv")
    assert _rows(html)[0][2:] == ["Enheten bytte namn", "Enhet: Mottagningsenheten"]
    link = reverse("orgadmin:unit_detail", args=[unit.pk])
    assert f'<a href="{link}">Enhet: Mottagningsenheten</a>' in html
    assert "unit.renamed" not in html.split("<tbody>", 1)[1]
    assert "core.unit" not in html
    english = _page(client, "en")
    assert _rows(english)[0][2:] == ["The unit was renamed", "Unit: Mottagningsenheten"]


def test_the_filter_offers_labels_and_keeps_the_key_as_value(world, client_for):
    _record(world.admin, "unit.renamed", world.units["unit"])
    _record(world.employee, "idea.submit", world.units["school"])
    client = client_for("admin")
    options = dict(re.findall(r'<option value="([a-z_.]+)">([^<]+)</option>', _page(client, "sv")))
    assert options["unit.renamed"] == "Enheten bytte namn"
    assert options["idea.submit"] == "Idén lämnades in"
    english = _page(client, "en")
    assert dict(re.findall(r'<option value="([a-z_.]+)">([^<]+)</option>', english))[
        "idea.submit"
    ] == ("The idea was submitted")
    # The choice narrows to exactly that key (not every key it begins: pilot.plan_save).
    shown = _rows(_page(client, "sv", action="idea.submit"))
    assert [row[2] for row in shown] == ["Idén lämnades in"]


def test_a_key_from_older_data_is_readable_and_the_page_still_answers(world, client_for):
    with transaction.atomic():
        AuditEvent.objects.create(
            organisation=world.org, actor_label="system", action="idea.decided_old"
        )
    client = client_for("admin")
    html = _page(client, "sv")
    assert _rows(html)[0][2:] == ["Övrig händelse (idea decided old)", "–"]
    assert "Other event (idea decided old)" in _page(client, "en")


def test_an_object_the_reader_may_not_see_is_its_kind_and_number_only(world, client_for):
    # A research study is open to its members only; the admin is not one.
    study = make_study(world.employee, title="Hemlig studie om personal").study
    _record(world.employee, "study.created", study)
    idea = make_idea(world, title="Digital väntrumsinformation")
    html = _page(client_for("admin"), "sv")
    cells = {row[2]: row[3] for row in _rows(html)}
    assert cells["Studien skapades"] == f"Studie: nr {study.pk}"
    assert "Hemlig studie" not in html
    assert cells["Idén lämnades in"] == "Idé: Digital väntrumsinformation"
    assert f'href="{reverse("ideas:detail", args=[idea.pk])}"' in html


def test_the_query_count_stays_the_same_for_5_and_50_events(world, client_for):
    client = client_for("admin")
    units = [u for u in world.units.values() if u.organisation_id == world.org.pk]
    kinds = [
        ("unit.created", units),
        ("user.changed", [world.admin, world.employee, world.manager]),
        ("idea.update", [make_idea(world, title=f"Idé {i}") for i in range(3)]),
    ]
    AuditEvent.objects.filter(organisation=world.org).delete()

    def grow(n: int) -> None:
        # Every kind among the first rows already, so only the number of rows grows.
        have = AuditEvent.objects.filter(organisation=world.org).count()
        for i in range(have, n):
            action, targets = kinds[i % 3]
            _record(world.admin, action, targets[(i // 3) % len(targets)])

    assert_constant_queries(lambda: client.get(URL), grow)
    shown = client.get(URL).context["rows"]
    assert len(shown) == 50
    assert all(row.target is not None and row.target.url for row in shown)


def test_an_object_is_found_by_its_short_kind_and_a_bad_filter_says_what_is_wrong(
    world, client_for
):
    """The tryout typed the object as the table shows it and a period ending before it began,
    and got "no events" without a word; `idea:12` (kind without app) now works like
    `ideas.idea:12`."""
    idea = make_idea(world)
    _record(world.admin, "idea.submitted", idea)
    client = client_for("admin")
    full = _rows(client.get(URL, {"target": f"ideas.idea:{idea.pk}"}).content.decode())
    short = _rows(client.get(URL, {"target": f"idea:{idea.pk}"}).content.decode())
    assert full and short == full
    page = unescape(client.get(URL, {"target": f"Idé: {idea.title}"}).content.decode())
    assert "Skriv objektets typ och nummer" in page
    page = unescape(
        client.get(URL, {"since": "2026-05-02", "until": "2026-05-01"}).content.decode()
    )
    assert "Slutdagen ligger före startdagen." in page


def test_a_background_job_is_what_it_does_its_state_and_time_not_its_uuid(world, client_for):
    """Tryout finding: a job showed as "Bakgrundsjobb: nr <uuid>"."""
    from django.utils import timezone

    from vardag.core import services as core_services
    from vardag.core.models import Job
    from vardag.core.selectors import organisation_jobs
    from vardag.orgadmin.tasks import apply_hr_import

    with transaction.atomic():
        job = core_services.job_create(actor=world.admin, kind="orgadmin.hr_import", title="x")
        Job.objects.filter(pk=job.pk).update(task_path=apply_hr_import.module_path)
    job = core_services.job_finish(job_id=job.pk, is_success=True)
    when = timezone.localtime(job.updated_at).strftime("%Y-%m-%d %H:%M")
    client = client_for("admin")
    html = _page(client, "sv")
    cells = [row[3] for row in _rows(html) if row[2] in ("Jobbet startades", "Jobbet blev klart")]
    assert cells == [f"Bakgrundsjobb: Import av personal (klart {when})"] * 2
    assert str(job.pk) not in html
    english = [row[3] for row in _rows(_page(client, "en")) if row[2] == "The job finished"]
    assert english == [f"Background job: Staff import (done {when})"]
    # Named for the organisation's admins only (the log is theirs); its page stays its owner's.
    assert list(organisation_jobs(world.admin)) == [job]
    assert not organisation_jobs(world.employee) and not organisation_jobs(world.people["foreign"])


def test_other_kinds_are_named_too_and_a_notification_only_by_its_kind(world, client_for):
    """The same finding for the other kinds the demo's log showed as "nr N": a membership, an
    insight, a group mapping, the organisation, a notification (by its kind: its subject, text
    and recipient are the recipient's own)."""
    from vardag.notifications.services import notify
    from vardag.orgadmin import services as orgadmin_services
    from vardag.participation.tests.factories import make_insight

    membership = world.employee.memberships.get()
    _record(world.admin, "membership.created", membership)
    _record(world.admin, "organisation.created", world.org)
    insight = make_insight(world, statement="Eleverna vill ha en vuxen att gå till.")
    with transaction.atomic():
        orgadmin_services.group_mapping_add(
            actor=world.admin, group="skola-rektorer", unit=world.units["school"], role="manager"
        )
    [note] = notify(
        actor=None, recipients=[world.employee], kind="idea.submitted", subject="Hemlig rubrik"
    )
    client = client_for("admin")
    html = _page(client, "sv")
    cells = {row[2]: row[3] for row in _rows(html)}
    unit = membership.unit.name
    assert cells["Uppdraget skapades"] == (
        f"Uppdrag: {world.employee.get_full_name()} – Medarbetare, {unit}"
    )
    assert reverse("orgadmin:membership_edit", args=[membership.pk]) in html
    assert cells["Organisationen skapades"] == f"Organisation: {world.org.name}"
    assert cells["Insikten skapades"] == "Insikt: Eleverna vill ha en vuxen att gå till."
    assert reverse("participation:insight", args=[insight.pk]) in html
    mapping = cells["Gruppkopplingen skapades"]
    assert mapping.startswith("Gruppkoppling: skola-rektorer: ") and "→" not in mapping
    assert cells["Aviseringen skapades"] == "Avisering: Nya idéer att ta hand om"
    assert "Hemlig rubrik" not in html and f"Avisering: nr {note.pk}" not in html
    english = {row[2]: row[3] for row in _rows(_page(client, "en"))}
    assert "Notification: New ideas to handle" in english.values()


def test_disclosure_erasure_and_agenda_item_say_what_they_are_about(world, client_for):
    """Tryout finding: "Utlämnande: Idé: Idé nr 10" named no idea (and kept Swedish words on the
    English page), "Begäran om radering: Begäran om radering 1" repeated its kind, an agenda item
    did not say which meeting. Now: the idea's title, the person concerned, the forum and date."""
    from datetime import date

    from django.utils import timezone
    from django.utils.formats import date_format

    from vardag.meetings.models import AgendaItem
    from vardag.meetings.tests.factories import meeting_world
    from vardag.records import services as records_services

    idea = make_idea(world, title="Sms-påminnelser")
    with transaction.atomic():
        disclosure = records_services.disclosure_start(
            actor=world.admin,
            document_type="idea",
            document_id=idea.pk,
            received_on=date(2026, 12, 3),
        )
        request = records_services.erasure_request_review(
            actor=world.admin, received_on=date(2026, 12, 3), person=world.employee
        )
    meeting = meeting_world(world, count=1).next
    item = AgendaItem.objects.create(
        meeting=meeting, organisation=world.org, title="Nya rutiner för sms"
    )
    _record(world.manager, "agenda_item.propose", item)
    client = client_for("admin")
    cells = {row[2]: row[3] for row in _rows(_page(client, "sv"))}
    assert cells["Begäran om utlämnande registrerades"] == "Utlämnande: Idé: Sms-påminnelser"
    assert cells["Begäran om radering prövades"] == (
        f"Begäran om radering: {world.employee.get_full_name()}"
    )
    assert request.pk
    when = date_format(timezone.localtime(meeting.starts_at), "Y-m-d")
    assert cells["Ärendet föreslogs"] == (
        f"Dagordningspunkt: Nya rutiner för sms ({meeting.forum.name}, {when})"
    )
    english = {row[2]: row[3] for row in _rows(_page(client, "en"))}
    assert english["A disclosure request was registered"] == "Disclosure: Idea: Sms-påminnelser"
    assert disclosure.pk
