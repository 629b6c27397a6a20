"""The whole way, as a new user would go (issue 16, "Done when"): a pilot planned from G2 with
two impact goals; measurements imported from a spreadsheet with decimal commas and space as
thousands separator; chart and table; evaluation; G3 with a line owner in two receiving units;
follow-up on its review date through the forum's agenda; införd; adopted in the other
municipality, whose results show beside the original's."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core.models import CollaborationAgreement
from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.ideas.models import Decision, IdeaState
from vardag.meetings.models import AgendaItem, Cadence
from vardag.meetings.services import series as series_services
from vardag.meetings.tests.factories import meeting_day_is
from vardag.pilots import selectors, services
from vardag.pilots.models import (
    Adoption,
    DecisionReview,
    ImpactGoal,
    Measurement,
    Pilot,
    Recommendation,
)
from vardag.pilots.tests.factories import add_goal, assessment, idea_with_money

pytestmark = pytest.mark.django_db


def _csv(rows: list[str]) -> SimpleUploadedFile:
    text = "\n".join(["datum;värde;kommentar", *rows]) + "\n"
    return SimpleUploadedFile("matningar.csv", text.encode("utf-8-sig"), "text/csv")


def test_the_whole_way_from_g2_to_adoption_in_the_other_municipality(world, client_for):
    pw = idea_with_money(world)
    today = pw.today
    employee = client_for("employee")

    # 1. Planned from the G2 decision (the page offers it; budget and hours come from decisions).
    assert (
        reverse("pilots:create", args=[pw.idea.pk])
        in employee.get(reverse("pilots:list")).content.decode()
    )
    response = employee.post(
        reverse("pilots:create", args=[pw.idea.pk]),
        {
            "hypothesis": "Om familjen får ett sms före, uteblir färre.",
            "smallest_solution": "Sms skrivna för hand.",
            "test_group": pw.group.pk,
            "test_group_size": "40",
            "starts_on": (today - timedelta(days=60)).isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "risks": "Fel nummer.",
        },
    )
    pilot = Pilot.objects.get(idea=pw.idea)
    assert response.status_code == 302
    assert (pilot.budget_sek, pilot.hours_granted) == (40_000, 40)
    assert pilot.decision.decision_type == D.GRANT_MONEY

    # 2. Two impact goals (one through the page with a Swedish number).
    response = employee.post(
        reverse("pilots:goal_add", args=[pilot.pk]),
        {
            "level": "individual",
            "indicator": "Väntetid till första samtalet",
            "unit": "dagar",
            "direction": "decrease",
            "baseline": "1 250,5",
            "target": "900",
            "starts_on": (today - timedelta(days=60)).isoformat(),
            "ends_on": (today + timedelta(days=300)).isoformat(),
            "data_source": "Verksamhetssystemet",
            "agenda2030_target": "16.2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    waiting = ImpactGoal.objects.get(pilot=pilot, indicator="Väntetid till första samtalet")
    assert waiting.baseline == Decimal("1250.5")
    missed = add_goal(world, pilot)

    # 3. Three measurements from a spreadsheet: decimal comma, space and no-break space.
    d = [today - timedelta(days=n) for n in (50, 30, 10)]
    upload = _csv(
        [
            f"{d[0]};1 180,25;start",
            f"{d[1]};1\u00a0020,5;",
            f"{d[2].strftime('%Y%m%d')};890;mål nått",
        ]
    )
    response = employee.post(
        reverse("pilots:measurement_import", args=[waiting.pk]), {"file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    values = list(Measurement.objects.filter(goal=waiting).values_list("measured_on", "value"))
    assert values == [(d[0], Decimal("1180.25")), (d[1], Decimal("1020.5")), (d[2], Decimal("890"))]
    services.measurement_add(
        actor=world.employee, goal=missed, measured_on=d[2], value=Decimal("9,5".replace(",", "."))
    )

    # The chart and its table show progress against target.
    page = employee.get(reverse("pilots:goal", args=[waiting.pk])).content.decode()
    assert '<svg class="goal-chart"' in page and "<polyline" in page
    assert (
        "1180,25" in page and "1020,5" in page and "Målet är nått enligt senaste mätningen." in page
    )
    assert 'class="rule-target"' in page and 'class="rule-baseline"' in page
    # SVG coordinates are never localised (a Swedish decimal comma would break the drawing).
    assert not re.search(r' (?:cx|cy|x|y|x1|y1|x2|y2)="-?[0-9]+,[0-9]', page)

    # 4. Evaluated: the pilot ran, the value assessment is brought up to date; scale up.
    pw.decide(world.head, D.START_PILOT, pw.gov.management_mandate)
    pw.decide(world.head, D.EVALUATE, pw.gov.management_mandate)
    value = assessment(world, pw.idea)
    services.evaluation_record(
        actor=world.employee,
        pilot=pilot,
        period_starts_on=today - timedelta(days=60),
        period_ends_on=today - timedelta(days=1),
        findings="Väntetiden föll under målet.",
        users_said="Föräldrarna visste vem de skulle träffa.",
        children_views="Barnen ville veta hur rummet ser ut.",
        value_assessment=value,
        costs_sek=31_000,
        hours_used=38,
        recommendation=Recommendation.SCALE_UP,
        rationale="Båda målen nåddes.",
    )

    # 5. Implementation plan: a line owner (a manager there) in each of two receiving units.
    employee.post(
        reverse("pilots:plan", args=[pilot.pk]),
        {
            "unit_1": world.units["unit"].pk,
            "owner_1": world.manager.pk,
            "unit_2": world.units["school"].pk,
            "owner_2": world.principal.pk,
            "budget_source": "receiving_units",
            "annual_cost_sek": "12000",
            "routines": "Rutinen för kallelser.",
            "training": "En timme på APT.",
            "follow_up_on": (today + timedelta(days=20)).isoformat(),
        },
    )
    plan = selectors.plan_of(pilot)
    assert plan is not None and plan.receiving_units.count() == 2
    g3 = pw.decide(world.politician, D.SCALE_UP, pw.gov.committee_mandate, rationale="Införs.")
    assert pw.idea.state == IdeaState.SCALING

    # The committee meets; the daily run gives G3 a follow-up review and puts it on the agenda.
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=5), time(13)))
    series_services.series_create(
        actor=world.admin,
        forum=pw.gov.committee,
        name="Socialnämnden",
        cadence=Cadence.MONTHLY,
        first_starts_at=starts,
        place="Stadshuset",
        count=3,
    )
    assert services.reviews_schedule(today=today) == (1, 0, 1)
    review = DecisionReview.objects.get(decision=g3)
    item = AgendaItem.objects.get(pk=review.agenda_item_id)
    assert item.meeting.forum == pw.gov.committee and item.idea == pw.idea
    assert timezone.localtime(item.meeting.starts_at).date() <= review.review_on

    # Takeovers by each line owner; each manager sees what their unit took on.
    for persona in ("manager", "principal"):
        client = client_for(persona)
        row = selectors.taken_on(world.people[persona]).get()
        assert row.plan.pilot == pilot
        assert (
            client.post(reverse("pilots:takeover", args=[row.pk]), {"note": "Klart"}).status_code
            == 302
        )
    # The follow-up is recorded against the impact goals.
    response = client_for("manager").post(
        reverse("pilots:follow_up", args=[pilot.pk]),
        {"summary": "Rutinen används.", f"goal_{waiting.pk}": "870", f"goal_{missed.pk}": "9,5"},
    )
    assert response.status_code == 302

    # 6. At the review in the meeting (its day has come): the outcome "införd" is a decision.
    meeting_day_is(item.meeting, 0)
    response = client_for("politician").post(
        reverse("pilots:review", args=[review.pk]),
        {
            "decision_type": D.IMPLEMENTED,
            "mandate": pw.gov.committee_mandate.pk,
            "rationale": "Uppföljningen visar att målen håller.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    review.refresh_from_db()
    pw.idea.refresh_from_db()
    assert pw.idea.state == IdeaState.IMPLEMENTED
    assert review.outcome.decision_type == D.IMPLEMENTED
    assert review.outcome.agenda_item_id == item.pk and review.outcome in item.decisions.all()

    # 7. Adopted by a unit in the other municipality under the agreement.
    agreement = CollaborationAgreement.objects.create(
        title="Samverkan", valid_from=date(2024, 1, 1)
    )
    agreement.parties.set([world.org, world.other_org])
    olle = make_person("olle", world.units["other_unit"], Role.UNIT_MANAGER)
    from django.test import Client

    norrvik = Client()
    norrvik.force_login(olle)
    assert pw.idea.title in norrvik.get(reverse("pilots:spreadable")).content.decode()
    response = norrvik.post(
        reverse("pilots:adopt", args=[pilot.pk]),
        {
            "unit": world.units["other_unit"].pk,
            "line_owner": olle.pk,
            "started_on": (today - timedelta(days=40)).isoformat(),
            "adaptation": "Sms på fler språk.",
        },
    )
    adoption = Adoption.objects.get()
    assert response.status_code == 302 and adoption.organisation == world.other_org
    assert adoption.material["hypothesis"] == pilot.hypothesis
    norrvik.post(
        reverse("pilots:adoption", args=[adoption.pk]),
        {
            "goal": waiting.pk,
            "measured_on": (today - timedelta(days=5)).isoformat(),
            "value": "1 010,75",
        },
    )
    # The origin sees the adopting unit's results beside its own, in the chart's table.
    page = employee.get(reverse("pilots:goal", args=[waiting.pk])).content.decode()
    assert "Individ- och familjeomsorgen" in page and "1010,75" in page and "890" in page
    figures = selectors.pilot_figures(world.org.pk)
    assert figures.pilots_by_phase["implemented"] == 1 and figures.adoptions_of_ours == 1
    assert figures.goals_reached == 2 and figures.follow_ups_done == 1
    assert Decision.objects.filter(idea=pw.idea, decision_type=D.IMPLEMENTED).count() == 1
