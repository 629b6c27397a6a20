"""A partner organisation's forum takes up an idea that spans organisations (DOMAIN.md F4).

The idea comes onto the agenda of the forum the partner named, on the partner's own date, and
the forum gives its statement (yttrande) from meeting mode; the statement stands in the minutes
and lets the owner's G2 through.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vardag.forums.models import DecisionType as D
from vardag.forums.models import ForumMembership
from vardag.ideas import services as idea_services
from vardag.ideas.models import Consultation
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import cross_organisation
from vardag.meetings import selectors, services
from vardag.meetings.models import Purpose
from vardag.meetings.tests.factories import at

pytestmark = pytest.mark.django_db


def _partner_meeting(world):
    cw = cross_organisation(world)
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=cw.idea,
            meeting_forum=cw.joint,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=cw.cross_mandate,
                forum=cw.joint,
                next_handling_on=timezone.localdate() + timedelta(days=20),
            ),
        )
        idea_services.decision_record(
            actor=world.manager,
            idea=cw.idea,
            meeting_forum=cw.joint,
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=cw.cross_mandate,
                hours=40,
                team=[world.employee],
                next_handling_on=timezone.localdate() + timedelta(days=30),
            ),
        )
        ForumMembership.objects.create(
            forum=cw.partner_forum, user=cw.partner_manager, role="chair"
        )
        idea_services.idea_organisation_set(
            actor=cw.partner_manager,
            idea=cw.idea,
            co_owner=cw.partner_manager,
            forum=cw.partner_forum,
            next_handling_on=timezone.localdate() + timedelta(days=1),
        )
        series = services.series_create(
            actor=cw.partner_manager,
            forum=cw.partner_forum,
            name="Ledningsgruppens möten",
            cadence="weekly",
            first_starts_at=at(2),
            place="Norrviks kommunhus, rum 3",
            chair=cw.partner_manager,
            count=2,
        )
    return cw, series.meetings.order_by("starts_at").first()


def test_the_partner_forum_gets_the_idea_on_its_own_date(world):
    cw, meeting = _partner_meeting(world)
    assert list(selectors.due_ideas(meeting)) == [cw.idea]
    proposed = selectors.agenda_for(cw.partner_manager, meeting).proposed_ideas
    assert [i.pk for i in proposed] == [cw.idea.pk]
    with transaction.atomic():
        added = services.agenda_fill(actor=cw.partner_manager, meeting=meeting)
    item = next(i for i in added if i.idea_id == cw.idea.pk)
    assert item.purpose == Purpose.BEFORE_DECISION and item.is_shared
    # Filling again adds nothing: the idea is on this agenda.
    with transaction.atomic():
        assert services.agenda_fill(actor=cw.partner_manager, meeting=meeting) == []


def test_the_forum_gives_its_statement_in_the_meeting_and_g2_goes_through(world, client_for):
    cw, meeting = _partner_meeting(world)
    with transaction.atomic():
        services.agenda_fill(actor=cw.partner_manager, meeting=meeting)
    item = meeting.items.get(idea=cw.idea)
    client = client_for("partner_manager")
    run = client.get(reverse("meetings:run", args=[meeting.pk])).content.decode()
    consult_url = reverse("meetings:item_consult", args=[meeting.pk, item.pk])
    assert consult_url in run
    empty = client.post(consult_url, {"position": "conditions"})
    assert empty.status_code == 422
    done = client.post(
        consult_url,
        {"position": "conditions", "statement": "Vi deltar om skolskjutsen löses."},
    )
    assert done.status_code == 302
    consultation = Consultation.objects.get(idea=cw.idea)
    assert (consultation.organisation, consultation.forum) == (world.other_org, cw.partner_forum)
    item.refresh_from_db()
    assert "Vi deltar om skolskjutsen löses." in item.notes
    # The owner may now grant money (G2): every affected organisation has been heard.
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=cw.idea,
            meeting_forum=cw.joint,
            decision=DecisionInput(
                decision_type=D.GRANT_MONEY,
                mandate=cw.cross_mandate,
                amount_sek=50_000,
                next_handling_on=timezone.localdate() + timedelta(days=30),
            ),
        )


def test_the_owners_own_people_are_not_offered_a_statement(world, client_for):
    cw, meeting = _partner_meeting(world)
    with transaction.atomic():
        services.agenda_fill(actor=cw.partner_manager, meeting=meeting)
    item = meeting.items.get(idea=cw.idea)
    url = reverse("meetings:item_consult", args=[meeting.pk, item.pk])
    # The owner organisation's manager cannot see the partner's meeting at all.
    assert client_for("manager").get(url).status_code == 404
