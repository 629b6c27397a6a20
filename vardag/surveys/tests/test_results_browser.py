"""The results and import pages with real content in a browser: the unit comparison chart, the
unit × role tables, a page hidden as a complement and an import's dry run with errors. axe-core
finds no WCAG 2.1 A/AA violation in Swedish and English at 1280 and 320 px, and nothing
overflows at 320 px."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.axe import at_widths
from vardag.surveys import importers
from vardag.surveys.tests.test_results import _round_with_units

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, user, *, width: int, language: str):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return context


def test_results_and_import_pages_are_accessible(browser, live_server, world):
    round_, units = _round_with_units(world)
    unit = units["A"].name
    stored = importers.answer_import_upload(
        actor=world.innovation_lead,
        round_=round_,
        file_name="tidigare-omgang-med-ett-langt-filnamn.csv",
        content=(
            "Respondent;Enhet;Roll;str1;str2;en kolumn med en mycket lång rubrik som inte används\n"
            f"r1;{unit};medarbetare;4;5;x\nr2;{unit};chef;9;2;y\nr1;Okänd enhet;rektor;3;3;z\n"
        ).encode(),
    )
    importers.answer_import_check(
        actor=world.innovation_lead, answer_import=stored, mapping=list(stored.mapping)
    )
    pages = [
        reverse("surveys:results", args=[round_.pk]),
        reverse("surveys:result_dimension", args=[round_.pk, "culture"]),
        reverse("surveys:results_unit", args=[round_.pk, units["E"].pk]),
        reverse("surveys:round_import", args=[round_.pk]),
        reverse("surveys:round_import_map", args=[round_.pk, stored.pk]),
    ]
    failures = []
    for language in ("sv", "en"):
        context = _context(
            browser, live_server, world.innovation_lead, width=1280, language=language
        )
        page = context.new_page()
        for url in pages:
            page.goto(live_server.url + url)
            failures += [f"[{language}] {url}: {p}" for p in at_widths(page)]
        context.close()
    assert not failures, "\n".join(failures)
