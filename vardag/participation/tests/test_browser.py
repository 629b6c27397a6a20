"""The child mode in a real browser, fully usable by keyboard alone (no mouse) from invitation
link to reading the feedback. (axe-core on every participant and staff page, in both languages at
1280 and 320 px under the real CSP, is tests/browser/test_accessibility.py.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vardag.accounts.testing import make_world
from vardag.participation import services
from vardag.participation.tests.factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_child_takes_part_by_keyboard_only(browser, live_server):
    world = make_world()
    activity = make_activity(world, child_mode=True, involves_children=True)
    services.activity_invitation_open(actor=world.innovation_lead, activity=activity)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + reverse("participation:take_part", args=[activity.token]))
    # Age band "Under 13": Tab to the first radio group, Space selects the first option.
    focused = ""
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.name || ''")
        if focused == "age_band":
            break
    assert focused == "age_band"
    page.keyboard.press("Space")
    # Scale: next Tab enters the picture scale; arrows move within it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "scale"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("Fler vuxna i korridoren.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # own consent
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # guardian consent
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # send
    text = page.inner_text("main")
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", text).group(0)
    contribution = activity.contributions.get()
    assert contribution.age_band == "u13" and contribution.scale == 4
    assert contribution.guardian_consent and contribution.own_consent
    services.activity_feedback_give(
        actor=world.innovation_lead,
        activity=activity,
        feedback="Vi provar fler vuxna i korridoren.",
    )
    # Back with the code, by keyboard.
    page.goto(live_server.url + reverse("participation:my_view_lookup"))
    page.focus("#id_code")
    page.keyboard.type(code)
    with page.expect_navigation():  # the lookup redirects to the page for the code
        page.keyboard.press("Enter")
    assert "Vi provar fler vuxna i korridoren." in page.inner_text("main")
    # Touch targets in child mode are at least 44 px high.
    page.goto(live_server.url + reverse("participation:take_part", args=[activity.token]))
    heights = page.eval_on_selector_all(
        "main .pp-scale__option, main .pp-choice, main button[type=submit]",
        "els => els.map(e => e.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 44
    context.close()
