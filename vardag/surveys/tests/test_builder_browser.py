"""The builder in a real browser: reordering works by keyboard without JavaScript.

The builder's pages are checked by axe-core in Swedish and English at 1280 and 320 px, under the
real Content Security Policy, by the page-by-page check (tests/browser/test_accessibility.py),
which opens every page of every app's access cases; a second check of the same pages here, with
the same cases, was removed (it took about 15 s of each CI run)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vardag.surveys import builder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, user, *, width: int, language: str, javascript: bool = True):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True, java_script_enabled=javascript
    )
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


def test_reorder_by_keyboard_without_javascript(browser, live_server, world):
    q = builder.instrument_install(actor=world.innovation_lead, organisation=world.org)
    context = _context(
        browser, live_server, world.innovation_lead, width=320, language="sv", javascript=False
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("surveys:questionnaire", args=[q.pk]))
    button = page.get_by_role("button", name="Ned str1")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#fraga-str1")
    first = builder.latest_version(q).sections.get(order=1)
    assert list(first.items.order_by("order").values_list("code", flat=True))[:2] == [
        "str2",
        "str1",
    ]
    assert "Ordningen är ändrad" in page.content()  # (axe needs JavaScript; checked above)
    context.close()
