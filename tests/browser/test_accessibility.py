"""Every page, in Swedish and English, at 1280 and 320 px: axe-core finds 0 WCAG 2.1 A/AA
violations, and nothing overflows horizontally at 320 px."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import BUILTIN_PUBLIC, all_routes, all_url_cases, url_cases_for
from tests.browser.axe import AXE_OPTIONS, WIDTHS, at_widths, overflow, violations, watch_csp
from vardag.accounts.testing import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("sv", "en")


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def _page_cases(cases):
    for name, case in sorted(cases.items()):
        if case.is_page and case.method == "get" and case.expect == 200:
            url = reverse(name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
            yield name, url, (None if case.public else case.persona)


def _pages(world):
    """Every page of every app's access cases: name, URL and the persona that opens it."""
    yield from _page_cases(all_url_cases(world))


# The routes are split into shards so pytest-xdist can check them in parallel; each shard checks
# its pages in both languages at both widths. A shard holds the routes of one app (a large app's
# in two or three shards) or of a few small apps, so it makes only those apps' access cases:
# making every app's cases in each of 12 shards cost about 1.4 s a shard. Failures name the page.
MAX_ROUTES = 20


def _label(name: str) -> str:
    return name.split(":")[0] if ":" in name else ""


def _shards() -> dict[str, dict[str, list[str]]]:
    """Shard id → {app label: route names}."""
    by_label: dict[str, list[str]] = {}
    for route in all_routes():
        by_label.setdefault(_label(route.name), []).append(route.name)
    shards: dict[str, dict[str, list[str]]] = {}
    small: dict[str, list[str]] = {}
    for label, names in sorted(by_label.items(), key=lambda item: -len(item[1])):
        if len(names) > MAX_ROUTES:
            parts = -(-len(names) // MAX_ROUTES)
            for part in range(parts):
                shards[f"{label}-{part + 1}"] = {label: names[part::parts]}
        elif sum(map(len, small.values())) + len(names) > MAX_ROUTES:
            shards["+".join(label or "site" for label in small)] = small
            small = {label: names}
        else:
            small[label] = names
    if small:
        shards["+".join(label or "site" for label in small)] = small
    return shards


SHARDS = _shards()


def _shard_pages(world, shard: dict[str, list[str]]):
    cases = {}
    for label, names in shard.items():
        made = dict(BUILTIN_PUBLIC) if not label else url_cases_for(label, world)
        cases.update({name: made[name] for name in names if name in made})
    return list(_page_cases(cases))


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


@pytest.mark.parametrize("shard", list(SHARDS))
def test_every_page_is_accessible(browser, live_server, shard):
    world = make_world()
    mine = _shard_pages(world, SHARDS[shard])
    assert mine, f"shard {shard} has no page to check"
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


@pytest.mark.django_db
def test_the_shards_check_every_page_once():
    """The shards together are every page of every app's access cases, none twice (each made in
    a world of its own, as the shard tests make them)."""
    from django.db import transaction

    def made(pages) -> list[tuple[str, str | None]]:
        with transaction.atomic():
            found = [(name, persona) for name, _url, persona in pages(make_world())]
            transaction.set_rollback(True)
        return found

    every = made(_pages)
    sharded = [
        page
        for shard in SHARDS.values()
        for page in made(lambda world, shard=shard: _shard_pages(world, shard))
    ]
    assert sorted(sharded) == sorted(every)
    assert len(every) > 150, len(every)


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
