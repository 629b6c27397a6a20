"""Shared personas for tests: a municipality with staff in every role, and a foreign one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
