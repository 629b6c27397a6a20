"""Every page, in Swedish and English, at 1280 and 320 px: axe-core finds 0 WCAG 2.1 A/AA
violations, and nothing overflows horizontally at 320 px."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import all_url_cases
from tests.browser.axe import AXE_OPTIONS, WIDTHS, at_widths, overflow, violations, watch_csp
from vardag.accounts.testing import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("sv", "en")


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def _pages(world):
    for name, case in sorted(all_url_cases(world).items()):
        if case.is_page and case.method == "get" and case.expect == 200:
            url = reverse(name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
            yield name, url, (None if case.public else case.persona)


def _check(page, url: str, csp_messages: list[str] | None = None) -> list[str]:
    """axe-core's violations on one page, horizontal overflow at 320 px and, given the list a
    console listener fills, what the Content Security Policy blocked while the page loaded."""
    csp_messages = csp_messages if csp_messages is not None else []
    csp_messages.clear()
    page.goto(url)
    problems = violations(page)
    if page.viewport_size["width"] == 320:
        problems.extend(overflow(page))
    problems.extend(f"blocked by the Content Security Policy: {m}" for m in csp_messages)
    return problems


def _check_widths(page, url: str, csp_messages: list[str]) -> list[str]:
    """One page loaded once and checked at each width (tests/browser/axe.at_widths)."""
    csp_messages.clear()
    page.goto(url)
    problems = at_widths(page, WIDTHS)
    problems.extend(f"blocked by the Content Security Policy: {m}" for m in csp_messages)
    return problems


# The pages are split into shards so pytest-xdist can check them in parallel; each shard checks
# its pages in both languages at both widths. Failures name the page, so a shard is only a batch.
SHARDS = 12


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_is_accessible(browser, live_server, shard):
    world = make_world()
    pages = list(_pages(world))
    assert len(pages) > SHARDS, "no pages found"
    mine = pages[shard::SHARDS]
    failures: list[str] = []
    for language in LANGUAGES:
        contexts = {}
        for name, url, persona in mine:
            if persona not in contexts:
                # The real CSP stays on (axe is injected through the DevTools protocol, which CSP
                # does not govern), so an inline style or script the CSP blocks is caught.
                context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
                cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
                if persona:
                    cookies.append(_session_cookie(world.people[persona], live_server))
                context.add_cookies(cookies)
                page = context.new_page()
                contexts[persona] = (context, page, watch_csp(page))
            _context, page, messages = contexts[persona]
            for problem in _check_widths(page, live_server.url + url, messages):
                failures.append(f"[{language}] {name} {url}: {problem}")
        for context, _page, _messages in contexts.values():
            context.close()
    assert not failures, "\n".join(failures)


def test_keyboard_reaches_main_content_by_skip_link(browser, live_server):
    world = make_world()
    context = browser.new_context(viewport={"width": 320, "height": 800})
    context.add_cookies([_session_cookie(world.employee, live_server)])
    page = context.new_page()
    page.goto(live_server.url + reverse("shell:home"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_page_has_no_csp_violations_and_htmx_loads(browser, live_server):
    """Under the real (nonce-based) CSP, the page's scripts load and nothing is blocked."""
    world = make_world()
    context = browser.new_context()
    context.add_cookies([_session_cookie(world.employee, live_server)])
    page = context.new_page()
    messages = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto(live_server.url + reverse("shell:home"))
    assert page.evaluate("typeof window.htmx") == "object"
    assert not [m for m in messages if "Content Security Policy" in m], messages
    context.close()


def test_axe_really_reports_violations(browser):
    """Guards the accessibility test itself: a broken page must be reported."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    results = Axe().run(page, options=AXE_OPTIONS)
    ids = {v["id"] for v in results.response["violations"]}
    assert {"image-alt", "html-has-lang"} <= ids
    page.close()


def test_a_problem_only_the_narrow_width_shows_is_reported(browser):
    """Guards the resize in _check_widths: what appears only at 320 px (a media query) is found
    there, and the wide width's own findings are kept apart."""
    from urllib.parse import quote

    html = (
        '<!doctype html><html lang="sv"><head><title>t</title><style>'
        ".narrow{display:none}"
        "@media (max-width: 400px){.narrow{display:block;width:600px}}"
        '</style></head><body><main><h1>t</h1><div class="narrow"><img src="x.png"></div>'
        "</main></body></html>"
    )
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 900})
    problems = _check_widths(page, "data:text/html," + quote(html), [])
    assert not [p for p in problems if p.startswith("1280px")], problems
    assert any(p.startswith("320px: image-alt") for p in problems), problems
    assert any(p.startswith("320px: horizontal overflow") for p in problems), problems
    page.close()
