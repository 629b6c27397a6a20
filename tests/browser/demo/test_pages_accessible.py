"""The pages each demo person reaches from the start page, on the demo data, pass axe-core.

The page-by-page check (tests/browser/test_accessibility.py) covers every page of the small test
world, for the role that uses it, in both languages at both widths. Some problems appear only
with real data (two landmarks with the same name when a table has rows, a table that shows only
with ideas across organisations). Here each demo person signs in through the sign-in page and
opens the start page and the pages it links to, as a new user would, in Swedish at 1280 px and
in English at 320 px, under the real Content Security Policy.

Each person's start page is checked (it differs by role); of the pages it links to, each kind of
page (tests/links.kind: the same view with the same query parameters) is checked for the first
person who is shown it. Before, every person's first 14 links were checked, about 150 page loads
of which two thirds were kinds another person had already checked.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.axe import overflow, violations, watch_csp
from tests.browser.demo.conftest import sign_in
from tests.links import kind, links
from vardag.demo.loader import DEMO_LOGINS

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("demo-browser")]

USERNAMES = [login[1] for login in DEMO_LOGINS]
MAX_LINKS = 13  # the start page's first links, as the menu and the start page's cards show them
COMBINATIONS = (("sv", 1280), ("en", 320))


def _start_links(username: str) -> list[str]:
    from vardag.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    home = client.get("/")
    assert home.status_code == 200
    return [url for url in links(home.content.decode()) if url != "/" and "/jobb/" not in url][
        :MAX_LINKS
    ]


@pytest.fixture(scope="module")
def plan(demo_server, django_db_blocker) -> dict[str, list[str]]:
    """The pages to check for each person: the start page, and each linked kind of page the
    people before them in DEMO_LOGINS were not shown."""
    checked: set[tuple[str, tuple[str, ...]]] = set()
    pages: dict[str, list[str]] = {}
    with django_db_blocker.unblock():
        for username in USERNAMES:
            mine = ["/"]
            for url in _start_links(username):
                page_kind = kind(url)
                if page_kind not in checked:
                    checked.add(page_kind)
                    mine.append(url)
            pages[username] = mine
    return pages


def test_the_plan_checks_every_kind_of_page_a_person_is_shown(plan, db):
    shown = {kind(url) for username in USERNAMES for url in _start_links(username)}
    planned = {kind(url) for pages in plan.values() for url in pages}
    assert shown <= planned
    assert len(planned) > 15, planned


@pytest.mark.parametrize("username", USERNAMES)
def test_pages_a_demo_person_reaches_are_accessible(browser, demo_server, plan, db, username):
    failures: list[str] = []
    for language, width in COMBINATIONS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": demo_server.url}]
        )
        page = context.new_page()
        sign_in(page, demo_server.url, username)
        blocked = watch_csp(page)
        for url in plan[username]:
            blocked.clear()
            response = page.goto(demo_server.url + url)
            where = f"[{username} {language} {width}px] {url}"
            if reverse("accounts:login") in page.url:
                failures.append(f"{where}: sent to the sign-in page")
                continue
            if response is None or response.status >= 400:
                failures.append(f"{where}: HTTP {response.status if response else '?'}")
                continue
            problems = violations(page) + (overflow(page) if width == 320 else [])
            problems += [f"blocked by the CSP: {m}" for m in blocked]
            failures.extend(f"{where}: {problem}" for problem in problems)
        context.close()
    assert not failures, "\n".join(failures)
