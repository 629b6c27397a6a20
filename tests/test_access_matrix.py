"""Every URL pattern and API route: foreign → 404, anonymous → login (or 401), owner → works.

A route without an access case in its app's tests/access.py fails here.

Each app's world and access cases are made once for all of its routes (`app_world`, a
module-scoped fixture per app whose routes run in one stretch) and each route's
test rolls back what it wrote (vardag.core.testing.rolled_back_after). Making them for every
route was about a third of the matrix's time.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import (
    BUILTIN_PUBLIC,
    all_api_cases,
    all_api_routes,
    all_routes,
    api_cases_of,
    url_cases_for,
)
from vardag.accounts import services as account_services
from vardag.accounts.testing import make_person, make_world
from vardag.core.roles import Role
from vardag.core.testing import rolled_back_after

REFUSED = {403, 404}
REFUSED_API = {403, 404, 422}  # a write the API refuses with its reasons


def _bystander(world):
    """A plain employee of another unit in the same organisation, with no role to speak of."""
    return make_person("bystander", world.units["school"], Role.EMPLOYEE)


ROUTES = all_routes()
API_ROUTES = all_api_routes()
ALL = "*"  # API routes outside any app's prefix (/api/v1/me): every app's cases


def _url_label(route) -> str:
    return route.name.split(":")[0] if ":" in route.name else ""


def _api_label(key: str) -> str:
    from django.apps import apps

    label = key.split(" ", 1)[1].removeprefix("/api/v1/").split("/", 1)[0]
    return label if label in {config.label for config in apps.get_app_configs()} else ALL


@pytest.fixture(scope="module")
def app_world(request, django_db_setup, django_db_blocker):
    """One app's world and access cases, ("url", label) or ("api", label), shared by the app's
    routes and rolled back after the last (one fixture for both kinds, so that only one world
    exists at a time)."""
    kind, label = request.param
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            world = make_world()
            if kind == "url":
                cases = dict(BUILTIN_PUBLIC) if not label else url_cases_for(label, world)
            else:
                cases = all_api_cases(world) if label == ALL else api_cases_of(label, world)
        yield world, cases


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _request(client: Client, case, url: str):
    if case.method == "post":
        return client.post(url, case.data)
    return client.get(url)


def _url(name: str, case) -> str:
    url = reverse(name, kwargs=case.kwargs)
    return f"{url}?{case.query}" if case.query else url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app_world", "route"),
    [(("url", _url_label(route)), route) for route in ROUTES],
    ids=[route.name for route in ROUTES],
    indirect=["app_world"],
    scope="module",
)
def test_url_pattern_access(app_world, route):
    world, cases = app_world
    assert route.name in cases, f"{route.name} has no access case in its app's tests/access.py"
    case = cases[route.name]
    url = _url(route.name, case)
    if case.public:
        response = _request(Client(), case, url)
        assert response.status_code < 500
        return
    anonymous = _request(Client(), case, url)
    assert anonymous.status_code == 302, f"anonymous got {anonymous.status_code} on {url}"
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    foreign = _request(_client(world.foreign), case, url)
    if case.foreign == "404":
        assert route.has_params, "a page without an object should use foreign='own'"
        assert foreign.status_code == 404, f"foreign persona got {foreign.status_code} on {url}"
    else:
        assert foreign.status_code < 500
        if case.marker:
            assert case.marker not in foreign.content.decode(), f"{url} leaks {case.marker!r}"
    if case.bystander_refused:
        bystander = Client()
        bystander.force_login(_bystander(world))
        got = _request(bystander, case, url).status_code
        assert got in REFUSED, (
            f"a plain employee of another unit got {got} on {url} ({case.persona}'s action); "
            "refuse it, or say bystander='allowed' in the case"
        )
    elif case.bystander == "own":
        bystander = Client()
        bystander.force_login(_bystander(world))
        response = _request(bystander, case, url)
        assert response.status_code == 200, f"a plain employee got {response.status_code}"
        assert case.marker and case.marker not in response.content.decode(), (
            f"{url} shows {case.marker!r} to a plain employee of another unit"
        )
    owner = _request(_client(world.people[case.persona]), case, url)
    assert owner.status_code == case.expect, f"{case.persona} got {owner.status_code} on {url}"
    if case.marker and case.method == "get":
        assert case.marker in owner.content.decode(), f"marker {case.marker!r} not shown on {url}"


def _api_request(client: Client, key: str, case, token: str | None, *, foreign: bool = False):
    method, path = key.split(" ", 1)
    for name, value in case.kwargs.items():
        path = path.replace("{" + name + "}", str(value))
    if case.query:
        path = f"{path}?{case.query}"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = case.foreign_data if foreign and case.foreign_data is not None else case.data
    if method in {"POST", "PUT", "PATCH"}:
        return client.generic(
            method, path, data=_json(data), content_type="application/json", **headers
        )
    return client.generic(method, path, **headers)


def _json(data) -> str:
    import json

    return json.dumps(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app_world", "key"),
    [(("api", _api_label(key)), key) for key in API_ROUTES],
    ids=API_ROUTES,
    indirect=["app_world"],
    scope="module",
)
def test_api_route_access(app_world, key):
    world, cases = app_world
    assert key in cases, f"{key} has no api case in its app's tests/access.py"
    case = cases[key]
    anonymous = _api_request(Client(), key, case, None)
    assert anonymous.status_code == 401, f"anonymous got {anonymous.status_code} on {key}"
    assert anonymous.json()["detail"]
    foreign_token = account_services.token_create(actor=world.foreign, name="t")[1]
    foreign = _api_request(Client(), key, case, foreign_token, foreign=True)
    if case.foreign == "404":
        assert foreign.status_code == 404, f"foreign got {foreign.status_code} on {key}"
    else:
        assert foreign.status_code < 500
        if case.marker:
            assert case.marker not in foreign.content.decode()
    if case.bystander_refused:
        token = account_services.token_create(actor=_bystander(world), name="t")[1]
        got = _api_request(Client(), key, case, token).status_code
        assert got in (REFUSED_API if key.split()[0] != "GET" else REFUSED), (
            f"a plain employee of another unit got {got} on {key} ({case.persona}'s route); "
            "refuse it, or say bystander='allowed' in the case"
        )
    elif case.bystander == "own":
        token = account_services.token_create(actor=_bystander(world), name="t")[1]
        response = _api_request(Client(), key, case, token)
        assert response.status_code == 200 and case.marker
        assert case.marker not in response.content.decode(), f"{key} shows {case.marker!r}"
    owner_token = account_services.token_create(actor=world.people[case.persona], name="t")[1]
    owner = _api_request(Client(), key, case, owner_token)
    assert owner.status_code == case.expect, (
        f"{case.persona} got {owner.status_code}: {owner.content[:300]!r}"
    )


@pytest.mark.django_db
def test_malformed_token_answers_401_json():
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
