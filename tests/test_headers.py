"""Security headers on every kind of page Vardag answers with (issue 14, item 8).

Each kind is reached through the access cases the access matrix uses (tests/access.py), over
HTTPS with HSTS on as in production. Every answer carries the headers that do not depend on the
kind; pages for a signed-in person, their files and the API are never stored by a cache.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import url_cases_for
from vardag.accounts import services as account_services

pytestmark = pytest.mark.django_db

# (kind, route name, signed in?, extra request headers)
PAGE_KINDS = [
    ("public page", "accounts:login", False, {}),
    ("public statement", "shell:accessibility", False, {}),
    ("participant's token page", "participation:take_part", False, {}),
    ("respondent's token page", "surveys:answer", False, {}),
    ("public calendar feed (ICS)", "meetings:feed", False, {}),
    ("start page", "shell:home", True, {}),
    ("list", "ideas:list", True, {}),
    ("list as an htmx fragment", "ideas:list", True, {"HTTP_HX_REQUEST": "true"}),
    ("detail with forms", "ideas:detail", True, {}),
    ("create form", "ideas:create", True, {}),
    ("my account", "accounts:account", True, {}),
    ("personal data export (ZIP)", "accounts:data_export", True, {}),
    ("table export (CSV/XLSX)", "participation:insight_export", True, {}),
    ("PDF", "meetings:agenda_pdf", True, {}),
    ("calendar file (ICS)", "meetings:meeting_ics", True, {}),
]
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.fixture
def https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True


def _check_common(response, kind: str) -> None:
    for header, value in ALWAYS.items():
        assert response.get(header) == value, f"{kind}: {header} is {response.get(header)!r}"
    hsts = response.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, f"{kind}: HSTS {hsts!r}"
    policy = response.get("Permissions-Policy", "")
    assert "camera=()" in policy and "microphone=()" in policy, f"{kind}: {policy!r}"
    csp = response.get("Content-Security-Policy", "")
    if response.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp, f"{kind}: {csp!r}"


@pytest.mark.parametrize(
    ("kind", "name", "signed_in", "extra"), PAGE_KINDS, ids=[k[0] for k in PAGE_KINDS]
)
def test_headers_on_every_page_kind(kind, name, signed_in, extra, world, https):
    case = url_cases_for(name.split(":")[0], world)[name]
    url = reverse(name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
    client = Client()
    if signed_in:
        client.force_login(world.people[case.persona])
    response = client.get(url, secure=True, **extra)
    assert response.status_code == case.expect, f"{kind}: {response.status_code}"
    _check_common(response, kind)
    cache = response.get("Cache-Control", "")
    if signed_in:
        assert "no-store" in cache and "private" in cache, f"{kind}: Cache-Control {cache!r}"


def test_headers_on_errors_redirects_and_the_api(world, https):
    client = Client()
    client.force_login(world.employee)
    answers = {
        "plain http is redirected": Client().get(reverse("accounts:login")),
        "404 page": client.get("/ideer/999999999/", secure=True),
        "login redirect": Client().get(reverse("ideas:list"), secure=True),
        "healthz": Client().get(reverse("healthz"), secure=True),
    }
    token = account_services.token_create(actor=world.employee, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    answers |= {
        "API JSON": api.get("/api/v1/me", secure=True),
        "API 401": Client().get("/api/v1/me", secure=True),
        "API 404": api.get("/api/v1/ideas/ideas/999999", secure=True),
        "API 422": api.get("/api/v1/units?limit=0", secure=True),
    }
    assert answers["plain http is redirected"].status_code == 301
    assert answers["plain http is redirected"]["Location"].startswith("https://")
    assert answers["404 page"].status_code == 404
    assert [answers[k].status_code for k in ("API JSON", "API 401", "API 404", "API 422")] == [
        200,
        401,
        404,
        422,
    ]
    for kind, response in answers.items():
        if kind == "plain http is redirected":
            continue  # HSTS is only sent over HTTPS, as the standard says
        _check_common(response, kind)
        if kind.startswith("API") or kind == "404 page":
            assert "no-store" in response.get("Cache-Control", ""), kind
