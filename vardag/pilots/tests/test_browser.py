"""The goal page of a pilot (chart, table, both forms) can be used by keyboard and without
JavaScript. (axe-core on every pilot page, in Swedish and English at 1280 and 320 px under the real
CSP, is tests/browser/test_accessibility.py, which visits every page of the access matrix.)"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.browser.axe import watch_csp
from tests.browser.test_accessibility import _session_cookie
from vardag.accounts.testing import make_world
from vardag.pilots import services
from vardag.pilots.models import ImpactGoal
from vardag.pilots.tests.access import url_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, user, language: str, width: int, *, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            _session_cookie(user, live_server),
        ]
    )
    page = context.new_page()
    return context, page, watch_csp(page)


def test_a_measurement_is_added_by_keyboard_without_javascript(browser, live_server):
    world = make_world()
    cases = url_cases(world)
    goal = ImpactGoal.objects.get(pk=cases["pilots:goal"].kwargs["goal_id"])
    services.measurement_add(
        actor=world.employee, goal=goal, measured_on=goal.starts_on, value=Decimal("15")
    )
    url = reverse("pilots:goal", kwargs={"goal_id": goal.pk})
    context, page, _messages = _context(
        browser, live_server, world.employee, "sv", 320, javascript=False
    )
    page.goto(live_server.url + url)
    assert page.locator("svg.goal-chart").count() == 1
    assert page.locator("table caption").count() == 1
    # Outside the goal's time frame: refused, with what was typed kept.
    page.locator("#id_measured_on").fill((goal.starts_on - timedelta(days=1)).isoformat())
    page.locator("#id_value").focus()
    page.keyboard.type("1 234,5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ligger utanför målets tidsram" in page.content()
    assert page.locator("#id_value").input_value() == "1 234,5"
    context.close()
