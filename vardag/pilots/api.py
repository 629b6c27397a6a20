"""API for pilots, impact goals, measurements, evaluations, implementation, reviews, adoptions,
lessons and the overview figures: the same selectors and services as the pages."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from vardag.accounts.models import User
from vardag.core.actors import request_actor
from vardag.core.api_types import Id, Page
from vardag.core.filters import api_data, api_filtered, query_schema
from vardag.pilots import filters, selectors, services
from vardag.pilots.models import (
    Adoption,
    DecisionReview,
    Evaluation,
    ImpactGoal,
    ImplementationPlan,
    Pilot,
    ReceivingUnit,
)

router = Router(tags=["pilots"])


def _user(request: HttpRequest) -> User:
    return request_actor(request)


class PilotSummaryOut(Schema):
    id: Id
    idea_id: Id
    title: str
    phase: str
    starts_on: date
    ends_on: date
    budget_sek: int
    hours_granted: int
    test_group_id: Id
    test_group_size: int

    @staticmethod
    def resolve_title(obj: Pilot) -> str:
        return obj.idea.title


class PilotMeasurementOut(Schema):
    measured_on: date
    value: Decimal
    note: str
    source: str


class ImpactGoalOut(Schema):
    id: Id
    level: str
    indicator: str
    unit: str
    direction: str
    baseline: Decimal | None
    target: Decimal | None
    starts_on: date
    ends_on: date
    data_source: str
    organisation_goal: str
    agenda2030_target: str
    measurable_from: date | None
    is_reached: bool
    measurements: list[PilotMeasurementOut]

    @staticmethod
    def resolve_is_reached(obj: ImpactGoal) -> bool:
        return selectors.is_goal_reached(obj)

    @staticmethod
    def resolve_measurements(obj: ImpactGoal) -> list:
        return list(obj.measurements.all())


class PilotDetailOut(PilotSummaryOut):
    hypothesis: str
    smallest_solution: str
    risks: str
    decision_id: Id
    goals: list[ImpactGoalOut]

    @staticmethod
    def resolve_goals(obj: Pilot) -> list:
        return list(obj.goals.all())


class PilotMeasurementIn(Schema):
    measured_on: date
    value: Decimal
    note: str = ""
    request_key: str = Field(
        "", max_length=64, description="One-time key: a repeat returns the first value."
    )


class PilotEvaluationOut(Schema):
    id: Id
    period_starts_on: date
    period_ends_on: date
    findings: str
    users_said: str
    children_views: str
    costs_sek: int
    hours_used: int
    recommendation: str
    rationale: str
    insight_ids: list[Id]
    value_assessment_id: Id | None

    @staticmethod
    def resolve_insight_ids(obj: Evaluation) -> list[int]:
        return [i.pk for i in obj.insights.all()]


class ReceivingUnitOut(Schema):
    id: Id
    unit_id: Id
    unit: str
    line_owner_id: Id
    taken_over_on: date | None

    @staticmethod
    def resolve_unit(obj: ReceivingUnit) -> str:
        return str(obj.unit)


class ImplementationPlanOut(Schema):
    id: Id
    budget_source: str
    annual_cost_sek: int
    routines: str
    training: str
    follow_up_on: date
    followed_up_on: date | None
    follow_up_summary: str
    receiving_units: list[ReceivingUnitOut]

    @staticmethod
    def resolve_receiving_units(obj: ImplementationPlan) -> list:
        return list(obj.receiving_units.all())


class TakeoverIn(Schema):
    note: str = ""


class DecisionReviewOut(Schema):
    id: Id
    decision_id: Id
    idea_id: Id
    forum_id: Id
    review_on: date
    reason: str
    note: str
    agenda_item_id: Id | None
    outcome_id: Id | None

    @staticmethod
    def resolve_idea_id(obj: DecisionReview) -> int:
        return obj.decision.idea_id


class DecisionReviewIn(Schema):
    review_on: date
    reason: str
    note: str = ""


class AdoptionResultOut(Schema):
    goal_id: Id
    measured_on: date
    value: Decimal


class AdoptionOut(Schema):
    id: Id
    origin_id: Id
    origin_title: str
    organisation_id: Id
    unit_id: Id
    line_owner_id: Id
    started_on: date
    adaptation: str
    results: str
    result_values: list[AdoptionResultOut]

    @staticmethod
    def resolve_origin_title(obj: Adoption) -> str:
        return obj.origin.idea.title

    @staticmethod
    def resolve_result_values(obj: Adoption) -> list:
        return list(obj.result_values.all())


class LessonOut(Schema):
    id: Id
    idea_id: Id
    text: str
    outcome: str | None
    started_by: str | None
    participants: list[str]
    helped: list[str]
    hindered: list[str]
    effects: list[str]


class PilotFiguresOut(Schema):
    pilots_by_phase: dict[str, int]
    goals_total: int
    goals_measurable: int
    goals_reached: int
    goals_reached_share: float | None
    implementations_total: int
    follow_ups_done: int
    follow_ups_overdue: int
    follow_ups_pending: int
    adoptions_of_ours: int
    adoptions_by_us: int
    lessons_total: int
    lessons_by_outcome: dict[str, int]
    helped: dict[str, int]
    hindered: dict[str, int]
    effects: dict[str, int]


@router.get("/pilots", response=list[PilotSummaryOut])
@paginate(Page)
def list_pilots(request: HttpRequest, phase: str = ""):  # noqa: ANN201
    return selectors.pilot_list(_user(request), phase=phase)


@router.get("/pilots/{pilot_id}", response=PilotDetailOut)
def get_pilot(request: HttpRequest, pilot_id: Id) -> Pilot:
    return selectors.access_pilot(_user(request), pilot_id)


@router.get("/pilots/{pilot_id}/evaluations", response=list[PilotEvaluationOut])
def list_evaluations(request: HttpRequest, pilot_id: Id):  # noqa: ANN201
    return list(selectors.access_pilot(_user(request), pilot_id).evaluations.all())


@router.get("/pilots/{pilot_id}/plan", response={200: ImplementationPlanOut, 404: dict})
def get_plan(request: HttpRequest, pilot_id: Id):  # noqa: ANN201
    plan = selectors.plan_of(selectors.access_pilot(_user(request), pilot_id))
    if plan is None:
        return Status(404, {"detail": "no plan"})
    return plan


@router.get("/goals/{goal_id}", response=ImpactGoalOut)
def get_goal(request: HttpRequest, goal_id: Id) -> ImpactGoal:
    return selectors.access_goal(_user(request), goal_id)


@router.post("/goals/{goal_id}/measurements", response={201: PilotMeasurementOut})
def add_measurement(request: HttpRequest, goal_id: Id, payload: PilotMeasurementIn) -> Status:
    user = _user(request)
    goal = selectors.access_goal(user, goal_id)
    with transaction.atomic():
        row = services.measurement_add(actor=user, goal=goal, **payload.dict())
    return Status(201, row)


@router.post("/receiving/{receiving_id}/takeover", response=ReceivingUnitOut)
def take_over(request: HttpRequest, receiving_id: Id, payload: TakeoverIn) -> ReceivingUnit:
    user = _user(request)
    receiving = selectors.access_receiving_unit(user, receiving_id)
    with transaction.atomic():
        return services.takeover_record(actor=user, receiving=receiving, note=payload.note)


@router.get("/reviews", response=list[DecisionReviewOut])
@paginate(Page)
def list_reviews(request: HttpRequest, open_only: bool = False):  # noqa: ANN201
    return selectors.review_list(_user(request), open_only=open_only)


@router.post("/decisions/{decision_id}/review", response={201: DecisionReviewOut})
def set_review(request: HttpRequest, decision_id: Id, payload: DecisionReviewIn) -> Status:
    user = _user(request)
    decision = selectors.access_decision(user, decision_id)
    with transaction.atomic():
        review = services.review_set(actor=user, decision=decision, **payload.dict())
    return Status(201, review)


@router.get("/adoptions", response=list[AdoptionOut])
@paginate(Page)
def list_adoptions(request: HttpRequest):  # noqa: ANN201
    return selectors.adoption_list(_user(request)).prefetch_related("result_values")


@router.get("/adoptions/{adoption_id}", response=AdoptionOut)
def get_adoption(request: HttpRequest, adoption_id: Id) -> Adoption:
    return selectors.access_adoption(_user(request), adoption_id)


# The lessons library's query parameters: the filters of its page (`filters.LessonFilterSet`).
LessonQuery = query_schema(filters.LessonFilterSet, "LessonQuery")


@router.get("/lessons", response=list[LessonOut])
@paginate(Page)
def list_lessons(request: HttpRequest, params: Query[LessonQuery]):  # type: ignore[valid-type]  # noqa: ANN201
    lessons = filters.LessonFilterSet(api_data(params), actor=_user(request))
    return [_lesson_out(lesson) for lesson in api_filtered(lessons)]


def _lesson_out(lesson: object) -> LessonOut:
    record = getattr(lesson, "record", None) if _has_record(lesson) else None
    return LessonOut(
        id=lesson.pk,  # type: ignore[attr-defined]  # typed object: a Lesson of ideas or pilots
        idea_id=lesson.idea_id,  # type: ignore[attr-defined]  # typed object: a Lesson of ideas or pilots
        text=lesson.text,  # type: ignore[attr-defined]  # typed object: a Lesson of ideas or pilots
        outcome=record.outcome if record else None,
        started_by=record.started_by if record else None,
        participants=record.participants if record else [],
        helped=record.helped if record else [],
        hindered=record.hindered if record else [],
        effects=record.effects if record else [],
    )


def _has_record(lesson: object) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return getattr(lesson, "record", None) is not None
    except ObjectDoesNotExist:
        return False


@router.get("/figures", response=PilotFiguresOut)
def figures(request: HttpRequest) -> PilotFiguresOut:
    from vardag.core.access import organisation_id

    data = selectors.pilot_figures(organisation_id(_user(request)))
    return PilotFiguresOut(**{**data.__dict__, "goals_reached_share": data.goals_reached_share})
