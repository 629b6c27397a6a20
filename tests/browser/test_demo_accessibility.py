"""The pages each demo person reaches from the start page, on the demo data, pass axe-core.

The page-by-page check (test_accessibility.py) uses the small test world; some problems appear
only with real data (two landmarks with the same name when a table has rows, a table that shows
only with ideas across organisations). Here each demo login opens the start page and every page
it links to, as a new user would, in Swedish at 1280 px and in English at 320 px, under the real
Content Security Policy.

The demo is loaded (committed) once for the module and served by a server of the module's own, so
the load is not repeated for each person; the database is emptied again afterwards. Each person
signs in through the sign-in page.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.test_accessibility import AXE_OPTIONS
from vardag.demo.loader import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("demo-browser")]

HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = re.compile(
    r"(\.pdf|\.ics|\.csv|\.xlsx|\.sav|\.qdpx|\.qdc|\.zip|/export|/api/|/static/|/media/"
    r"|/logga-ut|/bilagor/\d+/|/jobb/)"
)
MAX_PAGES = 14
COMBINATIONS = (("sv", 1280), ("en", 320))


def _links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url, _fragment = urldefrag(unescape(raw))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or SKIP.search(url):
            continue
        if url not in found:
            found.append(url)
    return found


def _pages(username: str) -> list[str]:
    from vardag.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    home = client.get("/")
    assert home.status_code == 200
    pages = ["/"] + [u for u in _links(home.content.decode()) if u != "/"]
    return pages[:MAX_PAGES]


def _sign_in(page, server_url: str, username: str) -> None:
    """Through the sign-in page, as a person would (the server writes its own session, so this
    works on PostgreSQL too, where the server thread has its own connection)."""
    page.goto(server_url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert reverse("accounts:login") not in page.url, (
        f"{username} could not sign in: {page.locator('main').inner_text()[:500]}"
    )


@pytest.mark.parametrize("username", [login[1] for login in DEMO_LOGINS])
def test_pages_a_demo_person_reaches_are_accessible(browser, demo_server, db, username):
    from axe_playwright_python.sync_playwright import Axe

    pages = _pages(username)
    failures: list[str] = []
    for language, width in COMBINATIONS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": demo_server.url}]
        )
        page = context.new_page()
        _sign_in(page, demo_server.url, username)
        blocked: list[str] = []
        page.on(
            "console",
            lambda msg, blocked=blocked: (
                blocked.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        for url in pages:
            blocked.clear()
            response = page.goto(demo_server.url + url)
            where = f"[{username} {language} {width}px] {url}"
            if reverse("accounts:login") in page.url:
                failures.append(f"{where}: sent to the sign-in page")
                continue
            if response is None or response.status >= 400:
                failures.append(f"{where}: HTTP {response.status if response else '?'}")
                continue
            for violation in Axe().run(page, options=AXE_OPTIONS).response["violations"]:
                targets = [n["target"] for n in violation["nodes"]][:3]
                failures.append(f"{where}: {violation['id']}: {violation['help']} {targets}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if width == 320 and overflow > 1:
                failures.append(f"{where}: horizontal overflow of {overflow}px")
            failures.extend(f"{where}: blocked by the CSP: {m}" for m in blocked)
        context.close()
    assert not failures, "\n".join(failures)
