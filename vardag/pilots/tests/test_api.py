"""The API uses the same selectors and services as the pages, with the same refusals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from vardag.accounts import services as account_services
from vardag.pilots.tests.factories import add_goal, idea_with_money, implemented_pilot, plan_pilot

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict]:
    token = account_services.token_create(actor=user, name="t")[1]
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_measurement_through_the_api_and_its_refusal(world):
    pw = idea_with_money(world)
    goal = add_goal(world, plan_pilot(world, pw))
    client, auth = _client(world.employee)
    url = f"/api/v1/pilots/goals/{goal.pk}/measurements"
    ok = client.post(
        url,
        {"measured_on": str(pw.today), "value": "12.25"},
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 201 and ok.json()["value"] == "12.25"
    outside = str(goal.ends_on + timedelta(days=1))
    refused = client.post(
        url, {"measured_on": outside, "value": "3"}, content_type="application/json", **auth
    )
    assert refused.status_code == 422 and "tidsram" in refused.content.decode()
    other, other_auth = _client(world.researcher)
    forbidden = other.post(
        url,
        {"measured_on": str(pw.today), "value": "3"},
        content_type="application/json",
        **other_auth,
    )
    assert forbidden.status_code == 403
    detail = client.get(f"/api/v1/pilots/goals/{goal.pk}", **auth).json()
    assert [Decimal(m["value"]) for m in detail["measurements"]] == [Decimal("12.25")]


def test_figures_for_the_overview(world):
    pw = idea_with_money(world)
    implemented_pilot(world, pw)
    client, auth = _client(world.manager)
    figures = client.get("/api/v1/pilots/figures", **auth).json()
    assert figures["pilots_by_phase"]["implemented"] == 1
    assert figures["follow_ups_done"] == 1 and figures["implementations_total"] == 1
    assert set(figures["helped"]) >= {"leadership", "time"}
