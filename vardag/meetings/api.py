"""API for forums' meetings, agendas, decisions in meetings and action items.

The same selectors and services as the pages: a decision recorded here goes through the ideas'
mandate check, and a locked protocol refuses every change (422).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vardag.accounts.models import User
from vardag.core.actors import request_actor
from vardag.core.api_types import MAX_INT, Id, Page, path_id, query_id
from vardag.forums.models import DecisionType
from vardag.forums.selectors import access_mandate
from vardag.ideas.selectors import access_idea
from vardag.ideas.services import DecisionInput
from vardag.meetings import selectors, services
from vardag.meetings.models import Purpose

router = Router(tags=["meetings"])


def _user(request: HttpRequest) -> User:
    return request_actor(request)


class MeetingOut(Schema):
    id: Id
    forum_id: Id
    forum_name: str = Field(..., alias="forum.name")
    series_id: Id
    starts_at: datetime
    ends_at: datetime
    place: str
    online_link: str
    status: str
    agenda_sent_at: datetime | None
    approved_at: datetime | None


class AgendaItemOut(Schema):
    id: Id
    order: int
    paragraph: int | None
    title: str
    description: str
    purpose: str
    source: str
    minutes: int
    presenter_id: Id | None
    idea_id: Id | None
    decision_ids: list[Id]
    notes: str
    is_shared: bool

    @staticmethod
    def resolve_decision_ids(obj: Any) -> list[int]:
        return [d.pk for d in obj.decisions.all()]


class MeetingDetailOut(MeetingOut):
    agenda_items: list[AgendaItemOut]
    proposed_idea_ids: list[Id]


class AgendaItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    purpose: Purpose = Purpose.INFORMATION
    description: str = ""
    minutes: int = Field(10, ge=1, le=240)
    idea_id: Id | None = None
    is_shared: bool = True
    request_key: str = Field(
        "", max_length=64, description="One-time key: a repeat returns the first item."
    )


class MeetingDecisionOut(Schema):
    id: Id
    idea_id: Id
    decision_type: str
    mandate_id: Id
    decided_by_id: Id
    decided_on: date
    amount_sek: int
    hours: int
    rationale: str
    agenda_item_id: Id | None


class MeetingDecisionIn(Schema):
    decision_type: DecisionType
    mandate_id: Id
    amount_sek: int = Field(0, ge=0, le=1_000_000_000)
    hours: int = Field(0, ge=0, le=100_000)
    rationale: str = ""
    conditions: str = ""
    registry_number: str = Field("", max_length=50)
    forum_id: Id | None = None
    next_handling_on: date | None = None
    revisit_on: date | None = None
    lesson: str = ""
    request_key: str = Field("", max_length=64)


class ActionItemOut(Schema):
    id: Id
    forum_id: Id
    meeting_id: Id | None
    agenda_item_id: Id | None
    title: str
    owner_id: Id
    due_on: date
    done_at: datetime | None
    origin_url: str
    origin_label: str


class ActionItemIn(Schema):
    forum_id: Id
    title: str = Field(..., min_length=1, max_length=300)
    owner_id: Id
    due_on: date
    origin_url: str = Field("", max_length=300)
    origin_label: str = Field("", max_length=300)
    request_key: str = Field("", max_length=64)


@router.get("/forums/{forum_id}/meetings", response=list[MeetingOut])
@paginate(Page)
def forum_meetings(request: HttpRequest, forum_id: int = path_id()):  # noqa: ANN201 - paginate wraps it
    forum = selectors.access_forum(_user(request), forum_id)
    return selectors.meeting_list(_user(request), forum=forum)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_detail(request: HttpRequest, meeting_id: Id) -> Any:
    """The meeting with the agenda this person may see and the ideas proposed for it."""
    user = _user(request)
    meeting = selectors.access_meeting(user, meeting_id)
    agenda = selectors.agenda_for(user, meeting)
    meeting.agenda_items = agenda.items  # type: ignore[attr-defined]  # set for the response schema on this instance only
    meeting.proposed_idea_ids = [i.pk for i in agenda.proposed_ideas]  # type: ignore[attr-defined]  # set for the response schema on this instance only
    return meeting


@router.post("/meetings/{meeting_id}/items", response={201: AgendaItemOut})
def item_propose(request: HttpRequest, meeting_id: Id, payload: AgendaItemIn) -> Status:
    user = _user(request)
    meeting = selectors.access_meeting(user, meeting_id)
    idea = access_idea(user, payload.idea_id) if payload.idea_id else None
    with transaction.atomic():
        item = services.item_propose(
            actor=user,
            meeting=meeting,
            title=payload.title,
            purpose=payload.purpose,
            description=payload.description,
            minutes=payload.minutes,
            idea=idea,
            is_shared=payload.is_shared,
            request_key=payload.request_key,
        )
    return Status(201, item)


class NotesIn(Schema):
    notes: str = Field("", max_length=100_000)
    version: int = Field(..., ge=0, le=MAX_INT)


class ConflictOut(Schema):
    detail: str
    current_notes: str


@router.put(
    "/meetings/{meeting_id}/items/{item_id}/notes", response={200: AgendaItemOut, 409: ConflictOut}
)
def item_notes(request: HttpRequest, meeting_id: Id, item_id: Id, payload: NotesIn) -> Any:
    """Save notes; 409 with the saved text when someone else saved since `version`."""
    user = _user(request)
    item = selectors.access_item(user, meeting_id, item_id)
    try:
        with transaction.atomic():
            return services.notes_save(
                actor=user, item=item, notes=payload.notes, version=payload.version
            )
    except services.StaleNotes as exc:
        return Status(409, {"detail": exc.messages[0], "current_notes": exc.current})


@router.post("/meetings/{meeting_id}/send", response=MeetingOut)
def agenda_send(request: HttpRequest, meeting_id: Id) -> Any:
    """Send the agenda and the calendar invitation to the forum's members."""
    user = _user(request)
    meeting = selectors.access_meeting(user, meeting_id)
    with transaction.atomic():
        return services.agenda_send(actor=user, meeting=meeting)


@router.post("/meetings/{meeting_id}/approve", response=MeetingOut)
def minutes_approve(request: HttpRequest, meeting_id: Id) -> Any:
    """The adjuster approves the minutes; they lock and the feedback drafts are sent."""
    user = _user(request)
    meeting = selectors.access_meeting(user, meeting_id)
    with transaction.atomic():
        return services.minutes_approve(actor=user, meeting=meeting)


class AdjusterIn(Schema):
    adjuster_id: Id
    reason: str


@router.post("/meetings/{meeting_id}/adjuster", response=MeetingOut)
def adjuster_change(request: HttpRequest, meeting_id: Id, payload: AdjusterIn) -> Any:
    """Name another adjuster for closed minutes (chair, secretary or the forum's admin)."""
    user = _user(request)
    meeting = selectors.access_meeting(user, meeting_id)
    # Anyone but a forum member is refused by the service with its reason (422).
    adjuster = (
        get_user_model()
        .objects.filter(forum_memberships__forum=meeting.forum, pk=payload.adjuster_id)
        .first()
    )
    with transaction.atomic():
        return services.meeting_adjuster_change(
            actor=user, meeting=meeting, adjuster=adjuster, reason=payload.reason
        )


@router.get("/meetings/{meeting_id}/decisions", response=list[MeetingDecisionOut])
def meeting_decisions(request: HttpRequest, meeting_id: Id) -> Any:
    user = _user(request)
    return selectors.meeting_decisions(user, selectors.access_meeting(user, meeting_id))


@router.post("/meetings/{meeting_id}/items/{item_id}/decisions", response={201: MeetingDecisionOut})
def item_decide(
    request: HttpRequest, meeting_id: Id, item_id: Id, payload: MeetingDecisionIn
) -> Status:
    user = _user(request)
    item = selectors.access_item(user, meeting_id, item_id)
    mandate = access_mandate(user, payload.mandate_id)
    forum = selectors.access_forum(user, payload.forum_id) if payload.forum_id else None
    decision = DecisionInput.from_api(payload, mandate=mandate, forum=forum)
    with transaction.atomic():
        record = services.meeting_decision_record(
            actor=user, item=item, decision=decision, request_key=payload.request_key
        )
    return Status(201, record)


@router.get("/action-items", response=list[ActionItemOut])
@paginate(Page)
def action_items(request: HttpRequest, forum_id: int | None = query_id(), mine: bool = False):  # noqa: ANN201
    user = _user(request)
    forum = selectors.access_forum(user, forum_id) if forum_id else None
    return selectors.action_item_list(user, forum=forum, owner=user if mine else None)


@router.post("/action-items", response={201: ActionItemOut})
def action_item_give(request: HttpRequest, payload: ActionItemIn) -> Any:
    """Give a forum an action between meetings; it comes up on the forum's next agenda."""
    user = _user(request)
    forums = selectors.forums_for_actions(user)
    forum = get_object_or_404(forums, pk=payload.forum_id)
    owner = get_object_or_404(selectors.action_owner_candidates(forums), pk=payload.owner_id)
    data = payload.dict(exclude={"forum_id", "owner_id"})
    action = services.action_item_give(actor=user, forum=forum, owner=owner, **data)
    return Status(201, action)


@router.post("/action-items/{action_id}/done", response=ActionItemOut)
def action_item_done(request: HttpRequest, action_id: Id) -> Any:
    user = _user(request)
    action = get_object_or_404(selectors.action_item_list(user), pk=action_id)
    with transaction.atomic():
        return services.action_item_done(actor=user, action=action)
