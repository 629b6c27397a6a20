"""Access cases for every page and API route of the meetings app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vardag.core.testing import Case
from vardag.forums.models import DecisionType
from vardag.ideas import services as idea_services
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.access import _partner_idea
from vardag.ideas.tests.factories import Governance, governance, make_idea
from vardag.meetings import services
from vardag.meetings.models import ActionItem, AgendaItem, CalendarFeed, Meeting, MeetingSeries
from vardag.meetings.tests.factories import at, meeting_day_is


@dataclass
class AccessWorld:
    gov: Governance
    series: MeetingSeries
    meeting: Meeting
    held: Meeting
    idea_item: AgendaItem
    proposed: AgendaItem
    action: ActionItem
    feed: CalendarFeed
    partner_item: AgendaItem
    held_item: AgendaItem


def access_world(world: Any) -> AccessWorld:
    gov = governance(world)
    idea = make_idea(world, title="Digital väntrumsinformation")
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=DecisionType.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=1),
            ),
        )
        series = services.series_create(
            actor=world.manager,
            forum=gov.apt,
            name="APT-serien Mottagningen",
            cadence="weekly",
            first_starts_at=at(3),
            place="Rum Ekan",
            chair=world.manager,
            secretary=world.manager,
            count=2,
        )
        meeting, held = list(series.meetings.order_by("starts_at"))
        # Another municipality's idea that affects our unit; our APT is our forum for it.
        partner_idea = _partner_idea(world)
        idea_services.idea_organisation_set(
            actor=world.manager,
            idea=partner_idea,
            co_owner=world.manager,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=1),
        )
        services.agenda_fill(actor=world.manager, meeting=meeting)
        proposed = services.item_propose(
            actor=world.employee, meeting=meeting, title="Sommarschemat"
        )
        action = services.action_item_create(
            actor=world.manager,
            meeting=meeting,
            title="Boka möte med IT",
            owner=world.manager,
            due_on=timezone.localdate() + timedelta(days=5),
        )
        meeting_day_is(held, -1)  # yesterday's meeting: its minutes can be closed
        # For information: the employee, who approves these minutes, initiated the idea, and
        # no one approves minutes that decide her own idea (jäv).
        held_item = services.item_propose(
            actor=world.manager, meeting=held, title=idea.title, purpose="information", idea=idea
        )
        # The chair (and secretary) closes; another member approves (justerar) the minutes.
        services.meeting_close(actor=world.manager, meeting=held, adjuster=world.employee)
        feed = services.calendar_feed_get(actor=world.employee, forum=gov.apt)
    return AccessWorld(
        gov=gov,
        series=series,
        meeting=meeting,
        held=held,
        idea_item=meeting.items.get(idea=idea),
        proposed=proposed,
        action=action,
        feed=feed,
        partner_item=meeting.items.get(idea=partner_idea),
        held_item=held_item,
    )


POST = {"method": "post", "is_page": False, "expect": 302}


def url_cases(world):
    aw = access_world(world)
    m = {"meeting_id": aw.meeting.pk}
    item = {"meeting_id": aw.meeting.pk, "item_id": aw.idea_item.pk}
    held = {"meeting_id": aw.held.pk}
    return {
        "meetings:index": Case(foreign="own", marker="APT Mottagningen"),
        "meetings:week": Case(
            bystander="own", foreign="own", persona="manager", marker="Boka möte med IT"
        ),
        "meetings:forum": Case(kwargs={"forum_id": aw.gov.apt.pk}, marker="APT-serien"),
        "meetings:series_create": Case(kwargs={"forum_id": aw.gov.apt.pk}, persona="manager"),
        "meetings:feed_subscribe": Case(kwargs={"forum_id": aw.gov.apt.pk}, **POST),
        "meetings:series": Case(kwargs={"series_id": aw.series.pk}, marker="Rum Ekan"),
        "meetings:feed": Case(kwargs={"token": aw.feed.token}, public=True, is_page=False),
        "meetings:action_done": Case(kwargs={"action_id": aw.action.pk}, persona="manager", **POST),
        "meetings:action_give": Case(
            persona="manager", foreign="own", marker="APT Mottagningen", bystander="own"
        ),
        "meetings:meeting": Case(kwargs=m, marker="Digital väntrumsinformation"),
        "meetings:meeting_ics": Case(kwargs=m, is_page=False),
        "meetings:agenda_pdf": Case(kwargs=m, is_page=False),
        "meetings:agenda_fill": Case(kwargs=m, persona="manager", **POST),
        "meetings:agenda_send": Case(kwargs=m, persona="manager", **POST),
        "meetings:cancel": Case(kwargs=m, persona="manager"),
        "meetings:move": Case(kwargs=m, persona="manager"),
        "meetings:item_add": Case(kwargs=m),
        "meetings:item_edit": Case(kwargs=item, persona="manager"),
        "meetings:item_remove": Case(
            kwargs={"meeting_id": aw.meeting.pk, "item_id": aw.proposed.pk},
            persona="manager",
            **POST,
        ),
        "meetings:run": Case(kwargs=m, persona="manager", marker="Digital väntrumsinformation"),
        "meetings:notes_save": Case(
            kwargs=item,
            persona="manager",
            data={f"item{aw.idea_item.pk}-notes": "Bra", f"item{aw.idea_item.pk}-version": 0},
            **POST,
        ),
        "meetings:item_decide": Case(kwargs=item, persona="manager"),
        "meetings:item_consult": Case(
            kwargs={"meeting_id": aw.meeting.pk, "item_id": aw.partner_item.pk},
            persona="manager",
            marker="Gemensam skolstart med Söderby",
        ),
        "meetings:feedback_draft": Case(
            kwargs=item, persona="manager", data={f"fb{aw.idea_item.pk}-text": "Tack!"}, **POST
        ),
        "meetings:action_add": Case(kwargs=item, persona="manager", **POST),
        "meetings:close": Case(kwargs=m, persona="manager"),
        "meetings:minutes": Case(
            bystander="allowed", kwargs=held, persona="manager", marker="Idéer och förslag"
        ),
        "meetings:minutes_pdf": Case(kwargs=held, is_page=False),
        "meetings:approve": Case(kwargs=held, persona="employee", **POST),
        "meetings:adjuster_change": Case(kwargs=held, persona="manager", marker="Byt justerare"),
    }


def api_cases(world):
    aw = access_world(world)
    base = "/api/v1/meetings"
    m = {"meeting_id": aw.meeting.pk}
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    return {
        f"GET {base}/forums/{{forum_id}}/meetings": Case(kwargs={"forum_id": aw.gov.apt.pk}),
        f"GET {base}/meetings/{{meeting_id}}": Case(kwargs=m),
        f"POST {base}/meetings/{{meeting_id}}/items": Case(
            kwargs=m, method="post", data={"title": "Ny punkt"}, expect=201
        ),
        f"GET {base}/meetings/{{meeting_id}}/decisions": Case(kwargs=m),
        f"POST {base}/meetings/{{meeting_id}}/adjuster": Case(
            kwargs={"meeting_id": aw.held.pk},
            persona="manager",
            method="post",
            data={"adjuster_id": world.employee.pk, "reason": "Sjuk"},
            expect=422,  # the employee already is the adjuster: the service says so
        ),
        f"PUT {base}/meetings/{{meeting_id}}/items/{{item_id}}/notes": Case(
            kwargs={"meeting_id": aw.meeting.pk, "item_id": aw.idea_item.pk},
            persona="manager",
            method="post",
            data={"notes": "Anteckning", "version": 0},
        ),
        f"POST {base}/meetings/{{meeting_id}}/send": Case(
            kwargs=m, persona="manager", method="post"
        ),
        f"POST {base}/meetings/{{meeting_id}}/approve": Case(
            kwargs={"meeting_id": aw.held.pk}, persona="employee", method="post"
        ),
        f"POST {base}/meetings/{{meeting_id}}/items/{{item_id}}/decisions": Case(
            kwargs={"meeting_id": aw.held.pk, "item_id": aw.held_item.pk},
            persona="manager",
            method="post",
            data={
                "decision_type": "escalate",
                "mandate_id": aw.gov.manager_mandate.pk,
                "forum_id": aw.gov.management.pk,
                "next_handling_on": next_week,
            },
            expect=201,
        ),
        f"GET {base}/action-items": Case(foreign="own", marker="Boka möte med IT"),
        f"POST {base}/action-items": Case(
            persona="manager",
            method="post",
            data={
                "forum_id": aw.gov.apt.pk,
                "title": "Gå igenom resultatet om tid och resurser",
                "owner_id": world.manager.pk,
                "due_on": next_week,
            },
            expect=201,
        ),
        f"POST {base}/action-items/{{action_id}}/done": Case(
            kwargs={"action_id": aw.action.pk}, persona="manager", method="post", expect=200
        ),
    }
