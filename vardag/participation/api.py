"""API for the user perspective: the same selectors and services as the pages.

Never exposes participants' identities (there are none) or contribution codes; participant
counts under the organisation's suppression threshold are returned as null.
"""

from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from vardag.accounts.models import User
from vardag.core.actors import request_actor
from vardag.core.api_types import Count, Id, Int, Page
from vardag.core.filters import api_data, api_filtered, query_schema
from vardag.core.selectors import organisation_of, unit_list
from vardag.participation import filters, selectors, services
from vardag.participation.models import (
    Activity,
    ActorMap,
    Insight,
    Journey,
    LegalReference,
    UserGroup,
    ValueAssessment,
)

router = Router(tags=["participation"])


def _user(request: HttpRequest) -> User:
    return request_actor(request)


class LegalReferenceOut(Schema):
    id: Id
    code: str
    title: str
    citation: str
    url: str
    is_national: bool

    @staticmethod
    def resolve_is_national(obj: LegalReference) -> bool:
        return obj.organisation_id is None


class UserGroupOut(Schema):
    id: Id
    name: str
    description: str
    owner_unit_id: Id
    age_min: int | None
    age_max: int | None
    includes_children: bool
    contact: str
    third_parties: list[str]
    size_estimate: int | None
    legal_frame_ids: list[Id]

    @staticmethod
    def resolve_legal_frame_ids(obj: UserGroup) -> list[int]:
        return [r.pk for r in obj.legal_frames.all()]


class UserGroupIn(Schema):
    name: str
    description: str = ""
    owner_unit_id: Id
    age_min: Count | None = None
    age_max: Count | None = None
    includes_children: bool = False
    contact: str
    third_parties: list[str] = []
    size_estimate: Count | None = None
    legal_frame_ids: list[Id] = []


class InsightOut(Schema):
    id: Id
    statement: str
    evidence: str
    perspective: str
    other_sources: str
    user_group_ids: list[Id]
    activity_ids: list[Id]
    updated_at: datetime

    @staticmethod
    def resolve_user_group_ids(obj: Insight) -> list[int]:
        return [g.pk for g in obj.user_groups.all()]

    @staticmethod
    def resolve_activity_ids(obj: Insight) -> list[int]:
        return [a.pk for a in obj.activities.all()]


class InsightIn(Schema):
    statement: str
    evidence: str
    perspective: str
    other_sources: str = ""
    user_group_ids: list[Id] = []
    activity_ids: list[Id] = []


# The insight library's query parameters: the filters of its page (`filters.InsightFilterSet`).
InsightQuery = query_schema(filters.InsightFilterSet, "InsightQuery")


class BandOut(Schema):
    label: str
    count: int | None


class ActivityOut(Schema):
    id: Id
    title: str
    purpose: str
    kind: str
    method: str
    held_on: date | None
    level: int
    unit_id: Id
    user_group_ids: list[Id]
    lundy_space: bool
    lundy_voice: bool
    lundy_audience: bool
    lundy_influence: bool
    is_lundy_complete: bool
    involves_children: bool
    guardian_consent: bool
    child_consent: bool
    age_adapted_method: bool
    support_person: bool
    are_child_safeguards_complete: bool
    is_open: bool
    child_mode: bool
    question: str
    feedback: str
    feedback_given_on: date | None

    @staticmethod
    def resolve_user_group_ids(obj: Activity) -> list[int]:
        return [g.pk for g in obj.user_groups.all()]


class ActivityDetailOut(ActivityOut):
    participants_total: int | None
    participants: list[BandOut]


class ActivityIn(Schema):
    title: str
    purpose: str = ""
    unit_id: Id
    kind: str
    method: str
    held_on: date | None = None
    level: Count = 1
    user_group_ids: list[Id] = []
    lundy_space: bool = False
    lundy_voice: bool = False
    lundy_audience: bool = False
    lundy_influence: bool = False
    lundy_notes: str = ""
    involves_children: bool = False
    guardian_consent: bool = False
    child_consent: bool = False
    age_adapted_method: bool = False
    support_person: bool = False
    consent_rule: str = "under_13"
    child_mode: bool = False
    question: str = ""
    counts: dict[str, Count] = {}
    request_key: str = Field(
        "", max_length=64, description="One-time key: a repeat returns the first activity."
    )


class ActivityFeedbackIn(Schema):
    feedback: str


class StepOut(Schema):
    order: int
    touchpoint: str
    organisation_name: str
    experience: str
    pain: str
    gain: str
    sphere: str
    feeling: int


class JourneyOut(Schema):
    id: Id
    user_group_id: Id
    title: str
    description: str
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: Journey) -> list:
        return list(obj.steps.all())


class RiskOut(Schema):
    description: str
    mitigation: str


class ValueAssessmentOut(Schema):
    id: Id
    subject_type: str
    subject_id: Id
    subject_label: str
    title: str
    perspective: str
    wellbeing: int
    outcome: int
    experience: int
    self_management: int
    individual_notes: str
    collective: int
    collective_notes: str
    other_groups: str
    within_legal_frame: str
    legal_notes: str
    child_view: str
    best_interests: str
    has_value_conflict: bool
    legal_reference_ids: list[Id]
    user_group_ids: list[Id]
    risks: list[RiskOut]

    @staticmethod
    def resolve_legal_reference_ids(obj: ValueAssessment) -> list[int]:
        return [r.pk for r in obj.legal_references.all()]

    @staticmethod
    def resolve_user_group_ids(obj: ValueAssessment) -> list[int]:
        return [g.pk for g in obj.user_groups.all()]

    @staticmethod
    def resolve_risks(obj: ValueAssessment) -> list:
        return list(obj.risks.all())


class ValueAssessmentIn(Schema):
    subject_type: str = "ideas.idea"
    subject_id: Id
    title: str
    perspective: str
    wellbeing: Int = 0
    outcome: Int = 0
    experience: Int = 0
    self_management: Int = 0
    individual_notes: str = ""
    collective: Int = 0
    collective_notes: str = ""
    other_groups: str = ""
    within_legal_frame: str
    legal_notes: str = ""
    child_view: str = ""
    best_interests: str = ""
    legal_reference_ids: list[Id] = []
    user_group_ids: list[Id] = []


class ActorOut(Schema):
    id: Id
    name: str
    kind: str
    resources: str
    dependency_notes: str
    depends_on_ids: list[Id]


class ActorMapOut(Schema):
    id: Id
    subject_type: str
    subject_id: Id
    subject_label: str
    title: str
    actors: list[ActorOut]

    @staticmethod
    def resolve_actors(obj: ActorMap) -> list[dict]:
        return [
            {
                "id": a.pk,
                "name": a.name,
                "kind": a.kind,
                "resources": a.resources,
                "dependency_notes": a.dependency_notes,
                "depends_on_ids": [d.pk for d in a.depends_on.all()],
            }
            for a in obj.actors.all()
        ]


class EvidenceQuery(Schema):
    subject_type: str = "ideas.idea"
    subject_id: Id
    min_user_groups: Count = 1
    min_user_voice_insights: Count = 0
    needs_value_assessment_with_legal_basis: bool = False
    needs_lundy_when_children: bool = False


class EvidenceOut(Schema):
    subject_type: str
    subject_id: Id
    user_group_ids: list[Id]
    insight_ids: list[Id]
    user_voice_insight_count: int
    activity_ids: list[Id]
    value_assessment_ids: list[Id]
    has_children: bool
    missing: list[str]
    is_complete: bool


class LinkIn(Schema):
    subject_type: str = "ideas.idea"
    subject_id: Id
    user_group_id: Id | None = None
    insight_id: Id | None = None
    activity_id: Id | None = None


class LinkOut(Schema):
    id: Id
    subject_type: str
    subject_id: Id


@router.get("/legal-references", response=list[LegalReferenceOut])
def list_legal_references(request: HttpRequest) -> list[LegalReference]:
    return list(selectors.legal_reference_list(_user(request)))


# The user groups' query parameters: the filters of their page (`filters.UserGroupFilterSet`).
UserGroupQuery = query_schema(filters.UserGroupFilterSet, "UserGroupQuery")


@router.get("/groups", response=list[UserGroupOut])
@paginate(Page)
def list_groups(request: HttpRequest, params: Query[UserGroupQuery]) -> object:  # type: ignore[valid-type]
    groups = filters.UserGroupFilterSet(api_data(params), actor=_user(request))
    return api_filtered(groups).prefetch_related("legal_frames")


@router.post("/groups", response={201: UserGroupOut})
def create_group(request: HttpRequest, payload: UserGroupIn) -> Status:
    user = _user(request)
    data = payload.dict()
    unit = get_object_or_404(unit_list(user), pk=data.pop("owner_unit_id"))
    refs = list(selectors.legal_reference_list(user).filter(pk__in=data.pop("legal_frame_ids")))
    group = services.user_group_create(actor=user, owner_unit=unit, legal_frames=refs, **data)
    return Status(201, group)


@router.get("/groups/{group_id}", response=UserGroupOut)
def get_group(request: HttpRequest, group_id: Id) -> UserGroup:
    return selectors.access_user_group(_user(request), group_id)


@router.get("/journeys/{journey_id}", response=JourneyOut)
def get_journey(request: HttpRequest, journey_id: Id) -> Journey:
    return selectors.access_journey(_user(request), journey_id)


@router.get("/insights", response=list[InsightOut])
@paginate(Page)
def list_insights(request: HttpRequest, params: Query[InsightQuery]) -> object:  # type: ignore[valid-type]
    insights = filters.InsightFilterSet(api_data(params), actor=_user(request))
    return api_filtered(insights)


@router.post("/insights", response={201: InsightOut})
def create_insight(request: HttpRequest, payload: InsightIn) -> Status:
    user = _user(request)
    data = payload.dict()
    groups = list(selectors.user_group_list(user).filter(pk__in=data.pop("user_group_ids")))
    acts = list(selectors.activity_list(user).filter(pk__in=data.pop("activity_ids")))
    insight = services.insight_create(actor=user, user_groups=groups, activities=acts, **data)
    return Status(201, selectors.access_insight(user, insight.pk))


@router.get("/insights/{insight_id}", response=InsightOut)
def get_insight(request: HttpRequest, insight_id: Id) -> Insight:
    return selectors.access_insight(_user(request), insight_id)


@router.get("/activities", response=list[ActivityOut])
@paginate(Page)
def list_activities(request: HttpRequest) -> object:
    return selectors.activity_list(_user(request))


@router.post("/activities", response={201: ActivityDetailOut})
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status:
    user = _user(request)
    data = payload.dict()
    unit = get_object_or_404(unit_list(user), pk=data.pop("unit_id"))
    groups = list(selectors.user_group_list(user).filter(pk__in=data.pop("user_group_ids")))
    activity = services.activity_create(actor=user, unit=unit, user_groups=groups, **data)
    return Status(201, _activity_detail(user, activity.pk))


def _activity_detail(user: User, activity_id: Id) -> Activity:
    activity = selectors.access_activity(user, activity_id)
    summary = selectors.participant_summary(activity, organisation_of(user).suppression_threshold)
    activity.participants_total = summary.total  # type: ignore[attr-defined]  # for the response schema only
    activity.participants = [  # type: ignore[attr-defined]  # for the response schema only
        {"label": b.label, "count": b.count} for b in summary.bands
    ]
    return activity


@router.get("/activities/{activity_id}", response=ActivityDetailOut)
def get_activity(request: HttpRequest, activity_id: Id) -> Activity:
    return _activity_detail(_user(request), activity_id)


@router.post("/activities/{activity_id}/feedback", response=ActivityDetailOut)
def give_feedback(request: HttpRequest, activity_id: Id, payload: ActivityFeedbackIn) -> Activity:
    user = _user(request)
    activity = selectors.access_activity(user, activity_id)
    services.activity_feedback_give(actor=user, activity=activity, feedback=payload.feedback)
    return _activity_detail(user, activity_id)


@router.get("/value-assessments", response=list[ValueAssessmentOut])
@paginate(Page)
def list_value_assessments(request: HttpRequest) -> object:
    return selectors.value_assessment_list(_user(request)).prefetch_related("user_groups", "risks")


@router.post("/value-assessments", response={201: ValueAssessmentOut})
def create_value_assessment(request: HttpRequest, payload: ValueAssessmentIn) -> Status:
    user = _user(request)
    data = payload.dict()
    refs = list(selectors.legal_reference_list(user).filter(pk__in=data.pop("legal_reference_ids")))
    groups = list(selectors.user_group_list(user).filter(pk__in=data.pop("user_group_ids")))
    assessment = services.value_assessment_create(
        actor=user, legal_references=refs, user_groups=groups, **data
    )
    return Status(201, selectors.access_value_assessment(user, assessment.pk))


@router.get("/value-assessments/{assessment_id}", response=ValueAssessmentOut)
def get_value_assessment(request: HttpRequest, assessment_id: Id) -> ValueAssessment:
    return selectors.access_value_assessment(_user(request), assessment_id)


@router.get("/actor-maps/{map_id}", response=ActorMapOut)
def get_actor_map(request: HttpRequest, map_id: Id) -> ActorMap:
    return selectors.access_actor_map(_user(request), map_id)


@router.get("/evidence", response=EvidenceOut)
def get_evidence(request: HttpRequest, params: Query[EvidenceQuery]) -> dict:
    user = _user(request)
    data = params.dict()
    subject_type, subject_id = data.pop("subject_type"), data.pop("subject_id")
    selectors.subject_label(user, subject_type, subject_id)
    evidence = selectors.evidence_for(user, subject_type=subject_type, subject_id=subject_id)
    missing = evidence.missing(selectors.Requirements(**data))
    return {
        "subject_type": subject_type,
        "subject_id": subject_id,
        "user_group_ids": [g.pk for g in evidence.user_groups],
        "insight_ids": [i.pk for i in evidence.insights],
        "user_voice_insight_count": len(evidence.user_voice_insights),
        "activity_ids": [a.pk for a in evidence.activities],
        "value_assessment_ids": [v.pk for v in evidence.value_assessments],
        "has_children": evidence.has_children,
        "missing": missing,
        "is_complete": not missing,
    }


@router.post("/links", response={201: LinkOut})
def create_link(request: HttpRequest, payload: LinkIn) -> Status:
    user = _user(request)
    group = (
        selectors.access_user_group(user, payload.user_group_id) if payload.user_group_id else None
    )
    insight = selectors.access_insight(user, payload.insight_id) if payload.insight_id else None
    activity = selectors.access_activity(user, payload.activity_id) if payload.activity_id else None
    link = services.subject_link(
        actor=user,
        subject_type=payload.subject_type,
        subject_id=payload.subject_id,
        user_group=group,
        insight=insight,
        activity=activity,
    )
    return Status(201, link)
