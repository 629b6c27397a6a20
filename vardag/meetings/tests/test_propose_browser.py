"""In a real browser: the idea page's agenda section, the proposal form opened from it, the idea
page after the proposal, and the inbox with a handled register notice pass axe-core in both
languages at 1280 and 320 px; the chair gets from the idea page onto the agenda by keyboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.axe import at_widths
from tests.browser.test_accessibility import _session_cookie
from vardag.accounts.testing import make_world
from vardag.forums.models import DecisionType as D
from vardag.ideas import services as idea_services
from vardag.ideas.services import DecisionInput
from vardag.meetings.models import AgendaItem
from vardag.meetings.tests.factories import make_idea, meeting_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {"sv": ("Anmäl till dagordningen", "Spara punkten"), "en": ("Propose for", "Save")}


def test_from_the_idea_page_onto_the_agenda_by_keyboard_and_axe_clean(browser, live_server):
    world = make_world()
    mw = meeting_world(world)
    ideas = {}
    for language in ("sv", "en"):
        idea = make_idea(world, title=f"Idé att anmäla ({language})")
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=mw.gov.manager_mandate,
                forum=mw.gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=20),
            ),
        )
        ideas[language] = idea
    failures: list[str] = []
    for language, idea in ideas.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        context.add_cookies(
            [
                {"name": "django_language", "value": language, "url": live_server.url},
                _session_cookie(world.manager, live_server),
            ]
        )
        page = context.new_page()
        detail = live_server.url + reverse("ideas:detail", args=[idea.pk])
        page.goto(detail)
        failures += [f"[{language}] idea page: {p}" for p in at_widths(page)]
        link = page.get_by_role("link", name=LABELS[language][0])
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/punkt/ny/**")
        failures += [f"[{language}] proposal form: {p}" for p in at_widths(page)]
        page.get_by_role("button", name=LABELS[language][1]).focus()
        page.keyboard.press("Enter")
        page.wait_for_url(detail)
        failures += [f"[{language}] idea page after: {p}" for p in at_widths(page)]
        assert page.get_by_role("link", name=LABELS[language][0]).count() == 0
        inbox = live_server.url + reverse("notifications:inbox")
        page.goto(inbox)
        failures += [f"[{language}] inbox: {p}" for p in at_widths(page)]
        context.close()
    assert not failures, "\n".join(failures)
    assert AgendaItem.objects.filter(idea__in=ideas.values(), meeting=mw.next).count() == 2
