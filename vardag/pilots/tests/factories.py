"""Test set-up for pilots: an idea through G2 with governance, a user group and a value
assessment, and helpers that move it on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.forums.models import DecisionType as D
from vardag.forums.tests.factories import Governance, governance
from vardag.ideas import services as idea_services
from vardag.ideas.models import Idea, Lesson
from vardag.ideas.tests.factories import make_idea
from vardag.meetings.models import AgendaItem, Cadence, Meeting
from vardag.meetings.services import series as series_services
from vardag.meetings.tests.factories import meeting_day_is
from vardag.participation import services as participation_services
from vardag.participation.models import SubjectType, UserGroup, ValueAssessment
from vardag.pilots import services
from vardag.pilots.models import DecisionReview, Direction, GoalLevel, ImpactGoal, Pilot


@dataclass
class PilotWorld:
    gov: Governance
    idea: Idea
    group: UserGroup
    today: date

    def decide(self, actor: Any, decision_type: str, mandate: Any, **kw: Any) -> Any:
        # A forum's collective mandate is used in the forum's own meeting (the ideas policy).
        kw.setdefault("meeting_forum", mandate.holder_forum)
        context = {k: kw.pop(k) for k in ("meeting_forum", "request_key") if k in kw}
        decision = idea_services.decision_record(
            actor=actor,
            idea=self.idea,
            decision=idea_services.DecisionInput(
                decision_type=decision_type, mandate=mandate, **kw
            ),
            **context,
        )
        self.idea.refresh_from_db()
        return decision


def idea_with_money(
    world: Any,
    *,
    title: str = "Sms-påminnelse före första samtalet",
    gov: Governance | None = None,
    group: UserGroup | None = None,
) -> PilotWorld:
    """An idea registered, granted time (G1) and money (G2): ready for a pilot plan."""
    gov = gov or governance(world)
    idea = make_idea(world, title=title)
    today = timezone.localdate()
    pw = PilotWorld(gov, idea, group or _group(world), today)
    pw.decide(
        world.manager,
        D.REGISTER,
        gov.manager_mandate,
        forum=gov.management,
        next_handling_on=today + timedelta(days=7),
    )
    pw.decide(world.manager, D.GRANT_TIME, gov.manager_mandate, hours=40, team=[world.employee])
    pw.decide(world.head, D.GRANT_MONEY, gov.management_mandate, amount_sek=40_000)
    return pw


def _group(world: Any) -> UserGroup:
    return participation_services.user_group_create(
        actor=world.innovation_lead,
        name="Föräldrar som kallas till första samtalet",
        owner_unit=world.units["unit"],
        contact="voluntary",
    )


def plan_pilot(world: Any, pw: PilotWorld) -> Pilot:
    return services.pilot_plan(
        actor=world.employee,
        idea=pw.idea,
        hypothesis="Om familjen får ett sms två dagar före, så uteblir färre från första samtalet.",
        smallest_solution="Sms från mottagningens telefon, skrivet för hand.",
        test_group=pw.group,
        test_group_size=40,
        starts_on=pw.today - timedelta(days=60),
        ends_on=pw.today + timedelta(days=30),
        risks="Fel nummer i registret.",
    )


def add_goal(world: Any, pilot: Pilot, **extra: Any) -> ImpactGoal:
    today = timezone.localdate()
    values = {
        "level": GoalLevel.OPERATIONS,
        "indicator": "Uteblivna första samtal",
        "unit": "procent",
        "direction": Direction.DECREASE,
        "baseline": Decimal("22"),
        "baseline_on": today - timedelta(days=70),
        "target": Decimal("10"),
        "starts_on": today - timedelta(days=60),
        "ends_on": today + timedelta(days=300),
        "data_source": "Verksamhetssystemets bokningar",
    }
    values.update(extra)
    return services.goal_add(actor=world.employee, pilot=pilot, **values)


def assessment(world: Any, idea: Idea) -> ValueAssessment:
    return participation_services.value_assessment_create(
        actor=world.innovation_lead,
        subject_type=SubjectType.IDEA,
        subject_id=idea.pk,
        title="Värdet av sms-påminnelser efter piloten",
        perspective="user",
        wellbeing=1,
        outcome=1,
        experience=1,
        self_management=1,
        collective=1,
        within_legal_frame="yes",
    )


def scaling_pilot(world: Any, pw: PilotWorld) -> Pilot:
    """Planned, piloted, evaluated (scale up), with a plan for the world's unit (line owner: the
    manager) and G3 decided: the idea is being implemented."""
    from vardag.pilots.models import Recommendation

    pilot = plan_pilot(world, pw)
    add_goal(world, pilot)
    pw.decide(world.head, D.START_PILOT, pw.gov.management_mandate)
    pw.decide(world.head, D.EVALUATE, pw.gov.management_mandate)
    services.evaluation_record(
        actor=world.employee,
        pilot=pilot,
        period_starts_on=pw.today - timedelta(days=60),
        period_ends_on=pw.today,
        findings="Färre uteblev.",
        users_said="Bra.",
        value_assessment=assessment(world, pw.idea),
        recommendation=Recommendation.SCALE_UP,
        rationale="Målet nåddes.",
    )
    services.plan_save(
        actor=world.employee,
        pilot=pilot,
        receiving=[(world.units["unit"], world.manager)],
        budget_source="receiving_units",
        routines="Kallelserutinen.",
        training="APT.",
        follow_up_on=pw.today + timedelta(days=30),
    )
    pw.decide(world.politician, D.SCALE_UP, pw.gov.committee_mandate, rationale="Införs.")
    return pilot


def implemented_pilot(world: Any, pw: PilotWorld) -> Pilot:
    pilot = scaling_pilot(world, pw)
    plan = pilot.plan
    services.takeover_record(actor=world.manager, receiving=plan.receiving_units.get())
    services.follow_up_record(
        actor=world.manager,
        plan=plan,
        summary="Rutinen används.",
        values={g.pk: Decimal("9") for g in pilot.goals.all()},
    )
    pw.decide(world.politician, D.IMPLEMENTED, pw.gov.committee_mandate)
    return pilot


STRUCTURED_LESSON = {
    "text": "Låt föräldrarna skriva sms-texten.",
    "started_by": "employees",
    "participants": ["researchers"],
    "helped": ["user_involvement", "leadership"],
    "hindered": ["technology"],
    "effects": ["user_quality"],
}


def record_lesson(client: Client, pilot: Pilot) -> Lesson:
    """The pilot's structured lesson (`STRUCTURED_LESSON`), recorded through its form as a
    person does; helped by leadership, hindered by technology."""
    response = client.post(reverse("pilots:lesson_add", args=[pilot.pk]), STRUCTURED_LESSON)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Lesson.objects.get(idea=pilot.idea, text=STRUCTURED_LESSON["text"])


def forum_meetings(world: Any, forum: Any, first_in_days: int, count: int = 4) -> list[Meeting]:
    """A weekly series of `count` meetings of the forum, the first in `first_in_days` days."""
    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=first_in_days), time(9))
    )
    series_services.series_create(
        actor=world.admin,
        forum=forum,
        name=str(forum),
        cadence=Cadence.WEEKLY,
        first_starts_at=starts,
        place="Rum 1",
        count=count,
    )
    return list(Meeting.objects.filter(forum=forum).order_by("starts_at"))


def placed_review(world: Any, pw: PilotWorld) -> DecisionReview:
    """A review of the idea's G2 in five days, placed on the deciding forum's next meeting
    (which is today, so it can be decided in meeting mode), the management's mandate covering
    the review decision."""
    g2 = pw.idea.decisions.get(decision_type=D.GRANT_MONEY)
    forum_meetings(world, g2.forum, 3)
    review = services.review_set(
        actor=world.head,
        decision=g2,
        review_on=pw.today + timedelta(days=5),
        reason=DecisionReview.Reason.OTHER,
    )
    # Decisions in meeting mode are taken on the meeting's day.
    meeting_day_is(AgendaItem.objects.get(pk=review.agenda_item_id).meeting, 0)
    pw.gov.management_mandate.decision_types.append(D.REVIEW)
    pw.gov.management_mandate.save()
    return review
