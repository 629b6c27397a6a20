"""Demo pilots in Ekbacka: one running (kvällsöppet), one being implemented in two units
(mobilt team), one implemented, followed up and adopted by Norrvik under the agreement (drop-in).

Everything goes through the services, after the ideas demo has taken the ideas through G2.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from vardag.accounts.models import Membership
from vardag.core.actors import Actor
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Mandate
from vardag.ideas.demo import decide_in_meeting
from vardag.ideas.models import Idea
from vardag.participation import services as participation_services
from vardag.participation.models import SubjectType, UserGroup
from vardag.pilots import services
from vardag.pilots.models import Direction, GoalLevel, Pilot, Recommendation


def _manager(world: Any, unit_key: str) -> Any:
    row = Membership.objects.filter(
        unit=world.units[unit_key], role__in=["unit_manager", "principal"]
    ).first()
    return row.user if row else None


def _idea(title_start: str) -> Idea:
    return Idea.objects.get(title__startswith=title_start)


def _mandate(title_start: str) -> Mandate:
    return Mandate.objects.get(title__startswith=title_start)


def _pilot(world: Any, idea: Idea, group: UserGroup, days_ago: int, **text: str) -> Pilot:
    today = timezone.localdate()
    return services.pilot_plan(
        actor=idea.initiator,
        idea=idea,
        test_group=group,
        test_group_size=30,
        starts_on=today - timedelta(days=days_ago),
        ends_on=today - timedelta(days=days_ago) + timedelta(days=120),
        **text,
    )


def _goal(actor: Actor, pilot: Pilot, values: list[str], **fields: Any) -> None:
    today = timezone.localdate()
    goal = services.goal_add(
        actor=actor,
        pilot=pilot,
        starts_on=pilot.starts_on,
        ends_on=today + timedelta(days=365),
        baseline_on=pilot.starts_on - timedelta(days=7),
        **fields,
    )
    step = max((today - pilot.starts_on).days // (len(values) + 1), 1)
    rows = [f"{pilot.starts_on + timedelta(days=step * (n + 1))};{v}" for n, v in enumerate(values)]
    data = "\n".join(["datum;värde", *rows]).encode("utf-8-sig")
    services.measurements_import(actor=actor, goal=goal, data=data, filename="matningar.csv")


def _evaluate(world: Any, pilot: Pilot, costs: int, rationale: str) -> None:
    lead = world.users["innovation_lead"]
    value = participation_services.value_assessment_create(
        actor=lead,
        subject_type=SubjectType.IDEA,
        subject_id=pilot.idea_id,
        title=f"Värdet efter piloten: {pilot.idea.title}"[:200],
        perspective="user",
        wellbeing=1,
        outcome=1,
        experience=2,
        self_management=1,
        collective=1,
        within_legal_frame="yes",
    )
    services.evaluation_record(
        actor=pilot.idea.initiator,
        pilot=pilot,
        period_starts_on=pilot.starts_on,
        period_ends_on=timezone.localdate() - timedelta(days=1),
        findings="Båda effektmålen rör sig åt rätt håll; det ena är nått.",
        users_said="Familjerna säger att de fått hjälp tidigare och vet vem de ska ringa.",
        children_views="Ungdomarna vill kunna sms:a i stället för att ringa.",
        value_assessment=value,
        costs_sek=costs,
        hours_used=pilot.hours_granted,
        recommendation=Recommendation.SCALE_UP,
        rationale=rationale,
    )


@transaction.atomic
def load(world: Any) -> None:
    group = UserGroup.objects.filter(organisation=world.ekbacka).order_by("id").first()
    if group is None:
        return
    head, politician = world.users["head_social"], world.users["politician"]
    today = timezone.localdate()

    # 1. Running: family talks in the evening.
    kvall = _idea("Familjesamtal på kvällstid")
    pilot = _pilot(
        world,
        kvall,
        group,
        40,
        hypothesis=(
            "Om familjesamtal erbjuds två kvällar i veckan kommer fler föräldrar som "
            "arbetar dagtid."
        ),
        smallest_solution="Två kvällar i veckan under tolv veckor, med befintlig personal.",
        risks="Personal som inte kan arbeta kvällar.",
    )
    _goal(
        kvall.initiator,
        pilot,
        ["3", "4"],
        level=GoalLevel.INDIVIDUAL,
        indicator="Föräldrar som kommer till samtal per vecka",
        unit="antal",
        direction=Direction.INCREASE,
        baseline=Decimal("2"),
        target=Decimal("6"),
        data_source="Familjebehandlingens bokningar",
        agenda2030_target="16.2",
    )

    # 2. Being implemented in two units: mobilt team.
    mobilt = _idea("Mobilt team för unga")
    pilot = _pilot(
        world,
        mobilt,
        group,
        160,
        hypothesis="Om ett mobilt team möter familjen hemma inom en vecka blir kontakten tidig.",
        smallest_solution="Två socialsekreterare med bil, tre dagar i veckan.",
    )
    _goal(
        mobilt.initiator,
        pilot,
        ["1 180,5", "950", "730"],
        level=GoalLevel.OPERATIONS,
        indicator="Dagar till första hembesök (summa per månad)",
        unit="dagar",
        direction=Direction.DECREASE,
        baseline=Decimal("1400"),
        target=Decimal("800"),
        data_source="Verksamhetssystemet",
        organisation_goal="Socialnämndens mål: tidiga insatser",
    )
    _evaluate(world, pilot, 240_000, "Målet för tidig kontakt nåddes.")
    services.plan_save(
        actor=mobilt.initiator,
        pilot=pilot,
        receiving=[
            (world.units["sf_mottagning"], world.users["manager"]),
            (world.units["sf_utredning"], _manager(world, "sf_utredning")),
        ],
        budget_source="reallocation",
        annual_cost_sek=900_000,
        routines="Rutinen för första kontakt; mallen för hembesök.",
        training="Halvdag om hembesök och säkerhet.",
        follow_up_on=today + timedelta(days=120),
    )
    decide_in_meeting(
        head,
        mobilt,
        D.SCALE_UP,
        _mandate("Förvaltningsledningen"),
        rationale="Målen för tidig kontakt nåddes.",
        conditions="Rapport till socialnämnden efter ett år.",
        next_handling_on=today + timedelta(days=180),
    )
    first = pilot.plan.receiving_units.get(unit=world.units["sf_mottagning"])
    services.takeover_record(actor=world.users["manager"], receiving=first)

    # 3. Implemented, followed up, and adopted in Norrvik.
    drop = _idea("Drop-in för ekonomisk rådgivning")
    pilot = _pilot(
        world,
        drop,
        group,
        200,
        hypothesis="Om unga vuxna kan komma utan tid söker fler försörjningsstöd i tid.",
        smallest_solution="Drop-in två förmiddagar i veckan.",
    )
    _goal(
        drop.initiator,
        pilot,
        ["14", "22", "31"],
        level=GoalLevel.SOCIETY,
        indicator="Unga vuxna som fått stöd inom en vecka",
        unit="procent",
        direction=Direction.INCREASE,
        baseline=Decimal("9,5".replace(",", ".")),
        target=Decimal("30"),
        data_source="Försörjningsstödets statistik",
    )
    _evaluate(world, pilot, 110_000, "Fler får stöd i tid.")
    owner = _manager(world, "sf_forsorjning")
    services.plan_save(
        actor=drop.initiator,
        pilot=pilot,
        receiving=[(world.units["sf_forsorjning"], owner)],
        budget_source="receiving_units",
        routines="Öppettider och rutin för mottagning utan tid.",
        training="Introduktion för nyanställda.",
        follow_up_on=today + timedelta(days=20),
    )
    fl = _mandate("Förvaltningsledningen")
    decide_in_meeting(head, drop, D.SCALE_UP, fl, rationale="Införs.")
    services.takeover_record(actor=owner, receiving=pilot.plan.receiving_units.get())
    goal = pilot.goals.get()
    services.follow_up_record(
        actor=owner,
        plan=pilot.plan,
        summary="Drop-in är en del av enhetens ordinarie verksamhet.",
        values={goal.pk: Decimal("33")},
    )
    services.reviews_schedule(today=today)
    decide_in_meeting(
        politician,
        drop,
        D.IMPLEMENTED,
        _mandate("Socialnämnden"),
        registry_number="SN 2026/090",
        rationale="Drop-in ingår nu i enhetens ordinarie verksamhet.",
    )
    services.lesson_record(
        actor=drop.initiator,
        idea=Idea.objects.get(pk=drop.pk),
        text="Börja litet och låt de unga själva sprida ordet.",
        started_by="employees",
        participants=["civil_society"],
        helped=["leadership", "user_involvement"],
        hindered=["staffing"],
        effects=["user_quality", "efficiency"],
        is_published=True,
    )
    other = world.users["other"]
    adoption = services.adoption_create(
        actor=other,
        origin=pilot,
        unit=world.units["nv_individ"],
        line_owner=other,
        started_on=today - timedelta(days=15),
        adaptation="Drop-in en eftermiddag i veckan, tillsammans med ungdomsmottagningen.",
    )
    services.adoption_result_add(
        actor=other,
        adoption=adoption,
        goal=goal,
        measured_on=today - timedelta(days=1),
        value=Decimal("18.5"),
        results="Fler unga kommer än väntat; vi behöver fler på plats.",
    )
