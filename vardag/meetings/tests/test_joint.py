"""A joint forum of two organisations under a collaboration agreement (issue 5, "Done when")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from vardag.core import services as core_services
from vardag.forums.models import Forum, ForumMembership, ForumType
from vardag.meetings import selectors, services
from vardag.meetings.tests.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(world):
    with transaction.atomic():
        agreement = core_services.agreement_create(
            actor=None,
            title="Samverkan skola–socialtjänst",
            parties=[world.org, world.other_org],
            valid_from=date(2024, 1, 1),
        )
    forum = Forum.objects.create(
        organisation=world.org,
        name="Samverkansforum skola–socialtjänst",
        type=ForumType.COLLABORATION_GROUP,
        owner_unit=world.units["administration"],
    )
    forum.partner_units.add(world.units["other_unit"])
    ForumMembership.objects.create(forum=forum, user=world.head, role="chair")
    ForumMembership.objects.create(forum=forum, user=world.foreign)
    with transaction.atomic():
        series = services.series_create(
            actor=world.head,
            forum=forum,
            name="Samverkansforum",
            cadence="four_weekly",
            first_starts_at=at(10, 13),
            place="Stadshuset",
            chair=world.head,
            count=1,
        )
        meeting = series.meetings.get()
        shared = services.item_propose(
            actor=world.head, meeting=meeting, title="Gemensam skolstart", is_shared=True
        )
        internal = services.item_propose(
            actor=world.head, meeting=meeting, title="Förvaltningens budgetläge", is_shared=False
        )
    return agreement, forum, meeting, shared, internal


def test_each_side_sees_only_shared_items(joint, world, client_for):
    _agreement, forum, meeting, shared, internal = joint
    partner = client_for("foreign")
    page = partner.get(f"/moten/{meeting.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Gemensam skolstart" in text and "Förvaltningens budgetläge" not in text
    assert partner.get(f"/moten/{meeting.pk}/punkt/{internal.pk}/").status_code == 404
    api = partner.get(f"/api/v1/meetings/meetings/{meeting.pk}").json()
    assert [i["title"] for i in api["agenda_items"]] == [
        services.STANDING_TITLE,
        "Gemensam skolstart",
    ]
    owner = client_for("head").get(f"/moten/{meeting.pk}/").content.decode()
    assert "Förvaltningens budgetläge" in owner and "Gemensam skolstart" in owner
    # The partner's own item is theirs and shared by default; they may propose before the deadline.
    with transaction.atomic():
        theirs = services.item_propose(
            actor=world.foreign, meeting=meeting, title="Elevhälsans erfarenheter"
        )
    assert theirs.organisation_id == world.other_org.pk
    titles = {i.title for i in selectors.visible_items(world.head, meeting)}
    assert "Elevhälsans erfarenheter" in titles
    # The calendar invitation for the partner lists only shared items.
    ics = partner.get(f"/moten/{meeting.pk}/kallelse.ics").content.decode()
    assert "Gemensam skolstart" in ics and "budgetläge" not in ics


def test_the_rest_of_the_other_organisation_answers_404(joint, world, client_for):
    _agreement, forum, meeting, _shared, _internal = joint
    with transaction.atomic():
        own_series = services.series_create(
            actor=world.manager,
            forum=Forum.objects.create(
                organisation=world.org,
                name="APT Mottagningen",
                type=ForumType.APT,
                owner_unit=world.units["unit"],
            ),
            name="APT",
            cadence="weekly",
            first_starts_at=at(5),
            place="Rum Ekan",
            count=1,
        )
    internal_meeting = own_series.meetings.get()
    partner = client_for("foreign")
    assert partner.get(f"/moten/{internal_meeting.pk}/").status_code == 404
    assert partner.get(f"/moten/forum/{own_series.forum_id}/").status_code == 404
    assert partner.get(f"/moten/{internal_meeting.pk}/protokoll/").status_code == 404
    assert "APT Mottagningen" not in partner.get("/moten/").content.decode()


def test_a_terminated_agreement_closes_the_joint_forum(joint, client_for):
    agreement, _forum, meeting, _shared, _internal = joint
    agreement.terminated_at = timezone.now() - timedelta(days=1)
    agreement.save()
    assert client_for("foreign").get(f"/moten/{meeting.pk}/").status_code == 404


def test_meeting_mode_names_organisations_still_to_decide(joint, world, client_for):
    from vardag.ideas.tests.factories import make_idea

    _agreement, forum, meeting, _shared, _internal = joint
    idea = make_idea(world, title="Samordnad plan för elever i utredning")
    idea.affected_units.add(world.units["other_unit"])
    with transaction.atomic():
        services.item_propose(actor=world.head, meeting=meeting, title=idea.title, idea=idea)
    page = client_for("head").get(f"/moten/{meeting.pk}/genomfor/").content.decode()
    assert "Före nästa beslutspunkt behövs samråd eller beslut från" in page
    assert "Norrviks kommun" in page and "Ekbacka kommun" in page
