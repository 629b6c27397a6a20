"""`vardag demo`: two fictional municipalities with their administrations, units and people.

Each app may add its own demo data in `<app>/demo.py` with `load(world: DemoWorld)`; they run in
INSTALLED_APPS order after the organisations and people exist.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from datetime import date
from itertools import cycle

from django.apps import apps
from django.db import transaction

from vardag.accounts import services as account_services
from vardag.accounts.models import User
from vardag.core import services as core_services
from vardag.core.models import Organisation, Unit
from vardag.core.roles import Role
from vardag.demo.people import FIRST_NAMES, LAST_NAMES

DEMO_PASSWORD = "vardag-demo-2026"

# (key, username, first, last, title, unit key, role)
DEMO_LOGINS = [
    (
        "employee",
        "medarbetare",
        "Sara",
        "Lindqvist",
        "Socialsekreterare",
        "sf_mottagning",
        Role.EMPLOYEE,
    ),
    ("teacher", "larare", "Jonas", "Berg", "Gymnasielärare", "ek_arbetslag_sa", Role.EMPLOYEE),
    ("manager", "enhetschef", "Karin", "Holm", "Enhetschef", "sf_mottagning", Role.UNIT_MANAGER),
    ("principal", "rektor", "Magnus", "Eklund", "Rektor", "ekbackagymnasiet", Role.PRINCIPAL),
    (
        "head_social",
        "forvaltningschef",
        "Helena",
        "Wallin",
        "Förvaltningschef",
        "socialforvaltningen",
        Role.ADMINISTRATION_HEAD,
    ),
    (
        "innovation_lead",
        "innovationsledare",
        "Amira",
        "Haddad",
        "Innovationsledare",
        "sf_utveckling",
        Role.INNOVATION_LEAD,
    ),
    (
        "designer",
        "tjanstedesigner",
        "Emil",
        "Sandberg",
        "Tjänstedesigner",
        "sf_utveckling",
        Role.SERVICE_DESIGNER,
    ),
    (
        "researcher",
        "forskare",
        "Ingrid",
        "Danielsson",
        "FoU-forskare",
        "sf_utveckling",
        Role.RESEARCHER,
    ),
    (
        "politician",
        "namndledamot",
        "Per",
        "Gunnarsson",
        "Ordförande",
        "socialnamnden",
        Role.COMMITTEE_MEMBER,
    ),
    ("admin", "admin", "Lina", "Björk", "Systemförvaltare", "kommunledning", Role.ADMIN),
    ("other", "norrvik", "Olle", "Fransson", "Enhetschef", "nv_individ", Role.UNIT_MANAGER),
]

# (key, name, kind, parent key)
EKBACKA_UNITS = [
    ("kommunledning", "Kommunledningsförvaltningen", Unit.Kind.ADMINISTRATION, None),
    ("socialnamnden", "Socialnämnden", Unit.Kind.COMMITTEE, None),
    ("socialforvaltningen", "Socialförvaltningen", Unit.Kind.ADMINISTRATION, "socialnamnden"),
    ("sf_barn", "Avdelningen för barn och familj", Unit.Kind.DEPARTMENT, "socialforvaltningen"),
    ("sf_mottagning", "Mottagningsenheten barn och unga", Unit.Kind.UNIT, "sf_barn"),
    ("sf_utredning", "Utredningsenheten barn och unga", Unit.Kind.UNIT, "sf_barn"),
    ("sf_familj", "Familjebehandlingen", Unit.Kind.UNIT, "sf_barn"),
    ("sf_vuxen", "Avdelningen för vuxna", Unit.Kind.DEPARTMENT, "socialforvaltningen"),
    ("sf_forsorjning", "Enheten för försörjningsstöd", Unit.Kind.UNIT, "sf_vuxen"),
    ("sf_beroende", "Beroendeenheten", Unit.Kind.UNIT, "sf_vuxen"),
    ("sf_utveckling", "Utvecklingsenheten", Unit.Kind.UNIT, "socialforvaltningen"),
    ("skolnamnden", "Skol- och fritidsnämnden", Unit.Kind.COMMITTEE, None),
    (
        "skolforvaltningen",
        "Skol- och fritidsförvaltningen",
        Unit.Kind.ADMINISTRATION,
        "skolnamnden",
    ),
    ("gymnasieavdelningen", "Gymnasieavdelningen", Unit.Kind.DEPARTMENT, "skolforvaltningen"),
    ("ekbackagymnasiet", "Ekbackagymnasiet", Unit.Kind.SCHOOL, "gymnasieavdelningen"),
    ("ek_arbetslag_sa", "Arbetslag samhällsvetenskap", Unit.Kind.TEAM, "ekbackagymnasiet"),
    ("ek_arbetslag_na", "Arbetslag naturvetenskap och teknik", Unit.Kind.TEAM, "ekbackagymnasiet"),
    ("hamnskolan", "Hamnskolans gymnasium", Unit.Kind.SCHOOL, "gymnasieavdelningen"),
    ("hs_arbetslag_yrke", "Arbetslag yrkesprogram", Unit.Kind.TEAM, "hamnskolan"),
    ("hs_arbetslag_im", "Arbetslag introduktionsprogram", Unit.Kind.TEAM, "hamnskolan"),
    ("elevhalsan", "Elevhälsan gymnasiet", Unit.Kind.UNIT, "gymnasieavdelningen"),
]
NORRVIK_UNITS = [
    ("nv_namnd", "Vård- och omsorgsnämnden", Unit.Kind.COMMITTEE, None),
    ("nv_forvaltning", "Vård- och omsorgsförvaltningen", Unit.Kind.ADMINISTRATION, "nv_namnd"),
    ("nv_individ", "Individ- och familjeomsorgen", Unit.Kind.UNIT, "nv_forvaltning"),
    ("nv_skola", "Norrviks gymnasieskola", Unit.Kind.SCHOOL, None),
]
# Generated staff: (unit key, role, how many, title)
STAFF = [
    ("sf_mottagning", Role.EMPLOYEE, 6, "Socialsekreterare"),
    ("sf_utredning", Role.EMPLOYEE, 6, "Socialsekreterare"),
    ("sf_utredning", Role.UNIT_MANAGER, 1, "Enhetschef"),
    ("sf_familj", Role.EMPLOYEE, 4, "Familjebehandlare"),
    ("sf_familj", Role.UNIT_MANAGER, 1, "Enhetschef"),
    ("sf_forsorjning", Role.EMPLOYEE, 4, "Socialsekreterare"),
    ("sf_forsorjning", Role.UNIT_MANAGER, 1, "Enhetschef"),
    ("sf_beroende", Role.EMPLOYEE, 3, "Behandlare"),
    ("sf_barn", Role.UNIT_MANAGER, 1, "Avdelningschef"),
    ("ek_arbetslag_sa", Role.EMPLOYEE, 5, "Gymnasielärare"),
    ("ek_arbetslag_na", Role.EMPLOYEE, 5, "Gymnasielärare"),
    ("hs_arbetslag_yrke", Role.EMPLOYEE, 4, "Yrkeslärare"),
    ("hs_arbetslag_im", Role.EMPLOYEE, 3, "Gymnasielärare"),
    ("hamnskolan", Role.PRINCIPAL, 1, "Rektor"),
    ("elevhalsan", Role.EMPLOYEE, 3, "Kurator"),
    ("elevhalsan", Role.UNIT_MANAGER, 1, "Elevhälsochef"),
    ("skolforvaltningen", Role.ADMINISTRATION_HEAD, 1, "Förvaltningschef"),
    ("skolnamnden", Role.COMMITTEE_MEMBER, 2, "Ledamot"),
    ("nv_individ", Role.EMPLOYEE, 4, "Socialsekreterare"),
    ("nv_skola", Role.PRINCIPAL, 1, "Rektor"),
    # Last, so the generated names above stay as they were: the social committee's members, one
    # of whom approves (justerar) its minutes with the chair.
    ("socialnamnden", Role.COMMITTEE_MEMBER, 2, "Ledamot"),
]


@dataclass
class DemoWorld:
    """What app demo loaders build on: organisations, units and people by key."""

    ekbacka: Organisation
    norrvik: Organisation
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    staff: dict[str, list[User]] = field(default_factory=dict)


def logins_text() -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for _key, username, first, last, title, _unit, _role in DEMO_LOGINS:
        lines.append(f"  {username:<20} {first} {last}, {title}")
    return "\n".join(lines)


def is_loaded() -> bool:
    return Organisation.objects.exists()


def _units(org: Organisation, rows: list, world: DemoWorld) -> None:
    for key, name, kind, parent in rows:
        world.units[key] = core_services.unit_create(
            actor=None,
            organisation=org,
            name=name,
            kind=kind,
            parent=world.units.get(parent) if parent else None,
            code=key.upper(),
        )


def _person(
    world: DemoWorld,
    *,
    username: str,
    first: str,
    last: str,
    title: str,
    unit_key: str,
    role: str,
    password: str | None,
) -> User:
    unit = world.units[unit_key]
    user = account_services.user_create(
        actor=None,
        organisation=unit.organisation,
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@{unit.organisation.slug}.example",
        title=title,
        password=password,
    )
    account_services.membership_create(
        actor=None, user=user, unit=unit, role=role, starts_on=date(2024, 1, 1)
    )
    return user


def _people(world: DemoWorld) -> None:
    for key, username, first, last, title, unit_key, role in DEMO_LOGINS:
        world.users[key] = _person(
            world,
            username=username,
            first=first,
            last=last,
            title=title,
            unit_key=unit_key,
            role=role,
            password=DEMO_PASSWORD,
        )
    names = zip(cycle(FIRST_NAMES), cycle(LAST_NAMES[7:] + LAST_NAMES[:7]), strict=False)
    used: set[str] = {row[1] for row in DEMO_LOGINS}
    for unit_key, role, count, title in STAFF:
        for _ in range(count):
            first, last = next(names)
            username = f"{first}.{last}".lower().translate(str.maketrans("åäö", "aao"))
            while username in used:
                username += "2"
            used.add(username)
            user = _person(
                world,
                username=username,
                first=first,
                last=last,
                title=title,
                unit_key=unit_key,
                role=role,
                password=None,
            )
            world.staff.setdefault(unit_key, []).append(user)


def _app_loaders() -> list:
    loaders = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        is_app = config.name.startswith("vardag.") and config.label != "demo"
        if is_app and importlib.util.find_spec(name) is not None:
            loaders.append(importlib.import_module(name).load)
    return loaders


@transaction.atomic
def load() -> DemoWorld:
    ekbacka = core_services.organisation_create(
        actor=None,
        name="Ekbacka kommun",
        slug="ekbacka",
        kind=Organisation.Kind.MUNICIPALITY,
        org_number="212000-0000",
    )
    norrvik = core_services.organisation_create(
        actor=None,
        name="Norrviks kommun",
        slug="norrvik",
        kind=Organisation.Kind.MUNICIPALITY,
        org_number="212000-0001",
    )
    world = DemoWorld(ekbacka=ekbacka, norrvik=norrvik)
    _units(ekbacka, EKBACKA_UNITS, world)
    _units(norrvik, NORRVIK_UNITS, world)
    _people(world)
    for app_load in _app_loaders():
        app_load(world)
    return world
