"""Demo forums and a mandate register for Ekbacka (and a little of Norrvik).

Forum names are stable so that other apps' demo data (meetings, ideas) can find them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Forum, ForumMembership, ForumType, Mandate, MandateScope

VALID_FROM = date(2026, 1, 1)
EARLY = [D.REGISTER, D.GRANT_TIME, D.ESCALATE, D.TRANSFER, D.ON_HOLD, D.RESUME, D.ARCHIVE]
MIDDLE = [D.GRANT_TIME, D.GRANT_MONEY, D.START_PILOT, D.EVALUATE, D.ITERATE]
MIDDLE += [D.ESCALATE, D.TRANSFER, D.ON_HOLD, D.RESUME, D.ARCHIVE]
LATE = [*MIDDLE, D.SCALE_UP, D.IMPLEMENTED, D.REVIEW]

# key, name, type, owner unit, cadence, partner units
FORUMS = [
    (
        "apt_mottagning",
        "APT Mottagningsenheten",
        ForumType.APT,
        "sf_mottagning",
        "Varannan tisdag 8.30–10",
        [],
    ),
    (
        "apt_ekbacka",
        "APT Ekbackagymnasiet",
        ForumType.APT,
        "ekbackagymnasiet",
        "Första onsdagen i månaden",
        [],
    ),
    (
        "lg_barn",
        "Ledningsgrupp barn och familj",
        ForumType.MANAGEMENT_TEAM,
        "sf_barn",
        "Varje måndag 13–15",
        [],
    ),
    (
        "fl_social",
        "Förvaltningsledning socialförvaltningen",
        ForumType.ADMINISTRATION_MANAGEMENT,
        "socialforvaltningen",
        "Torsdagar jämna veckor",
        [],
    ),
    (
        "rektorsgrupp",
        "Rektorsgruppen gymnasiet",
        ForumType.PRINCIPALS_GROUP,
        "gymnasieavdelningen",
        "Var tredje fredag",
        [],
    ),
    (
        "samverkan",
        "Samverkansgrupp skola–socialtjänst",
        ForumType.COLLABORATION_GROUP,
        "socialforvaltningen",
        "En gång i månaden",
        ["gymnasieavdelningen", "elevhalsan"],
    ),
    (
        "samverkan_nv",
        "Samverkansgrupp Ekbacka–Norrvik",
        ForumType.COLLABORATION_GROUP,
        "socialforvaltningen",
        "Varannan månad, växelvis i Ekbacka och Norrvik",
        ["skolforvaltningen", "nv_individ", "nv_skola"],
    ),
    (
        "innovationsrad",
        "Innovationsrådet",
        ForumType.INNOVATION_COUNCIL,
        "kommunledning",
        "Fyra gånger per år",
        [],
    ),
    ("sn", "Socialnämnden", ForumType.COMMITTEE, "socialnamnden", "Sista onsdagen i månaden", []),
    (
        "sfn",
        "Skol- och fritidsnämnden",
        ForumType.COMMITTEE,
        "skolnamnden",
        "Tredje torsdagen i månaden",
        [],
    ),
    (
        "nv_lg",
        "Ledningsgrupp individ- och familjeomsorgen",
        ForumType.MANAGEMENT_TEAM,
        "nv_individ",
        "Varje tisdag",
        [],
    ),
]


def _members(world: Any) -> dict[str, list[tuple[Any, str]]]:
    u, s = world.users, world.staff
    chair, member, secretary = "chair", "member", "secretary"
    school_head = s.get("skolforvaltningen", [u["principal"]])[0]
    dept_head = s.get("sf_barn", [u["manager"]])[0]
    return {
        "apt_mottagning": [(u["manager"], chair), (u["employee"], member)]
        + [(p, member) for p in s.get("sf_mottagning", [])],
        "apt_ekbacka": [(u["principal"], chair), (u["teacher"], member)]
        + [(p, member) for p in s.get("ek_arbetslag_sa", []) + s.get("ek_arbetslag_na", [])],
        "lg_barn": [(dept_head, chair), (u["manager"], member), (u["innovation_lead"], secretary)]
        + [(p, member) for k in ("sf_utredning", "sf_familj") for p in s.get(k, [])[-1:]],
        "fl_social": [
            (u["head_social"], chair),
            (dept_head, member),
            (u["innovation_lead"], secretary),
        ],
        "rektorsgrupp": [(school_head, chair), (u["principal"], member)]
        + [(p, member) for p in s.get("hamnskolan", [])],
        "samverkan": [
            (u["head_social"], chair),
            (u["principal"], member),
            (u["innovation_lead"], secretary),
            (u["manager"], member),
        ]
        + [(p, member) for p in s.get("elevhalsan", [])[-1:]],
        "samverkan_nv": [
            (u["head_social"], chair),
            (u["principal"], member),
            (u["innovation_lead"], secretary),
            (u["other"], member),
        ],
        "innovationsrad": [
            (u["innovation_lead"], chair),
            (u["head_social"], member),
            (school_head, member),
            (u["designer"], secretary),
        ],
        "sn": [(u["politician"], chair)] + [(p, member) for p in s.get("socialnamnden", [])],
        "sfn": [(p, chair if i == 0 else member) for i, p in enumerate(s.get("skolnamnden", []))],
        "nv_lg": [(u["other"], chair)],
    }


def _mandates(world: Any, forums: dict[str, Forum]) -> list[dict]:
    units = world.units
    return [
        {
            "title": "Enhetschef: registrera idéer och bevilja tid",
            "holder_role": Role.UNIT_MANAGER,
            "decision_types": EARLY,
            "max_amount_sek": 0,
            "max_hours": 40,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Socialnämndens delegationsordning 2026, punkt 2.1",
            "report_to": forums["lg_barn"],
        },
        {
            "title": "Rektor: registrera idéer, tid och mindre belopp",
            "holder_role": Role.PRINCIPAL,
            "decision_types": [*EARLY, D.GRANT_MONEY, D.START_PILOT, D.EVALUATE],
            "max_amount_sek": 10_000,
            "max_hours": 60,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Skol- och fritidsnämndens delegationsordning 2026, punkt 5.4",
            "report_to": forums["rektorsgrupp"],
        },
        {
            "title": "Ledningsgrupp barn och familj: tid och pengar",
            "holder_forum": forums["lg_barn"],
            "decision_types": MIDDLE,
            "max_amount_sek": 50_000,
            "max_hours": 200,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Socialnämndens delegationsordning 2026, punkt 2.3",
            "report_to": forums["fl_social"],
        },
        {
            "title": "Förvaltningsledningen: pilot och uppskalning inom förvaltningen",
            "holder_forum": forums["fl_social"],
            "decision_types": LATE,
            "max_amount_sek": 300_000,
            "max_hours": 1000,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Socialnämndens delegationsordning 2026, punkt 1.2",
            "report_to": forums["sn"],
        },
        {
            "title": "Rektorsgruppen: tid och pengar i gymnasiet",
            "holder_forum": forums["rektorsgrupp"],
            "decision_types": [D.REGISTER, *MIDDLE],
            "max_amount_sek": 50_000,
            "max_hours": 300,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Skol- och fritidsnämndens delegationsordning 2026, punkt 5.6",
            "report_to": forums["sfn"],
        },
        {
            "title": "Förvaltningschef skola: pilot och uppskalning",
            "holder_role": Role.ADMINISTRATION_HEAD,
            "holder_unit": units["skolforvaltningen"],
            "decision_types": LATE,
            "max_amount_sek": 300_000,
            "max_hours": 1000,
            "scope": MandateScope.SUBTREE,
            "source_paragraph": "Skol- och fritidsnämndens delegationsordning 2026, punkt 1.1",
            "report_to": forums["sfn"],
        },
        {
            "title": "Samverkansgruppen: idéer mellan skola och socialtjänst",
            "holder_forum": forums["samverkan"],
            "decision_types": [*EARLY, *MIDDLE],
            "max_amount_sek": 100_000,
            "max_hours": 400,
            "scope": MandateScope.ORGANISATION,
            "source_paragraph": "Samverkansöverenskommelse skola–socialtjänst 2026, § 4",
            "report_to": forums["innovationsrad"],
        },
        {
            "title": "Samverkansgruppen Ekbacka–Norrvik: idéer över kommungränsen",
            "holder_forum": forums["samverkan_nv"],
            "decision_types": [*EARLY, *MIDDLE],
            "max_amount_sek": 150_000,
            "max_hours": 400,
            "scope": MandateScope.CROSS_ORGANISATION,
            "source_paragraph": "Samverkansöverenskommelse Ekbacka–Norrvik 2026, § 5",
            "report_to": forums["innovationsrad"],
        },
        {
            "title": "Innovationsrådet: innovationsmedel",
            "holder_forum": forums["innovationsrad"],
            "decision_types": [D.GRANT_MONEY, D.START_PILOT, D.EVALUATE, D.ARCHIVE],
            "max_amount_sek": 500_000,
            "scope": MandateScope.ORGANISATION,
            "source_paragraph": "Kommunstyrelsens delegationsordning 2026, punkt 8.2",
            "report_to": forums["sn"],
        },
        {
            "title": "Socialnämnden: mål, inriktning och omfattning",
            "holder_forum": forums["sn"],
            "decision_types": [D.GRANT_MONEY, D.SCALE_UP, D.IMPLEMENTED, D.ARCHIVE],
            "scope": MandateScope.ORGANISATION,
            "source_paragraph": "Kommunallagen 6 kap. 6 §; Socialnämndens reglemente § 2",
        },
        {
            "title": "Skol- och fritidsnämnden: mål, inriktning och omfattning",
            "holder_forum": forums["sfn"],
            "decision_types": [D.GRANT_MONEY, D.SCALE_UP, D.IMPLEMENTED, D.ARCHIVE],
            "scope": MandateScope.ORGANISATION,
            "source_paragraph": "KL 6 kap. 6 §; Skol- och fritidsnämndens reglemente § 2",
        },
    ]


@transaction.atomic
def load(world: Any) -> None:
    forums: dict[str, Forum] = {}
    for key, name, type_, owner, cadence, partners in FORUMS:
        unit = world.units[owner]
        forum = Forum.objects.create(
            organisation=unit.organisation,
            name=name,
            type=type_,
            owner_unit=unit,
            cadence=cadence,
        )
        forum.partner_units.set([world.units[p] for p in partners])
        forums[key] = forum
    for key, people in _members(world).items():
        for user, role in people:
            ForumMembership.objects.get_or_create(
                forum=forums[key], user=user, defaults={"role": role}
            )
    for data in _mandates(world, forums):
        Mandate.objects.create(organisation=world.ekbacka, valid_from=VALID_FROM, **data)
    Mandate.objects.create(
        organisation=world.norrvik,
        title="Ledningsgruppen IFO: registrera och bevilja tid",
        holder_forum=forums["nv_lg"],
        decision_types=EARLY,
        max_amount_sek=0,
        max_hours=80,
        scope=MandateScope.SUBTREE,
        source_paragraph="Vård- och omsorgsnämndens delegationsordning, punkt 3.1",
        valid_from=VALID_FROM,
    )
