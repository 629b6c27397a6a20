"""The unit manager's journey through the pages (issue 5, "Done when"), and bad input."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pypdf
import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core.roles import Role
from vardag.core.testing import assert_constant_queries
from vardag.forums.models import DecisionType as D
from vardag.forums.models import ForumMembership
from vardag.ideas import services as idea_services
from vardag.ideas.models import Decision, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.meetings import services
from vardag.meetings.calendar import calendar_bytes
from vardag.meetings.models import AgendaItem, MeetingStatus
from vardag.meetings.tests.factories import make_idea, meeting_day_is, meeting_world
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _registered(world, gov, title, days):
    idea = make_idea(world, title=title)
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=days),
            ),
        )
    idea.refresh_from_db()
    return idea


def test_unit_manager_runs_next_weeks_apt(world, client_for, django_capture_on_commit_callbacks):
    mw = meeting_world(world)
    meeting = mw.next
    first = _registered(world, mw.gov, "Digital väntrumsinformation", 4)
    second = _registered(world, mw.gov, "Sms-påminnelse före besök", 6)
    manager = client_for("manager")

    page = manager.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Digital väntrumsinformation" in page and "Sms-påminnelse före besök" in page

    response = manager.post(
        f"/moten/{meeting.pk}/punkt/ny/",
        {"title": "Semesterplanering", "purpose": "information", "minutes": 10, "is_shared": "on"},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(f"/moten/{meeting.pk}/skicka/").status_code == 302
    titles = list(meeting.items.order_by("order").values_list("title", flat=True))
    assert {"Digital väntrumsinformation", "Sms-påminnelse före besök", "Semesterplanering"} <= set(
        titles
    )
    invitation = next(m for m in mail.outbox if m.attachments and m.to == [world.employee.email])
    event = next(iter(icalendar.Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")))
    assert event.decoded("dtstart") == meeting.starts_at
    assert "Semesterplanering" in str(event["description"])

    meeting_day_is(meeting, 0)  # the meeting's day comes
    assert manager.get(f"/moten/{meeting.pk}/genomfor/").status_code == 200
    item = meeting.items.get(idea=first)
    decide_url = f"/moten/{meeting.pk}/punkt/{item.pk}/beslut/"
    decision = {
        "decision_type": D.GRANT_TIME,
        "mandate": mw.gov.manager_mandate.pk,
        "hours": 20,
        "amount_sek": 0,
        "team": [world.employee.pk],
        "rationale": "Prova under våren.",
        "request_key": "k1",
    }
    # A member without a mandate here is offered no decision form (and a form sent anyway
    # records nothing).
    refused = client_for("employee").post(decide_url, decision)
    assert "Du har inget mandat som täcker ett beslut" in refused.content.decode()
    assert 'name="mandate"' not in refused.content.decode()
    assert not Decision.objects.filter(idea=first).exclude(decision_type=D.REGISTER).exists()
    assert manager.post(decide_url, decision).status_code == 302
    first.refresh_from_db()
    assert first.state == IdeaState.EXPLORING

    # The employee initiated the ideas decided here (jäv): a colleague approves the minutes.
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=mw.gov.apt, user=colleague)
    response = manager.post(
        f"/moten/{meeting.pk}/avsluta/", {"adjuster": colleague.pk, "attendees": "Alla"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    approver = Client()
    approver.force_login(colleague)
    assert approver.post(f"/moten/{meeting.pk}/justera/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_locked
    assert Notification.objects.filter(
        recipient=world.employee, kind="idea.feedback", body__contains="justerat protokoll"
    ).exists()

    pdf = manager.get(f"/moten/{meeting.pk}/protokoll.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Protokoll: APT Mottagningen" in text
    assert "§ 1" in text and "Digital väntrumsinformation" in text and "G1 Beslut tid" in text
    agenda_pdf = manager.get(f"/moten/{meeting.pk}/dagordning.pdf")
    agenda_text = pypdf.PdfReader(io.BytesIO(agenda_pdf.content)).pages[0].extract_text()
    assert "Sms-påminnelse före besök" in agenda_text

    # Editing the locked protocol is refused.
    item.refresh_from_db()
    manager.post(
        f"/moten/{meeting.pk}/punkt/{item.pk}/anteckningar/",
        {
            f"item{item.pk}-notes": "Ändrat i efterhand",
            f"item{item.pk}-version": item.notes_version,
        },
    )
    item.refresh_from_db()
    assert item.notes != "Ändrat i efterhand"
    second_item = meeting.items.get(idea=second)
    assert (
        manager.post(
            f"/moten/{meeting.pk}/punkt/{second_item.pk}/beslut/", {**decision, "request_key": "k2"}
        ).status_code
        == 422
    )


def test_two_secretaries_keep_both_texts(world, client_for):
    mw = meeting_world(world)
    item = mw.next.items.get()
    url = f"/moten/{mw.next.pk}/punkt/{item.pk}/anteckningar/"
    manager = client_for("manager")
    key = f"item{item.pk}"
    assert manager.post(url, {f"{key}-notes": "Anna skrev", f"{key}-version": 0}).status_code == 302
    clash = manager.post(url, {f"{key}-notes": "Bo skrev", f"{key}-version": 0})
    assert clash.status_code == 409
    text = clash.content.decode()
    assert "Anna skrev" in text and "Bo skrev" in text
    item.refresh_from_db()
    assert item.notes == "Anna skrev"


def test_invitation_times_across_the_daylight_saving_change(world):
    stockholm = ZoneInfo("Europe/Stockholm")
    mw = meeting_world(world, count=1)
    with transaction.atomic():
        series = services.series_create(
            actor=world.manager,
            forum=mw.gov.apt,
            name="Vår-APT",
            cadence="weekly",
            first_starts_at=datetime(2027, 3, 22, 9, 0, tzinfo=stockholm),
            place="Rum Ekan",
            count=3,
        )
    meetings = list(series.meetings.order_by("starts_at"))
    cal = icalendar.Calendar.from_ical(calendar_bytes([(m, []) for m in meetings]))
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
    assert [s.astimezone(stockholm).hour for s in starts] == [9, 9, 9]
    assert [s.astimezone(ZoneInfo("UTC")).hour for s in starts] == [8, 7, 7]
    assert [str(e["dtstart"].params["TZID"]) for e in cal.walk("VEVENT")] == [
        "Europe/Stockholm"
    ] * 3
    assert len(cal.walk("VTIMEZONE")) == 1


def test_calendar_feed_by_token(world, client_for):
    mw = meeting_world(world)
    client_for("employee").post(f"/moten/forum/{mw.gov.apt.pk}/kalender/")
    page = client_for("employee").get(f"/moten/forum/{mw.gov.apt.pk}/").content.decode()
    feed = world.employee.calendar_feeds.get()
    assert feed.token in page
    from django.test import Client

    body = Client().get(f"/moten/kalender/{feed.token}.ics")
    assert body.status_code == 200 and body.content.decode().count("BEGIN:VEVENT") == 3
    assert Client().get("/moten/kalender/not-a-token.ics").status_code == 404
    world.employee.is_active = False
    world.employee.save()
    assert Client().get(f"/moten/kalender/{feed.token}.ics").status_code == 404


def test_week_page(world, client_for):
    mw = meeting_world(world)
    _registered(world, mw.gov, "Digital väntrumsinformation", 3)
    with transaction.atomic():
        services.action_item_create(
            actor=world.manager,
            meeting=mw.next,
            title="Ringa IT-supporten",
            owner=world.manager,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    page = client_for("manager").get("/moten/min-vecka/").content.decode()
    assert "Ringa IT-supporten" in page and "Försenade" in page
    assert "Digital väntrumsinformation" in page


def test_bad_input_gives_form_errors_not_500(world, client_for):
    mw = meeting_world(world)
    manager = client_for("manager")
    response = manager.post(
        f"/moten/forum/{mw.gov.apt.pk}/ny-serie/",
        {"name": "", "cadence": "nonsense", "first_starts_at": "igår", "count": 999},
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    response = manager.post(
        f"/moten/{mw.next.pk}/flytta/",
        {"starts_at": "2027-01-10T10:00", "ends_at": "2027-01-10T09:00"},
    )
    assert response.status_code == 200
    assert manager.post(f"/moten/{mw.next.pk}/stall-in/", {"reason": ""}).status_code == 200


def test_meeting_page_queries_do_not_grow_with_items(world, client_for):
    mw = meeting_world(world)
    manager = client_for("manager")

    def grow(n):
        for i in range(mw.next.items.count(), n):
            AgendaItem.objects.create(
                meeting=mw.next,
                organisation=world.org,
                order=100 + i,
                title=f"Punkt {i}",
                presenter=world.employee,
            )

    assert_constant_queries(lambda: manager.get(f"/moten/{mw.next.pk}/"), grow)
    assert_constant_queries(lambda: manager.get(f"/moten/{mw.next.pk}/genomfor/"), grow)
    assert_constant_queries(lambda: manager.get(f"/moten/{mw.next.pk}/protokoll/"), grow)


def test_week_and_forum_pages_queries_do_not_grow(world, client_for):
    mw = meeting_world(world)
    manager = client_for("manager")

    def grow(n):
        with transaction.atomic():
            for i in range(mw.next.action_items.count(), n):
                services.action_item_create(
                    actor=world.manager,
                    meeting=mw.next,
                    title=f"Åtgärd {i}",
                    owner=world.manager,
                    due_on=timezone.localdate() + timedelta(days=i - 3),
                )

    assert_constant_queries(lambda: manager.get("/moten/min-vecka/"), grow)
    assert_constant_queries(lambda: manager.get(f"/moten/forum/{mw.gov.apt.pk}/"), grow)
