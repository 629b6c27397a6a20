"""Reads of pilots, goals, evaluations, implementation, reviews, adoptions and lessons.

Always scoped to the actor: a pilot is visible with its idea (vardag.ideas.selectors.idea_base);
an adoption to its own organisation and to the origin's; implemented innovations to partner
organisations under an active collaboration agreement (what spreading needs). The `can_*`
predicates are the single rules that pages use to offer an action and services to allow it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vardag.accounts.models import Membership
from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.core.roles import MANAGER_ROLES
from vardag.core.selectors import partner_organisation_ids
from vardag.forums.models import DecisionType, ForumMembership
from vardag.ideas import policy
from vardag.ideas.models import Decision, Idea, IdeaState, Lesson
from vardag.ideas.selectors import can_edit_idea, idea_base
from vardag.meetings.models import AgendaItem, Meeting, MeetingStatus
from vardag.meetings.selectors import can_run_meeting, is_forum_member
from vardag.participation.models import Insight, UserGroup, ValueAssessment
from vardag.participation.selectors import insight_list, user_group_list, value_assessment_list
from vardag.pilots.models import (
    Adoption,
    AdoptionResult,
    DecisionReview,
    Effect,
    Evaluation,
    Factor,
    ImpactGoal,
    ImplementationPlan,
    LessonRecord,
    Measurement,
    Participant,
    Phase,
    Pilot,
    ReceivingUnit,
    Recommendation,
    StartedBy,
)

PILOT_STATES = (IdeaState.DESIGN, IdeaState.PILOT, IdeaState.EVALUATING)
REMIND_DAYS_BEFORE = 14
PLACE_DAYS_AHEAD = 45


# --- Pilots ------------------------------------------------------------------------------------


def pilot_list(actor: Actor, *, phase: str = "") -> QuerySet[Pilot]:
    qs = Pilot.objects.filter(idea__in=idea_base(actor)).select_related(
        "idea", "idea__unit", "test_group"
    )
    states = [s for s, p in _phase_states().items() if p == phase]
    if phase:
        qs = qs.filter(idea__state__in=states)
    return qs.order_by("-starts_on", "-id")


def _phase_states() -> dict[str, str]:
    from vardag.pilots.models import PHASE_BY_STATE

    return {str(k): str(v) for k, v in PHASE_BY_STATE.items()}


def access_pilot(actor: Actor, pilot_id: int) -> Pilot:
    qs = (
        Pilot.objects.filter(idea__in=idea_base(actor))
        .select_related("idea", "idea__unit", "idea__forum", "decision", "test_group")
        .prefetch_related(
            "partners",
            "iterations",
            Prefetch("goals", queryset=ImpactGoal.objects.prefetch_related("measurements")),
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.select_related("value_assessment", "lesson")
                .prefetch_related("insights")
                .order_by("period_ends_on", "id"),
            ),
        )
    )
    return get_object_or_404(qs, pk=pilot_id)


def goal_list(actor: Actor) -> QuerySet[ImpactGoal]:
    """The impact goals of pilots on ideas this person sees."""
    return ImpactGoal.objects.filter(pilot__idea__in=idea_base(actor))


def access_goal(actor: Actor, goal_id: int) -> ImpactGoal:
    qs = goal_list(actor).select_related("pilot", "pilot__idea")
    return get_object_or_404(qs, pk=goal_id)


def g2_decision(idea: Idea) -> Decision | None:
    return (
        Decision.objects.filter(idea=idea, decision_type=DecisionType.GRANT_MONEY)
        .order_by("-decided_on", "-id")
        .first()
    )


def can_plan_pilot(actor: Actor, idea: Idea) -> bool:
    """A pilot is planned from the G2 decision, once, by those who may work on the idea."""
    return (
        idea.state in PILOT_STATES
        and not Pilot.objects.filter(idea=idea).exists()
        and g2_decision(idea) is not None
        and _works_on(actor, idea)
    )


def _works_on(actor: Actor, idea: Idea) -> bool:
    return idea.organisation_id == getattr(actor, "organisation_id", None) and (
        can_edit_idea(actor, idea) or actor.is_innovation_staff
    )


def can_manage_pilot(actor: Actor, pilot: Pilot) -> bool:
    """Plan, goals, measurements, evaluations and the implementation plan: the idea team, the
    home unit's managers, innovation staff and organisation admins (not after archiving)."""
    return _works_on(actor, pilot.idea)


def test_group_choices(actor: Actor) -> QuerySet[UserGroup]:
    return user_group_list(actor)


def insight_choices(actor: Actor) -> QuerySet[Insight]:
    return insight_list(actor)


def value_assessment_choices(actor: Actor) -> QuerySet[ValueAssessment]:
    return value_assessment_list(actor)


def ideas_ready_for_pilot(actor: Actor) -> list[Idea]:
    """Ideas with a G2 decision and no pilot yet that this person may plan a pilot for."""
    ideas = (
        idea_base(actor)
        .filter(state__in=PILOT_STATES, pilot__isnull=True)
        .filter(decisions__decision_type=DecisionType.GRANT_MONEY)
        .select_related("unit", "organisation")
        .prefetch_related("team")
        .distinct()
    )
    return [idea for idea in ideas if _works_on(actor, idea)]


# --- Goals and measurements --------------------------------------------------------------------


def latest_value(goal: ImpactGoal) -> Decimal | None:
    rows = list(goal.measurements.all())
    return rows[-1].value if rows else None


def is_goal_reached(goal: ImpactGoal) -> bool:
    return goal.is_reached_by(latest_value(goal))


@dataclass(frozen=True)
class Series:
    label: str
    css: str
    points: tuple[tuple[date, Decimal], ...]


@dataclass
class GoalView:
    goal: ImpactGoal
    measurements: list[Measurement]
    adoption_series: list[tuple[Adoption, list[AdoptionResult]]] = field(default_factory=list)

    @property
    def latest(self) -> Decimal | None:
        return self.measurements[-1].value if self.measurements else None

    @property
    def is_reached(self) -> bool:
        return self.goal.is_reached_by(self.latest)


def goal_view(actor: Actor, goal: ImpactGoal) -> GoalView:
    """A goal with its measurements and the results of the adoptions this person may see."""
    rows = list(goal.measurements.order_by("measured_on"))
    view = GoalView(goal, rows)
    results = AdoptionResult.objects.filter(goal=goal).order_by("measured_on")
    for adoption in adoption_list(actor, origin=goal.pilot).prefetch_related(
        Prefetch("result_values", queryset=results, to_attr="goal_results")
    ):
        if adoption.goal_results:  # type: ignore[attr-defined]  # goal_results is the Prefetch to_attr above
            view.adoption_series.append((adoption, adoption.goal_results))  # type: ignore[attr-defined]  # goal_results is the Prefetch to_attr above
    return view


# --- Evaluations -------------------------------------------------------------------------------


def latest_evaluation(pilot: Pilot) -> Evaluation | None:
    return Evaluation.objects.filter(pilot=pilot).order_by("-period_ends_on", "-id").first()


def costs_so_far(pilot: Pilot) -> int:
    evaluation = latest_evaluation(pilot)
    return evaluation.costs_sek if evaluation else 0


# --- Implementation ----------------------------------------------------------------------------


def manager_unit_ids(user: Any) -> set[int]:
    return set(user.unit_ids_with_role(*MANAGER_ROLES))


def is_manager_of(user_id: int, unit_id: int) -> bool:
    today = timezone.localdate()
    return (
        Membership.objects.filter(
            user_id=user_id, unit_id=unit_id, role__in=MANAGER_ROLES, starts_on__lte=today
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exists()
    )


def line_owner_choices(actor: Actor) -> QuerySet[Any]:
    """Managers in the actor's organisation (a line owner must manage the receiving unit)."""
    today = timezone.localdate()
    ids = (
        Membership.objects.filter(
            unit__organisation_id=organisation_id(actor),
            role__in=MANAGER_ROLES,
            starts_on__lte=today,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("user_id")
    )
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "last_name")
    )


def plan_of(pilot: Pilot) -> ImplementationPlan | None:
    return (
        ImplementationPlan.objects.filter(pilot=pilot)
        .prefetch_related(
            Prefetch(
                "receiving_units",
                queryset=ReceivingUnit.objects.select_related(
                    "unit", "line_owner", "taken_over_by"
                ),
            ),
            "follow_up_values",
        )
        .first()
    )


def plan_problems(plan: ImplementationPlan | None) -> list[str]:
    """What a plan lacks before G3 (empty when complete). Messages are translated by the caller
    (kept as codes here so guards and pages say the same)."""
    if plan is None:
        return ["no_plan"]
    problems = []
    units = list(plan.receiving_units.all())
    if not units:
        problems.append("no_units")
    if any(not is_manager_of(r.line_owner_id, r.unit_id) for r in units):
        problems.append("owner_not_manager")
    if not plan.routines.strip():
        problems.append("no_routines")
    if not plan.training.strip():
        problems.append("no_training")
    return problems


def can_take_over(actor: Actor, receiving: ReceivingUnit) -> bool:
    """Only the line owner takes over for the receiving unit, while managing it, once, and only
    after G3 (the idea is being implemented)."""
    return (
        receiving.line_owner_id == actor.pk
        and receiving.taken_over_on is None
        and receiving.plan.pilot.idea.state == IdeaState.SCALING
        and is_manager_of(actor.pk, receiving.unit_id)
    )


def can_follow_up(actor: Actor, plan: ImplementationPlan) -> bool:
    """The follow-up is recorded by a line owner or whoever manages the pilot, after G3."""
    idea = plan.pilot.idea
    if idea.state != IdeaState.SCALING or plan.followed_up_on is not None:
        return False
    owners = {r.line_owner_id for r in plan.receiving_units.all()}
    return actor.pk in owners or can_manage_pilot(actor, plan.pilot)


def receiving_unit_list(actor: Actor) -> QuerySet[ReceivingUnit]:
    """The units that take on pilots on ideas this person sees."""
    return ReceivingUnit.objects.filter(plan__pilot__idea__in=idea_base(actor))


def access_receiving_unit(actor: Actor, receiving_id: int) -> ReceivingUnit:
    qs = receiving_unit_list(actor).select_related(
        "plan", "plan__pilot", "plan__pilot__idea", "unit", "line_owner"
    )
    return get_object_or_404(qs, pk=receiving_id)


def taken_on(actor: Actor) -> QuerySet[ReceivingUnit]:
    """What the units this person manages have taken on (or are to take on) from pilots."""
    return (
        ReceivingUnit.objects.filter(
            plan__pilot__organisation_id=organisation_id(actor),
        )
        .filter(Q(line_owner=actor) | Q(unit_id__in=manager_unit_ids(actor)))
        .select_related("plan", "plan__pilot", "plan__pilot__idea", "unit", "line_owner")
        .order_by("plan__follow_up_on", "id")
    )


def follow_ups_to_remind(today: date) -> QuerySet[ImplementationPlan]:
    return ImplementationPlan.objects.filter(
        followed_up_on__isnull=True,
        reminded_on__isnull=True,
        follow_up_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        pilot__idea__state=IdeaState.SCALING,
    ).select_related("pilot", "pilot__idea")


# --- Review dates ------------------------------------------------------------------------------


def review_list(actor: Actor, *, open_only: bool = False) -> QuerySet[DecisionReview]:
    qs = DecisionReview.objects.filter(
        organisation_id=organisation_id(actor), decision__idea__in=idea_base(actor)
    )
    if open_only:
        qs = qs.filter(outcome__isnull=True)
    return qs.select_related("decision", "decision__idea", "forum", "outcome").order_by(
        "review_on", "id"
    )


def access_review(actor: Actor, review_id: int) -> DecisionReview:
    return get_object_or_404(review_list(actor), pk=review_id)


def access_decision(actor: Actor, decision_id: int) -> Decision:
    qs = Decision.objects.filter(
        idea__in=idea_base(actor), idea__organisation_id=organisation_id(actor)
    ).select_related("idea", "forum", "mandate", "decided_by")
    return get_object_or_404(qs, pk=decision_id)


def can_set_review(actor: Actor, decision: Decision) -> bool:
    """Who decided, the deciding forum's members, and those who work on the idea."""
    if decision.idea.organisation_id != getattr(actor, "organisation_id", None):
        return False
    if decision.forum_id is None:
        return False
    if decision.decided_by_id == actor.pk or actor.is_org_admin:
        return True
    member = ForumMembership.objects.filter(forum_id=decision.forum_id, user_id=actor.pk)
    return member.exists() or _works_on(actor, decision.idea)


def review_item(review: DecisionReview) -> AgendaItem | None:
    if review.agenda_item_id is None:
        return None
    return (
        AgendaItem.objects.filter(pk=review.agenda_item_id)
        .select_related("meeting", "meeting__series", "meeting__forum")
        .first()
    )


def open_review_item(review: DecisionReview) -> AgendaItem | None:
    """The agenda item where the review is to be decided, while its meeting is open."""
    item = review_item(review)
    if item is None or item.meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.HELD):
        return None
    return item


def can_record_review(actor: Actor, review: DecisionReview) -> bool:
    """Offered to those who may take decisions: in the meeting where the review is placed (its
    members), or otherwise as any decision on the idea (the mandate check follows)."""
    if review.outcome_id is not None or review.organisation_id != actor.organisation_id:
        return False
    item = open_review_item(review)
    if item is not None:
        return can_run_meeting(actor, item.meeting) or is_forum_member(actor, item.meeting.forum)
    # The same rule as the decision form: a mandate this person may use here covers a review.
    return DecisionType.REVIEW in policy.decision_choices(actor, review.decision.idea)


def meeting_for_review(review: DecisionReview, today: date) -> Meeting | None:
    """The forum's last planned meeting on or before the review date (still to come), so the
    review is decided in time; else the first one after it."""
    planned = Meeting.objects.filter(
        forum_id=review.forum_id, status=MeetingStatus.PLANNED, starts_at__date__gte=today
    )
    before = planned.filter(starts_at__date__lte=review.review_on).order_by("-starts_at").first()
    return before or planned.order_by("starts_at").first()


def reviews_to_place(today: date) -> QuerySet[DecisionReview]:
    """Open reviews due within PLACE_DAYS_AHEAD days that are not on a planned agenda."""
    placed = AgendaItem.objects.filter(
        meeting__status__in=(MeetingStatus.PLANNED, MeetingStatus.HELD)
    ).values("pk")
    return (
        DecisionReview.objects.filter(
            outcome__isnull=True, review_on__lte=today + timedelta(days=PLACE_DAYS_AHEAD)
        )
        .filter(Q(agenda_item_id__isnull=True) | ~Q(agenda_item_id__in=placed))
        .select_related("decision", "decision__idea", "forum")
    )


def reviews_decided_in_meetings() -> list[tuple[DecisionReview, Decision]]:
    """Placed reviews whose agenda item got a decision in meeting mode (not through the review
    page): that decision is the review's outcome."""
    found = []
    for review in DecisionReview.objects.filter(outcome__isnull=True, agenda_item_id__isnull=False):
        decision = (
            Decision.objects.filter(
                agenda_item_id=review.agenda_item_id, idea_id=review.decision.idea_id
            )
            .exclude(pk=review.decision_id)
            .order_by("created_at")
            .first()
        )
        if decision is not None:
            found.append((review, decision))
    return found


# --- Adoptions ---------------------------------------------------------------------------------


def _adoption_scope(actor: Actor) -> Q:
    org = organisation_id(actor)
    return Q(organisation_id=org) | Q(origin__organisation_id=org)


def adoption_list(actor: Actor, *, origin: Pilot | None = None) -> QuerySet[Adoption]:
    qs = Adoption.objects.filter(_adoption_scope(actor))
    if origin is not None:
        qs = qs.filter(origin=origin)
    return qs.select_related(
        "organisation", "unit", "line_owner", "origin", "origin__idea", "origin__organisation"
    ).order_by("-started_on", "-id")


def access_adoption(actor: Actor, adoption_id: int) -> Adoption:
    return get_object_or_404(adoption_list(actor), pk=adoption_id)


def spreadable(actor: Actor) -> QuerySet[Pilot]:
    """Implemented innovations this person's organisation may adopt: its own, and those of
    organisations it has an active collaboration agreement with."""
    orgs = {organisation_id(actor)} | partner_organisation_ids(actor)
    return (
        Pilot.objects.filter(organisation_id__in=orgs, idea__state=IdeaState.IMPLEMENTED)
        .select_related("idea", "idea__unit", "organisation", "plan")
        .prefetch_related("goals", "adoptions")
        .order_by("idea__title")
    )


def access_spreadable(actor: Actor, pilot_id: int) -> Pilot:
    return get_object_or_404(spreadable(actor), pk=pilot_id)


def can_adopt(actor: Actor, pilot: Pilot) -> bool:
    """A manager adopts an implemented innovation for a unit of their own organisation."""
    if pilot.idea.state != IdeaState.IMPLEMENTED:
        return False
    orgs = {getattr(actor, "organisation_id", None)} | partner_organisation_ids(actor)
    return pilot.organisation_id in orgs and bool(manager_unit_ids(actor))


def can_report_adoption(actor: Actor, adoption: Adoption) -> bool:
    return adoption.organisation_id == getattr(actor, "organisation_id", None) and (
        adoption.line_owner_id == actor.pk
        or adoption.created_by_id == actor.pk
        or actor.is_org_admin
        or adoption.unit_id in manager_unit_ids(actor)
    )


# --- Lessons -----------------------------------------------------------------------------------


CATEGORY_FIELDS = {
    "helped": ("record__helped", Factor),
    "hindered": ("record__hindered", Factor),
    "effect": ("record__effects", Effect),
    "participant": ("record__participants", Participant),
}


def lesson_list(actor: Actor) -> QuerySet[Lesson]:
    """The lessons library (ideas' lessons), with each one's structured record if it has one;
    `filters.LessonFilterSet` narrows it (page and API)."""
    qs = Lesson.objects.filter(organisation_id=organisation_id(actor)).select_related(
        "idea", "record"
    )
    return qs.order_by("-created_at", "-id")


def category_filter(qs: QuerySet[Lesson], category: str) -> QuerySet[Lesson]:
    """Lessons of one category of `category_choices` ("helped:time", "hindered:rules",
    "effect:efficiency", "started:users", "participant:companies", "outcome:stopped")."""
    kind, _sep, code = category.partition(":")
    if kind in CATEGORY_FIELDS:
        field_name, choices = CATEGORY_FIELDS[kind]
        if code in choices.values:
            # JSON lists of codes: match the quoted code (portable across SQLite and PostgreSQL).
            qs = qs.filter(**{f"{field_name}__icontains": f'"{code}"'})
    elif kind == "started" and code in StartedBy.values:
        qs = qs.filter(record__started_by=code)
    elif kind == "outcome" and code in LessonRecord.Outcome.values:
        qs = qs.filter(record__outcome=code)
    return qs


def category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    from django.utils.translation import gettext as _

    return [
        (_("Det här hjälpte"), [(f"helped:{c}", str(label)) for c, label in Factor.choices]),
        (_("Det här hindrade"), [(f"hindered:{c}", str(label)) for c, label in Factor.choices]),
        (_("Effekter"), [(f"effect:{c}", str(label)) for c, label in Effect.choices]),
        (_("Initiativ från"), [(f"started:{c}", str(label)) for c, label in StartedBy.choices]),
        (
            _("Deltog"),
            [(f"participant:{c}", str(label)) for c, label in Participant.choices],
        ),
        (
            _("Utfall"),
            [(f"outcome:{c}", str(label)) for c, label in LessonRecord.Outcome.choices],
        ),
    ]


def can_record_lesson(actor: Actor, idea: Idea) -> bool:
    """The structured lesson comes when an idea is implemented or stopped (archived, or its
    pilot's latest evaluation recommends stopping)."""
    if idea.organisation_id != getattr(actor, "organisation_id", None):
        return False
    if LessonRecord.objects.filter(idea=idea).exists():
        return False
    works = is_team_or_manager(actor, idea)
    if idea.state in (IdeaState.IMPLEMENTED, IdeaState.ARCHIVED):
        return works
    pilot = Pilot.objects.filter(idea=idea).first()
    evaluation = latest_evaluation(pilot) if pilot else None
    return works and evaluation is not None and evaluation.recommendation == Recommendation.STOP


def is_team_or_manager(actor: Actor, idea: Idea) -> bool:
    from vardag.ideas.selectors import is_initiator_or_team

    return (
        is_initiator_or_team(actor, idea)
        or actor.is_org_admin
        or actor.is_innovation_staff
        or idea.unit_id in manager_unit_ids(actor)
    )


# --- Figures for the overview (stable API for vardag.dashboards) -------------------------------


@dataclass
class PilotFigures:
    """Per-organisation figures on pilots, implementation, spreading and lessons."""

    pilots_by_phase: dict[str, int]
    goals_total: int
    goals_measurable: int
    goals_reached: int
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

    @property
    def goals_reached_share(self) -> float | None:
        """Share of measurable goals whose latest measurement reaches the target (0–1)."""
        return self.goals_reached / self.goals_measurable if self.goals_measurable else None


def pilot_figures(organisation_id_: int, *, today: date | None = None) -> PilotFigures:
    """Figures for one organisation (the overview reads this; keep the name and fields)."""
    day = today or timezone.localdate()
    pilots = list(
        Pilot.objects.filter(organisation_id=organisation_id_)
        .select_related("idea")
        .prefetch_related(
            Prefetch("goals", queryset=ImpactGoal.objects.prefetch_related("measurements"))
        )
    )
    by_phase = Counter(str(p.phase) for p in pilots)
    goals = [g for p in pilots for g in p.goals.all()]
    measurable = [g for g in goals if g.measurable_from is None or g.measurable_from <= day]
    plans = list(ImplementationPlan.objects.filter(pilot__organisation_id=organisation_id_))
    done = sum(1 for p in plans if p.followed_up_on is not None)
    overdue = sum(1 for p in plans if p.followed_up_on is None and p.follow_up_on < day)
    records = list(LessonRecord.objects.filter(organisation_id=organisation_id_))
    return PilotFigures(
        pilots_by_phase={str(code): by_phase.get(str(code), 0) for code in Phase.values},
        goals_total=len(goals),
        goals_measurable=len(measurable),
        goals_reached=sum(1 for g in measurable if is_goal_reached(g)),
        implementations_total=len(plans),
        follow_ups_done=done,
        follow_ups_overdue=overdue,
        follow_ups_pending=len(plans) - done - overdue,
        adoptions_of_ours=Adoption.objects.filter(origin__organisation_id=organisation_id_).count(),
        adoptions_by_us=Adoption.objects.filter(organisation_id=organisation_id_).count(),
        lessons_total=Lesson.objects.filter(organisation_id=organisation_id_).count(),
        lessons_by_outcome=dict(Counter(r.outcome for r in records)),
        helped=_count(records, "helped", Factor),
        hindered=_count(records, "hindered", Factor),
        effects=_count(records, "effects", Effect),
    )


def _count(records: list[LessonRecord], name: str, choices: Any) -> dict[str, int]:
    counts = Counter(code for r in records for code in getattr(r, name))
    return {code: counts.get(code, 0) for code in choices.values}
