"""API for challenges, ideas, decisions, feedback and search: the same selectors and services."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from vardag.accounts.models import User
from vardag.core.actors import request_actor
from vardag.core.api_types import Count, Id, Page
from vardag.core.filters import api_data, api_filtered, query_schema
from vardag.core.selectors import unit_list
from vardag.forums.selectors import access_forum, access_mandate, forum_list
from vardag.ideas import agenda, filters, guide, selectors, services
from vardag.ideas.models import Idea
from vardag.ideas.workflow import NEXT_GATE

router = Router(tags=["ideas"])


def _user(request: HttpRequest) -> User:
    return request_actor(request)


class IdeaOut(Schema):
    id: Id
    title: str
    summary: str
    kind: str
    state: str
    stage: str | None = Field(
        None,
        alias="stage.label",
        description="The idea's work stage, named in the request's language (its English name "
        "when the stage has one, else its Swedish name)",
    )
    stage_id: Id | None
    unit_id: Id
    forum_id: Id | None
    challenge_id: Id | None
    next_handling_on: date | None
    feedback_due_on: date | None
    version: int
    created_at: datetime


class IdeaListRowOut(IdeaOut):
    """A row of the idea list: with the next planned meeting whose agenda holds the idea."""

    agenda_meeting_id: Id | None = Field(
        None,
        description="The earliest planned meeting from today, in a forum and an item the "
        "caller sees, whose agenda holds the idea (the next handling; `next_handling_on` is "
        "the idea's own date, set by a decision)",
    )
    agenda_meeting_starts_at: datetime | None = Field(None, alias="agenda_starts_at")
    agenda_forum: str | None = Field(
        None, alias="agenda_forum_name", description="The forum of that meeting"
    )


class OrganisationPartOut(Schema):
    organisation_id: Id
    organisation: str
    is_own: bool
    co_owner_id: Id | None
    co_owner: str | None
    forum_id: Id | None
    forum: str | None
    next_handling_on: date | None
    is_heard: bool


def _part_out(part: selectors.OrganisationPart) -> OrganisationPartOut:
    return OrganisationPartOut(
        organisation_id=part.organisation.pk,
        organisation=str(part.organisation),
        is_own=part.is_own,
        co_owner_id=part.co_owner.pk if part.co_owner else None,
        co_owner=str(part.co_owner) if part.co_owner else None,
        forum_id=part.forum.pk if part.forum else None,
        forum=str(part.forum) if part.forum else None,
        next_handling_on=part.next_handling_on,
        is_heard=part.is_heard,
    )


class IdeaDetailOut(IdeaOut):
    user_situation: str
    user_resources: str
    organisation_offer: str
    better_for_whom: str
    asks_hours: int
    asks_amount_sek: int
    hours_granted: int
    amount_granted_sek: int
    affected_unit_ids: list[Id]
    revisit_on: date | None
    archive_reason: str

    organisations: list[OrganisationPartOut]

    @staticmethod
    def resolve_affected_unit_ids(obj: Idea) -> list[int]:
        return [u.pk for u in obj.affected_units.all()]

    @staticmethod
    def resolve_organisations(obj: Idea) -> list[OrganisationPartOut]:
        """Co-owner and current forum per organisation; empty within one organisation."""
        return [_part_out(p) for p in selectors.organisation_parts(obj)]


class IdeaOrganisationIn(Schema):
    co_owner_id: Id
    forum_id: Id
    next_handling_on: date | None = None


class ConsultationOut(Schema):
    id: Id
    organisation_id: Id
    position: str
    statement: str
    forum_id: Id | None
    recorded_by_id: Id
    recorded_on: date


class ConsultationIn(Schema):
    position: str = Field(..., description="supports, conditions or opposes")
    statement: str = Field(..., min_length=1, max_length=10_000)
    forum_id: Id | None = None
    recorded_on: date | None = None
    request_key: str = Field(
        "", max_length=64, description="Same key again (a retry) gives the first result back."
    )


class IdeaIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    unit_id: Id
    summary: str = ""
    kind: str = Idea.Kind.SERVICE
    challenge_id: Id | None = None
    user_situation: str = ""
    user_resources: str = ""
    organisation_offer: str = ""
    better_for_whom: str = ""
    asks_hours: int = Field(0, ge=0, le=100_000)
    asks_amount_sek: int = Field(0, ge=0, le=1_000_000_000)
    affected_unit_ids: list[Id] = []


class IdeaPatch(Schema):
    version: Count
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = None
    user_situation: str | None = None
    user_resources: str | None = None
    organisation_offer: str | None = None
    better_for_whom: str | None = None
    asks_hours: int | None = Field(None, ge=0, le=100_000)
    asks_amount_sek: int | None = Field(None, ge=0, le=1_000_000_000)
    kind: str | None = None
    affected_unit_ids: list[Id] | None = Field(
        None, description="Replaces the affected units (own or partner organisations' units)"
    )


# The idea list's query parameters: the filters of the list page (`filters.IdeaFilterSet`).
IdeaQuery = query_schema(filters.IdeaFilterSet, "IdeaQuery")


class DecisionOut(Schema):
    id: Id
    idea_id: Id
    decision_type: str
    mandate_id: Id
    forum_id: Id | None
    decided_by_id: Id
    decided_on: date
    amount_sek: int
    hours: int
    rationale: str
    conditions: str
    registry_number: str
    from_state: str
    to_state: str


class DecisionIn(Schema):
    decision_type: str
    mandate_id: Id
    amount_sek: int = Field(0, ge=0, le=1_000_000_000)
    hours: int = Field(0, ge=0, le=100_000)
    rationale: str = ""
    conditions: str = ""
    registry_number: str = Field("", max_length=50)
    forum_id: Id | None = None
    next_handling_on: date | None = None
    team_ids: list[Id] = []
    revisit_on: date | None = None
    lesson: str = ""
    publish_lesson: bool = False
    request_key: str = Field("", max_length=64)


class FeedbackOut(Schema):
    id: Id
    decision_id: Id | None
    body: str
    created_at: datetime


class FeedbackIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)
    next_handling_on: date | None = None
    request_key: str = Field(
        "", max_length=64, description="Same key again (a retry) gives the first result back."
    )


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)
    request_key: str = Field(
        "", max_length=64, description="Same key again (a retry) gives the first result back."
    )


class EventOut(Schema):
    id: Id
    kind: str
    actor_id: Id | None
    text: str
    created_at: datetime


class RouteOut(Schema):
    mandate_id: Id
    mandate: str
    holder: str
    forum_id: Id | None
    people: list[str]


class OrganisationForumOut(Schema):
    organisation_id: Id
    organisation: str
    forum_id: Id | None
    forum: str | None
    co_owner_id: Id | None
    suggested_forum_ids: list[Id]


class GuideOut(Schema):
    decision_type: str
    decision_label: str
    routes: list[RouteOut]
    documentation: list[str]
    upward_forum_id: Id | None
    next_handling_on: date | None
    organisations: list[OrganisationForumOut]


class SimilarOut(Schema):
    id: Id
    title: str
    state: str
    score: float


class ChallengeOut(Schema):
    id: Id
    question: str
    description: str
    driver: str
    owner_unit_id: Id
    scope: str
    starts_on: date | None
    ends_on: date | None


class ChallengeIn(Schema):
    question: str = Field(..., min_length=1, max_length=300)
    owner_unit_id: Id
    driver: str = "challenge"
    description: str = ""
    scope: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    request_key: str = Field(
        "", max_length=64, description="Same key again (a retry) gives the first result back."
    )


def _unknown_units() -> str:
    return _("Okända eller stängda enheter, eller enheter utan samverkansöverenskommelse")


def _known(choices: QuerySet[Any], ids: list[int], problem: str) -> list[Any]:
    """The objects with these ids among `choices`, in the order asked; an id that is not there
    is refused (422, with the ids), never silently dropped."""
    found = {obj.pk: obj for obj in choices.filter(pk__in=ids)}
    unknown = [i for i in dict.fromkeys(ids) if i not in found]
    if unknown:
        raise ValidationError(f"{problem}: {', '.join(str(i) for i in unknown)}.")
    return [found[i] for i in dict.fromkeys(ids)]


@router.get("/ideas", response=list[IdeaListRowOut])
@paginate(Page)
def list_ideas(request: HttpRequest, params: Query[IdeaQuery]):  # type: ignore[valid-type]  # noqa: ANN201
    user = _user(request)
    ideas = filters.IdeaFilterSet(api_data(params), actor=user)
    # Counted and sliced in the database; a row needs only its stage's names and its next
    # agenda meeting (subqueries: no query more).
    rows = api_filtered(ideas).select_related("stage").order_by("-updated_at", "-id")
    return agenda.with_agenda_meeting(user, rows)


@router.post("/ideas", response={201: IdeaDetailOut})
def create_idea(request: HttpRequest, payload: IdeaIn) -> Status:
    user = _user(request)
    units = unit_list(user)
    data = payload.dict()
    unit = get_object_or_404(units, pk=data.pop("unit_id"))
    affected = _known(
        selectors.affected_unit_choices(user),
        data.pop("affected_unit_ids"),
        _unknown_units(),
    )
    if data["kind"] not in Idea.Kind.values:
        raise ValidationError(_("Okänd typ av idé."))
    challenge_id = data.pop("challenge_id")
    challenge = selectors.access_challenge(user, challenge_id) if challenge_id else None
    with transaction.atomic():
        idea = services.idea_create(
            actor=user, unit=unit, affected_units=affected, challenge=challenge, **data
        )
    return Status(201, selectors.access_idea(user, idea.pk))


@router.get("/ideas/{idea_id}", response=IdeaDetailOut)
def get_idea(request: HttpRequest, idea_id: Id) -> Idea:
    return selectors.access_idea(_user(request), idea_id)


@router.patch("/ideas/{idea_id}", response=IdeaDetailOut)
def update_idea(request: HttpRequest, idea_id: Id, payload: IdeaPatch) -> Idea:
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    data = payload.dict(exclude_none=True)
    version = data.pop("version")
    if "kind" in data and data["kind"] not in Idea.Kind.values:
        raise ValidationError(_("Okänd typ av idé."))
    if "affected_unit_ids" in data:
        data["affected_units"] = _known(
            selectors.affected_unit_choices(user),
            data.pop("affected_unit_ids"),
            _unknown_units(),
        )
    services.idea_update(actor=user, idea=idea, version=version, **data)
    return selectors.access_idea(user, idea_id)


@router.post("/ideas/{idea_id}/submit", response=IdeaDetailOut)
def submit_idea(request: HttpRequest, idea_id: Id) -> Idea:
    user = _user(request)
    services.idea_submit(actor=user, idea=selectors.access_idea(user, idea_id))
    return selectors.access_idea(user, idea_id)


@router.get("/ideas/{idea_id}/decisions", response=list[DecisionOut])
def list_decisions(request: HttpRequest, idea_id: Id):  # noqa: ANN201
    user = _user(request)
    return selectors.decision_list(user, idea=selectors.access_idea(user, idea_id))


@router.post("/ideas/{idea_id}/decisions", response={201: DecisionOut})
def record_decision(request: HttpRequest, idea_id: Id, payload: DecisionIn):  # noqa: ANN201
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    mandate = access_mandate(user, payload.mandate_id)
    forum = access_forum(user, payload.forum_id) if payload.forum_id else None
    team = _known(
        selectors.team_candidates(idea),
        payload.team_ids,
        _("Okända personer för idéteamet (bara aktiva personer i idéns organisation)"),
    )
    decision = services.DecisionInput.from_api(payload, mandate=mandate, forum=forum, team=team)
    record = services.decision_record(
        actor=user, idea=idea, decision=decision, request_key=payload.request_key
    )
    return Status(201, record)


@router.get("/ideas/{idea_id}/feedback", response=list[FeedbackOut])
def list_feedback(request: HttpRequest, idea_id: Id):  # noqa: ANN201
    idea = selectors.access_idea(_user(request), idea_id)
    return idea.feedback.order_by("created_at")


@router.post("/ideas/{idea_id}/feedback", response={201: FeedbackOut})
def give_feedback(request: HttpRequest, idea_id: Id, payload: FeedbackIn) -> Status:
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    return Status(201, services.feedback_give(actor=user, idea=idea, **payload.dict()))


@router.post("/ideas/{idea_id}/comments", response={201: EventOut})
def add_comment(request: HttpRequest, idea_id: Id, payload: CommentIn) -> Status:
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    comment = services.comment_add(actor=user, idea=idea, **payload.dict())
    return Status(201, idea.events.filter(kind="comment", text=comment.body).latest("id"))


@router.get("/ideas/{idea_id}/timeline", response=list[EventOut])
def timeline(request: HttpRequest, idea_id: Id):  # noqa: ANN201
    return selectors.idea_timeline(selectors.access_idea(_user(request), idea_id))[:500]


@router.get("/ideas/{idea_id}/guide", response=GuideOut)
def idea_guide(request: HttpRequest, idea_id: Id) -> GuideOut:
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    gate = NEXT_GATE.get(idea.state) or "register"
    parts = selectors.organisation_parts(idea)
    answer = guide.route(
        user,
        unit_ids=[idea.unit_id, *(u.pk for u in idea.affected_units.all())],
        hours=idea.asks_hours,
        amount_sek=idea.asks_amount_sek,
        crosses_organisations=bool(parts),
        decision_type=gate,
        next_handling_on=idea.next_handling_on,
    )
    organisations = guide.organisation_forums(idea, parts, gate)
    return GuideOut(
        decision_type=answer.decision_type,
        decision_label=answer.decision_label,
        routes=[
            RouteOut(
                mandate_id=r.mandate.pk,
                mandate=r.mandate.title,
                holder=r.holder,
                forum_id=r.forum.pk if r.forum else None,
                people=r.people,
            )
            for r in answer.routes
        ],
        documentation=[str(d) for d in answer.documentation],
        upward_forum_id=answer.upward_forum.pk if answer.upward_forum else None,
        next_handling_on=answer.next_handling_on,
        organisations=[
            OrganisationForumOut(
                organisation_id=o.organisation.pk,
                organisation=str(o.organisation),
                forum_id=o.forum.pk if o.forum else None,
                forum=str(o.forum) if o.forum else None,
                co_owner_id=o.co_owner.pk if o.co_owner else None,
                suggested_forum_ids=[f.pk for f in o.suggested],
            )
            for o in organisations
        ],
    )


@router.get("/ideas/{idea_id}/organisations", response=list[OrganisationPartOut])
def idea_organisations(request: HttpRequest, idea_id: Id) -> list[OrganisationPartOut]:
    """Co-owner, current forum and whether each affected organisation has been heard."""
    idea = selectors.access_idea(_user(request), idea_id)
    return [_part_out(p) for p in selectors.organisation_parts(idea)]


@router.put("/ideas/{idea_id}/co-owner", response=OrganisationPartOut)
def set_co_owner(
    request: HttpRequest, idea_id: Id, payload: IdeaOrganisationIn
) -> OrganisationPartOut:
    """Name your organisation's co-owner of a partner's idea and its current forum with you."""
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    services.idea_organisation_set(
        actor=user,
        idea=idea,
        co_owner=selectors.co_owner_candidates(user).filter(pk=payload.co_owner_id).first(),
        forum=forum_list(user).filter(pk=payload.forum_id).first(),  # type: ignore[arg-type]  # None (an unknown forum) is refused by the service with its reason
        next_handling_on=payload.next_handling_on,
    )
    parts = selectors.organisation_parts(selectors.access_idea(user, idea_id))
    return _part_out(next(p for p in parts if p.organisation.pk == user.organisation_id))


@router.get("/ideas/{idea_id}/consultations", response=list[ConsultationOut])
def list_consultations(request: HttpRequest, idea_id: Id):  # noqa: ANN201
    idea = selectors.access_idea(_user(request), idea_id)
    return selectors.consultation_list(idea)


@router.post("/ideas/{idea_id}/consultations", response={201: ConsultationOut})
def record_consultation(request: HttpRequest, idea_id: Id, payload: ConsultationIn) -> Status:
    """Your organisation's statement (yttrande) on a partner's idea that affects it."""
    user = _user(request)
    idea = selectors.access_idea(user, idea_id)
    forum = None
    if payload.forum_id is not None:
        forum = get_object_or_404(forum_list(user), pk=payload.forum_id)
    consultation = services.consultation_record(
        actor=user,
        idea=idea,
        position=payload.position,
        statement=payload.statement,
        forum=forum,
        recorded_on=payload.recorded_on,
        request_key=payload.request_key,
    )
    return Status(201, consultation)


@router.get("/similar", response=list[SimilarOut])
def similar_ideas(request: HttpRequest, text: str = "") -> list[dict]:
    return selectors.similar_ideas(_user(request), text[:2000])


@router.get("/challenges", response=list[ChallengeOut])
@paginate(Page)
def list_challenges(request: HttpRequest):  # noqa: ANN201
    return selectors.challenge_list(_user(request)).order_by("-created_at")


@router.get("/challenges/{challenge_id}", response=ChallengeOut)
def get_challenge(request: HttpRequest, challenge_id: Id):  # noqa: ANN201
    return selectors.access_challenge(_user(request), challenge_id)


@router.post("/challenges", response={201: ChallengeOut})
def create_challenge(request: HttpRequest, payload: ChallengeIn):  # noqa: ANN201
    user = _user(request)
    data = payload.dict()
    unit = get_object_or_404(unit_list(user), pk=data.pop("owner_unit_id"))
    return Status(201, services.challenge_create(actor=user, owner_unit=unit, **data))
