"""The goal chart's time axis is the pilot's period (to today while it runs), not the impact
goal's time frame; the target stays visible as its line."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from vardag.pilots import charts, selectors, services
from vardag.pilots.tests.factories import add_goal, idea_with_money, plan_pilot

pytestmark = pytest.mark.django_db


def test_the_axis_runs_over_the_running_pilot_and_keeps_the_target(world, client_for):
    pw = idea_with_money(world)
    pilot = plan_pilot(world, pw)  # from 60 days ago to 30 days ahead: running
    goal = add_goal(world, pilot)  # its own frame runs 300 days ahead
    assert goal.ends_on == pw.today + timedelta(days=300)
    for days, value in ((50, "20"), (10, "14")):
        services.measurement_add(
            actor=world.employee,
            goal=goal,
            measured_on=pw.today - timedelta(days=days),
            value=Decimal(value),
        )
    chart = charts.goal_chart(selectors.goal_view(world.employee, goal))
    assert [label for _x, label in chart.x_ticks] == [
        pilot.starts_on.isoformat(),
        pw.today.isoformat(),
    ]
    # The later measurement sits near the right edge (10 of 60 days before today), not at a
    # sixth of the width as on a 360-day goal frame.
    left, right = charts.LEFT, charts.WIDTH - charts.RIGHT
    last_x = chart.lines[0].dots[-1][0]
    assert last_x == pytest.approx(left + (right - left) * 50 / 60, abs=0.1)
    target = next(r for r in chart.rules if r.css == "rule-target")
    assert target.value == goal.target and charts.TOP <= target.y <= charts.HEIGHT - charts.BOTTOM
    page = client_for("employee").get(reverse("pilots:goal", args=[goal.pk])).content.decode()
    assert f">{pw.today.isoformat()}</text>" in page and 'class="rule-target"' in page


def test_an_ended_pilot_runs_from_start_to_end_and_a_planned_one_over_its_plan():
    start, end = date(2026, 1, 1), date(2026, 3, 31)
    assert charts.pilot_period(start, end, date(2026, 6, 1)) == (start, end)  # ended
    assert charts.pilot_period(start, end, date(2025, 12, 1)) == (start, end)  # not begun
    assert charts.pilot_period(start, end, date(2026, 2, 10)) == (start, date(2026, 2, 10))
