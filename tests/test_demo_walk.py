"""Every demo login walks Vardag as a new user would: every link they are shown works.

The demo is loaded once (what `vardag demo` runs). Each persona starts at the home page and
follows the links on the pages it reaches, two clicks deep. A link a person is shown must not
end in an error, a refusal or a missing page: that would be a dead end in the product.
"""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from vardag.accounts.models import User
from vardag.demo.loader import DEMO_LOGINS

HREF = re.compile(r'href="([^"#][^"]*)"')
# Files and feeds are tested where they are made; sign-out and language links change the session.
SKIP = re.compile(
    r"(\.pdf|\.ics|\.csv|\.xlsx|\.sav|\.qdpx|\.qdc|\.zip|/export|/api/|/static/|/media/"
    r"|/logga-ut|/bilagor/\d+/)"
)
MAX_PAGES = 70


def _links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url, _fragment = urldefrag(unescape(raw))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or SKIP.search(url):
            continue
        found.append(url)
    return found


def _walk(username: str) -> tuple[set[str], list[str]]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen: set[str] = set()
    broken: list[str] = []
    frontier = ["/"]
    for _depth in range(3):
        next_frontier: list[str] = []
        for url in frontier:
            if url in seen or len(seen) >= MAX_PAGES:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code >= 300 and response.status_code not in (301, 302):
                broken.append(f"{url} → {response.status_code}")
                continue
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                next_frontier.extend(_links(response.content.decode()))
        frontier = next_frontier
    return seen, broken


@pytest.mark.django_db
def test_every_link_a_demo_person_sees_works():
    call_command("demo", stdout=io.StringIO())  # what `vardag demo` runs
    problems = {}
    for username in [login[1] for login in DEMO_LOGINS]:
        seen, broken = _walk(username)
        assert len(seen) > 10, f"{username} reached only {sorted(seen)}"
        if broken:
            problems[username] = broken
    assert not problems, f"links shown to demo people that fail: {problems}"
