"""Cross-organisation idea pages in a real browser: the idea page with co-owners and forums per
organisation (seen from both organisations), the decide form's notice and the partner's forms
pass axe-core in both languages at 320 and 1280 px (the all-pages test sees only ideas that stay
inside one organisation)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.axe import at_widths
from tests.browser.test_accessibility import _session_cookie
from vardag.accounts.testing import make_world
from vardag.forums.models import DecisionType as D
from vardag.ideas import services
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import cross_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cross_organisation_pages_pass_axe(browser, live_server):
    world = make_world()
    cw = cross_organisation(world)
    services.decision_record(
        actor=world.manager,
        idea=cw.idea,
        meeting_forum=cw.joint,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=cw.cross_mandate,
            forum=cw.joint,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    services.idea_organisation_set(
        actor=cw.partner_manager, idea=cw.idea, co_owner=cw.partner_manager, forum=cw.partner_forum
    )
    services.consultation_record(
        actor=cw.partner_manager,
        idea=cw.idea,
        position="conditions",
        statement="Vi tillstyrker om Norrviks gymnasieskola är med från start.",
    )
    i = [cw.idea.pk]
    visits = [
        (world.manager, reverse("ideas:detail", args=i)),
        (world.manager, reverse("ideas:decide", args=i)),
        (cw.partner_manager, reverse("ideas:detail", args=i)),
        (cw.partner_manager, reverse("ideas:organisation", args=i)),
        (cw.partner_manager, reverse("ideas:consultation", args=i)),
    ]
    failures = []
    for language in ("sv", "en"):
        for user, url in visits:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            context.add_cookies(
                [
                    {"name": "django_language", "value": language, "url": live_server.url},
                    _session_cookie(user, live_server),
                ]
            )
            page = context.new_page()
            page.goto(live_server.url + url)
            for problem in at_widths(page):
                failures.append(f"[{language}] {user} {url}: {problem}")
            if url.endswith(f"/{cw.idea.pk}/"):
                assert page.locator("#organisationer").count() == 1
            context.close()
    assert not failures, "\n".join(failures)
