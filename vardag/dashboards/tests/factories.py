"""A small municipality's ideas, decisions, participation and conditions for the overview's
tests: ideas at several units with decisions spread over time, one idea spanning two
organisations, a draft, an overdue and a waiting idea, an escalation, an archived idea with a
lesson, activities with children, and a conditions round where one unit is under the threshold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vardag.accounts.testing import make_unit
from vardag.core.models import Unit
from vardag.forums.models import DecisionType as D
from vardag.forums.tests.factories import Governance, governance
from vardag.ideas import services as idea_services
from vardag.ideas.models import Decision, Feedback, Idea, IdeaOrigin
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import cross_organisation, make_idea
from vardag.participation.models import (
    Activity,
    ActivityKind,
    EvidenceLevel,
    Insight,
    Method,
    ParticipantCount,
    Perspective,
    SubjectLink,
    SubjectType,
    ValueAssessment,
    WithinFrame,
)
from vardag.surveys.models import Audience, Round
from vardag.surveys.tests.factories import add_answers, conditions_round


@dataclass
class Scenario:
    today: date
    ideas: dict[str, Idea] = field(default_factory=dict)
    round: Round | None = None
    small_unit: Unit | None = None
    second_unit: Unit | None = None


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _backdate(idea: Idea, submitted_days_ago: int, decisions_days_ago: list[int]) -> None:
    """Spread the idea's history over time: submission, then each decision and its feedback."""
    today = timezone.localdate()
    Idea.objects.filter(pk=idea.pk).update(
        submitted_at=_aware(today - timedelta(days=submitted_days_ago))
    )
    decisions = list(Decision.objects.filter(idea=idea).order_by("created_at", "id"))
    for decision, ago in zip(decisions, decisions_days_ago, strict=True):
        day = today - timedelta(days=ago)
        Decision.objects.filter(pk=decision.pk).update(decided_on=day)
        # The feedback of every other decision comes late (recorded 20 days after the meeting).
        late = 20 if decision.decision_type == D.GRANT_TIME else 0
        Feedback.objects.filter(decision=decision).update(
            created_at=_aware(day + timedelta(days=late))
        )


def idea_with_money(world: Any, gov: Governance, title: str) -> Idea:
    """Registered (G0), time (G1) by the unit manager, money (G2) in the management team's
    meeting (a forum's mandate is used only there), with a value assessment."""
    idea = make_idea(world, title=title)
    today = timezone.localdate()
    decide = idea_services.decision_record
    decide(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.management,
            next_handling_on=today + timedelta(days=7),
        ),
    )
    decide(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.GRANT_TIME, mandate=gov.manager_mandate, hours=40, team=[world.employee]
        ),
    )
    decide(
        actor=world.head,
        idea=idea,
        meeting_forum=gov.management,
        decision=DecisionInput(
            decision_type=D.GRANT_MONEY, mandate=gov.management_mandate, amount_sek=40_000
        ),
    )
    ValueAssessment.objects.create(
        organisation=world.org,
        subject_type=SubjectType.IDEA,
        subject_id=idea.pk,
        title="Värde",
        perspective=Perspective.USER,
        wellbeing=1,
        outcome=2,
        experience=1,
        self_management=0,
        collective=-1,
        within_legal_frame=WithinFrame.YES,
    )
    idea.refresh_from_db()
    return idea


def scenario(world: Any) -> Scenario:
    s = Scenario(today=timezone.localdate())
    gov = governance(world)
    first = idea_with_money(world, gov, "Sms-påminnelse före första samtalet")
    second = idea_with_money(world, gov, "Kvällsöppet för familjer")
    s.ideas["money"], s.ideas["money2"] = first, second
    _backdate(first, 60, [55, 40, 10])
    _backdate(second, 30, [28, 20, 12])
    registered = make_idea(world, title="Bildstöd i väntrummet")
    idea_services.decision_record(
        actor=world.manager,
        idea=registered,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=s.today + timedelta(days=5),
        ),
    )
    _backdate(registered, 9, [2])
    s.ideas["registered"] = registered
    escalated = make_idea(world, title="Gemensam app för alla kontakter")
    idea_services.decision_record(
        actor=world.manager,
        idea=escalated,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=s.today + timedelta(days=5),
        ),
    )
    idea_services.decision_record(
        actor=world.manager,
        idea=escalated,
        decision=DecisionInput(
            decision_type=D.ESCALATE,
            mandate=gov.manager_mandate,
            forum=gov.management,
            rationale="Idén berör hela förvaltningen.",
            next_handling_on=s.today + timedelta(days=10),
        ),
    )
    s.ideas["escalated"] = escalated
    archived = make_idea(world, title="Pappersblankett på nätet")
    idea_services.decision_record(
        actor=world.manager,
        idea=archived,
        decision=DecisionInput(
            decision_type=D.ARCHIVE,
            mandate=gov.manager_mandate,
            rationale="Finns redan i e-tjänsten.",
            lesson="Kolla e-tjänsterna först.",
        ),
    )
    s.ideas["archived"] = archived
    waiting = make_idea(world, title="Samtalsrum med ljuddämpning")
    Idea.objects.filter(pk=waiting.pk).update(
        feedback_due_on=s.today - timedelta(days=4),
        next_handling_on=s.today - timedelta(days=2),
        origin=IdeaOrigin.ADAPTED,
        origin_source="Lunds kommun",
    )
    s.ideas["waiting"] = waiting
    with transaction.atomic():
        school = idea_services.idea_create(
            actor=world.principal,
            title="Läxhjälp på biblioteket",
            unit=world.units["school"],
            summary="Elever får hjälp.",
            user_situation="Elever.",
            better_for_whom="Elever.",
        )
    idea_services.idea_submit(actor=world.principal, idea=school)
    s.ideas["school"] = school
    s.ideas["draft"] = make_idea(world, title="Ett utkast", submit=False)
    cross = cross_organisation(world, title="Trygg skolgång vid placering")
    s.ideas["cross"] = cross.idea
    _participation(world, s)
    _conditions(world, s)
    return s


def _participation(world: Any, s: Scenario) -> None:
    held = s.today - timedelta(days=30)
    common = {
        "organisation": world.org,
        "method": Method.WORKSHOP,
        "lundy_space": True,
        "lundy_voice": True,
        "lundy_audience": True,
        "lundy_influence": True,
    }
    children = Activity.objects.create(
        unit=world.units["unit"],
        title="Workshop med unga",
        kind=ActivityKind.CO_DESIGN,
        held_on=held,
        involves_children=True,
        feedback="Tack!",
        level=3,
        feedback_given_on=held + timedelta(days=10),
        **common,
    )
    ParticipantCount.objects.create(activity=children, age_band="13-15", count=6)
    late = Activity.objects.create(
        unit=world.units["unit"],
        title="Samtal med barn",
        kind=ActivityKind.CONSULTATION,
        held_on=held,
        involves_children=True,
        feedback="Tack!",
        level=1,
        feedback_given_on=held + timedelta(days=25),
        **common,
    )
    ParticipantCount.objects.create(activity=late, age_band="u13", count=3)  # under 5: hidden
    Activity.objects.create(
        unit=world.units["unit"],
        title="Dialog utan återkoppling",
        kind=ActivityKind.CONSULTATION,
        held_on=held,
        involves_children=True,
        level=1,
        **common,
    )
    voice = Insight.objects.create(
        organisation=world.org,
        statement="Jag vill veta vad som händer.",
        evidence=EvidenceLevel.INSIGHT,
        perspective=Perspective.USER,
    )
    professional = Insight.objects.create(
        organisation=world.org,
        statement="Familjerna verkar oroliga.",
        evidence=EvidenceLevel.INDICATION,
        perspective=Perspective.PROFESSIONAL,
    )
    SubjectLink.objects.create(
        organisation=world.org,
        subject_type=SubjectType.IDEA,
        subject_id=s.ideas["money"].pk,
        insight=voice,
    )
    SubjectLink.objects.create(
        organisation=world.org,
        subject_type=SubjectType.IDEA,
        subject_id=s.ideas["money2"].pk,
        insight=professional,
    )


def _conditions(world: Any, s: Scenario) -> None:
    """Answers at the unit (12) and a second unit (9) under the administration, 3 at the school
    (under the threshold of 5). The round is closed, as the overview reads closed rounds."""
    s.second_unit = make_unit(
        world.org, "Utredningsenheten", Unit.Kind.UNIT, world.units["administration"]
    )
    s.small_unit = world.units["school"]
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 12, seed=3)
    add_answers(round_, s.second_unit, Audience.EMPLOYEE, 9, seed=4, shift=0.5)
    add_answers(round_, world.units["school"], Audience.EMPLOYEE, 3, seed=5)
    # A second school, so the small school's complement need not be one of the administration's.
    other_school = make_unit(world.org, "Hamnskolan", Unit.Kind.SCHOOL)
    add_answers(round_, other_school, Audience.EMPLOYEE, 6, seed=6)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED, closed_at=timezone.now())
    round_.refresh_from_db()
    s.round = round_
