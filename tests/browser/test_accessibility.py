"""Every page, in Swedish and English, at 1280 and 320 px: axe-core finds 0 WCAG 2.1 A/AA
violations, and nothing overflows horizontally at 320 px."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import all_url_cases
from vardag.accounts.testing import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
WIDTHS = (1280, 320)
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
    from axe_playwright_python.sync_playwright import Axe

    csp_messages = csp_messages if csp_messages is not None else []
    csp_messages.clear()
    page.goto(url)
    problems = []
    results = Axe().run(page, options=AXE_OPTIONS)
    for violation in results.response["violations"]:
        targets = [n["target"] for n in violation["nodes"]][:3]
        problems.append(f"{violation['id']}: {violation['help']} {targets}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if page.viewport_size["width"] == 320 and overflow > 1:
        problems.append(f"horizontal overflow of {overflow}px at 320px")
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
        for width in WIDTHS:
            contexts = {}
            for name, url, persona in mine:
                if persona not in contexts:
                    # The real CSP stays on (axe is injected through the DevTools protocol, which
                    # CSP does not govern), so an inline style or script the CSP blocks is caught.
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    cookies = [
                        {"name": "django_language", "value": language, "url": live_server.url}
                    ]
                    if persona:
                        cookies.append(_session_cookie(world.people[persona], live_server))
                    context.add_cookies(cookies)
                    page = context.new_page()
                    messages: list[str] = []
                    page.on(
                        "console",
                        lambda msg, messages=messages: (
                            messages.append(msg.text)
                            if "Content Security Policy" in msg.text
                            else None
                        ),
                    )
                    contexts[persona] = (context, page, messages)
                _context, page, messages = contexts[persona]
                for problem in _check(page, live_server.url + url, messages):
                    failures.append(f"[{language} {width}px] {name} {url}: {problem}")
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
