"""Research pages in a real browser: coding by keyboard alone, selecting text, the review page.

Every research page is checked by axe-core in Swedish and English at 1280 and 320 px, under the
real Content Security Policy, by the page-by-page check (tests/browser/test_accessibility.py) on
research's access cases, which make the same study (vardag.research.tests.factories.make_study)
with a second coder; the same check of the same pages here was removed (about 10 s a CI run)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.axe import violations
from vardag.research.models import Excerpt
from vardag.research.tests.factories import make_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, user, *, width=1280, language="sv"):
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
    return context, context.new_page()


def test_coding_by_keyboard_alone(browser, live_server, world):
    w = make_study(world.researcher)
    context, page = _page(browser, live_server, world.researcher)
    page.goto(live_server.url + reverse("research:source", args=[w.source.pk]))
    target = f"code-{w.other_code.pk}"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == target:
            break
    assert page.evaluate("document.activeElement.id") == target
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # next code checkbox or the paragraph field
    while page.evaluate("document.activeElement.name") != "first_paragraph":
        page.keyboard.press("Tab")
    page.keyboard.type("2")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    excerpt = Excerpt.objects.get(code=w.other_code)
    assert w.source.text[excerpt.start : excerpt.end].startswith("Person 1: Vi har aldrig tid")
    assert violations(page) == []
    context.close()


def test_selecting_text_fills_the_offsets(browser, live_server, world):
    w = make_study(world.researcher)
    context, page = _page(browser, live_server, world.researcher)
    page.goto(live_server.url + reverse("research:source", args=[w.source.pk]))
    page.evaluate(
        """() => {
        const p = document.querySelector('#p-3 .paragraph');
        const node = p.firstChild;
        const range = document.createRange();
        range.setStart(node, 10); range.setEnd(node, 18);
        const s = window.getSelection(); s.removeAllRanges(); s.addRange(range);
        document.dispatchEvent(new Event('selectionchange'));
    }"""
    )
    page.wait_for_function("document.querySelector('[name=start]').value !== ''")
    start = int(page.input_value("[name=start]"))
    end = int(page.input_value("[name=end]"))
    expected = w.source.text.index("Men min chef")  # paragraph 3 is "Person 1: Men min chef…"
    assert (start, end) == (expected, expected + 8)
    context.close()


def test_review_page_passes_axe_and_saves_by_keyboard(browser, live_server, world):
    w = make_study(world.researcher)
    context, page = _page(browser, live_server, world.researcher, width=320)
    page.goto(live_server.url + reverse("research:source_add", args=[w.study.pk]))
    page.fill("[name=pasted]", "Anna Lind ringde från 070-123 45 67 och mejlade anna@example.org.")
    page.fill("[name=title]", "Anteckning")
    page.fill("[name=names]", "Anna Lind")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Anna Lind" in page.content()
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.focus("[name=action][value=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    from vardag.research.models import Source

    stored = Source.objects.get(title="Anteckning").text
    assert (
        "Anna Lind" not in stored and "070-123" not in stored and "anna@example.org" not in stored
    )
    context.close()
