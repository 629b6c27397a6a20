"""Planning a pilot, recording a measurement or an evaluation and deciding a review, each sent
twice from one form (a double click, a retry), write once and answer as the first time did
(issue 14, item 6)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from vardag.accounts import services as account_services
from vardag.core.models import AuditEvent
from vardag.forums.models import DecisionType as D
from vardag.ideas.models import Decision
from vardag.pilots.models import Evaluation, Measurement, Pilot
from vardag.pilots.tests.factories import (
    add_goal,
    assessment,
    idea_with_money,
    placed_review,
    plan_pilot,
)

pytestmark = pytest.mark.django_db


def _key(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="request_key" value="([0-9a-f]{32})"', page).group(1)


def _twice(client: Client, url: str, data: dict) -> list:
    answers = [client.post(url, data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302], answers[1].content.decode()[:2000]
    assert answers[0]["Location"] == answers[1]["Location"]
    return answers


def test_a_pilot_planned_twice_from_one_form_is_one_pilot(world, client_for):
    pw = idea_with_money(world)
    employee = client_for("employee")
    url = reverse("pilots:create", args=[pw.idea.pk])
    data = {
        "hypothesis": "Om familjen får ett sms före, uteblir färre.",
        "smallest_solution": "Sms skrivna för hand.",
        "test_group": pw.group.pk,
        "test_group_size": "40",
        "starts_on": (pw.today - timedelta(days=60)).isoformat(),
        "ends_on": (pw.today + timedelta(days=30)).isoformat(),
        "request_key": _key(employee, url),
    }
    answers = _twice(employee, url, data)
    pilot = Pilot.objects.get(idea=pw.idea)
    assert answers[1]["Location"] == pilot.get_absolute_url()
    assert AuditEvent.objects.filter(action="pilot.plan").count() == 1


def test_a_measurement_sent_twice_is_one_value_and_the_api_retry_answers_alike(world, client_for):
    pw = idea_with_money(world)
    goal = add_goal(world, plan_pilot(world, pw))
    employee = client_for("employee")
    url = reverse("pilots:measurement_add", args=[goal.pk])
    key = _key(employee, reverse("pilots:goal", args=[goal.pk]))
    day = pw.today - timedelta(days=3)
    _twice(employee, url, {"measured_on": day.isoformat(), "value": "12,5", "request_key": key})
    assert Measurement.objects.filter(goal=goal).count() == 1
    # The API: a retry with the same key gets the first value back (201), not "already a value".
    token = account_services.token_create(actor=world.employee, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    api_url = f"/api/v1/pilots/goals/{goal.pk}/measurements"
    body = {"measured_on": (day - timedelta(days=1)).isoformat(), "value": "11", "request_key": "m"}
    first = api.post(api_url, body, content_type="application/json")
    second = api.post(api_url, body, content_type="application/json")
    assert first.status_code == second.status_code == 201, second.content
    one, two = first.json(), second.json()
    assert Decimal(one.pop("value")) == Decimal(two.pop("value")) == 11 and one == two
    assert Measurement.objects.filter(goal=goal).count() == 2
    assert AuditEvent.objects.filter(action="pilot.measurement_add").count() == 2


def test_an_evaluation_sent_twice_is_one_evaluation(world, client_for):
    pw = idea_with_money(world)
    pilot = plan_pilot(world, pw)
    add_goal(world, pilot)
    pw.decide(world.head, D.START_PILOT, pw.gov.management_mandate)
    pw.decide(world.head, D.EVALUATE, pw.gov.management_mandate)
    employee = client_for("employee")
    url = reverse("pilots:evaluation_add", args=[pilot.pk])
    data = {
        "period_starts_on": (pw.today - timedelta(days=60)).isoformat(),
        "period_ends_on": pw.today.isoformat(),
        "findings": "Färre uteblev.",
        "users_said": "Bra.",
        "value_assessment": assessment(world, pw.idea).pk,
        "costs_sek": "1000",
        "hours_used": "10",
        "recommendation": "scale_up",
        "rationale": "Målet nåddes.",
        "request_key": _key(employee, url),
    }
    _twice(employee, url, data)
    assert Evaluation.objects.filter(pilot=pilot).count() == 1
    assert AuditEvent.objects.filter(action="pilot.evaluation_record").count() == 1


def test_a_review_decision_sent_twice_is_one_decision(world, client_for):
    pw = idea_with_money(world)
    review = placed_review(world, pw)
    head = client_for("head")
    url = reverse("pilots:review", args=[review.pk])
    data = {
        "decision_type": D.REVIEW,
        "mandate": pw.gov.management_mandate.pk,
        "rationale": "Beslutet står fast.",
        "request_key": _key(head, url),
    }
    before = Decision.objects.filter(idea=pw.idea).count()
    _twice(head, url, data)
    assert Decision.objects.filter(idea=pw.idea).count() == before + 1
    review.refresh_from_db()
    assert review.outcome is not None and review.outcome.request_key == data["request_key"]
