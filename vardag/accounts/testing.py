"""Shared personas for tests: a municipality with staff in every role, and a foreign one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.test import Client

from vardag.accounts.models import Membership, User
from vardag.core.models import Organisation, Unit
from vardag.core.roles import Role

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


def make_unit(org: Organisation, name: str, kind: str, parent: Unit | None = None) -> Unit:
    return Unit.objects.create(organisation=org, name=name, kind=kind, parent=parent)


def make_person(username: str, unit: Unit, role: str, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        last_name="Testsson",
        organisation=unit.organisation,
        **extra,
    )
    Membership.objects.create(user=user, unit=unit, role=role, starts_on=date(2024, 1, 1))
    return user


PERSONAS = [
    # key, unit key, role
    ("employee", "unit", Role.EMPLOYEE),
    ("manager", "unit", Role.UNIT_MANAGER),
    ("principal", "school", Role.PRINCIPAL),
    ("head", "administration", Role.ADMINISTRATION_HEAD),
    ("innovation_lead", "administration", Role.INNOVATION_LEAD),
    ("researcher", "administration", Role.RESEARCHER),
    ("politician", "committee", Role.COMMITTEE_MEMBER),
    ("admin", "administration", Role.ADMIN),
]


def make_world() -> World:
    org = Organisation.objects.create(name="Ekbacka kommun", slug="ekbacka", kind="municipality")
    other = Organisation.objects.create(name="Norrviks kommun", slug="norrvik", kind="municipality")
    world = World(org=org, other_org=other)
    committee = make_unit(org, "Socialnämnden", Unit.Kind.COMMITTEE)
    administration = make_unit(org, "Socialförvaltningen", Unit.Kind.ADMINISTRATION, committee)
    world.units.update(
        committee=committee,
        administration=administration,
        unit=make_unit(org, "Mottagningsenheten", Unit.Kind.UNIT, administration),
        school=make_unit(org, "Ekbackagymnasiet", Unit.Kind.SCHOOL),
        other_unit=make_unit(other, "Individ- och familjeomsorgen", Unit.Kind.UNIT),
    )
    for key, unit_key, role in PERSONAS:
        world.people[key] = make_person(key, world.units[unit_key], role)
    # The foreign persona is an admin of the other municipality: even an admin there sees nothing.
    world.people["foreign"] = make_person("foreign", world.units["other_unit"], Role.ADMIN)
    return world


# --- One definition of a list's filters (docs/decisions/0008) -------------------------------------

NAME = re.compile(r'\bname="([^"]+)"')


def api_client(user: User) -> Client:
    """A client that calls the API with a fresh personal token of `user`."""
    from vardag.accounts.services import token_create

    token = token_create(actor=user, name="filters")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def query_parameters(api: Client, path: str) -> list[str]:
    """The query parameters the served OpenAPI document lists for GET `path` (duplicates kept)."""
    doc = api.get("/api/v1/openapi.json").json()
    return [p["name"] for p in doc["paths"][path]["get"]["parameters"] if p["in"] == "query"]


def form_names(html: str) -> set[str]:
    """The names of the inputs, selects and text areas on a page."""
    return set(NAME.findall(html))


def assert_filters_on_page_and_api(
    filterset: Any, page_html: str, api: Client, path: str, expected: set[str] | None = None
) -> None:
    """Each filter of the FilterSet is a field of the page's form and a query parameter of the
    API list, under the same name, once; the API has no other parameter than paging (and
    `expected`, when the API list is wider than the page's)."""
    names = list(filterset.base_filters)
    on_page = form_names(page_html)
    in_api = query_parameters(api, path)
    assert len(in_api) == len(set(in_api)), in_api
    missing_on_page = [n for n in names if n not in on_page]
    assert not missing_on_page, missing_on_page
    assert set(in_api) - {"limit", "offset"} == (expected or set(names)), (in_api, names)


def ids_on_page(response: Any) -> list[int]:
    page = response.context["page"]
    return sorted(obj.pk for obj in page.object_list)


def ids_in_api(api: Client, path: str, params: dict[str, Any]) -> list[int]:
    response = api.get(path, {**params, "limit": 500})
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["items"])
