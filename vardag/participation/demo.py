"""Demo user perspective in Ekbacka: social services and upper-secondary school.

Loaded before ideas (INSTALLED_APPS order), so it builds user groups, personas, journeys,
activities with anonymous contributions and insights. `link_to_ideas()` adds value assessments,
actor maps and links once ideas and challenges exist; vardag.ideas.demo may call it.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from django.apps import apps
from django.db import transaction

from vardag.participation import services
from vardag.participation.models import LegalReference

GROUPS = [
    (
        "unga_franvaro",
        "Unga med hög skolfrånvaro kända av socialtjänsten",
        "Gymnasieelever 15–19 år med mer än 30 procent frånvaro, där socialtjänsten har kontakt "
        "med familjen. Många har varit borta länge och skäms över att komma tillbaka.",
        (15, 19, True, "mixed", ["guardian", "teacher", "foster_home"], 45),
        ["SoL", "Skollagen", "Barnkonventionen", "OSL"],
    ),
    (
        "foraldrar_oro",
        "Föräldrar som väntar efter en orosanmälan",
        "Vårdnadshavare som fått veta att en orosanmälan gjorts och väntar på besked.",
        (25, 60, False, "non_voluntary", ["relative"], 300),
        ["SoL", "FL", "OSL"],
    ),
    (
        "elever_im",
        "Elever på introduktionsprogrammen",
        "Elever som inte är behöriga till ett nationellt program, ofta nyanlända.",
        (16, 20, True, "voluntary", ["guardian", "trustee", "teacher"], 120),
        ["Skollagen", "Barnkonventionen"],
    ),
]

INSIGHTS = [
    (
        "unga_franvaro",
        "Eleverna vill att en vuxen på skolan märker när de inte kommer.",
        "insight",
        "user",
    ),
    (
        "unga_franvaro",
        "Morgnarna är svårast: eleverna orkar inte ta sig till skolan i tid.",
        "insight",
        "user",
    ),
    (
        "unga_franvaro",
        "Eleverna berättar samma sak för skolan och socialtjänsten flera gånger.",
        "indication",
        "user",
    ),
    (
        "unga_franvaro",
        "Mentorerna vet sällan att socialtjänsten redan har kontakt med familjen.",
        "indication",
        "professional",
    ),
    (
        "unga_franvaro",
        "Frånvaron rapporteras månadsvis, vilket är för sent för att agera.",
        "assumption",
        "organisation",
    ),
    (
        "foraldrar_oro",
        "Föräldrar vill få ett namn och ett telefonnummer direkt, inte ett brev.",
        "insight",
        "user",
    ),
    (
        "foraldrar_oro",
        "Väntan utan besked gör att föräldrar slutar svara i telefon.",
        "indication",
        "professional",
    ),
    ("elever_im", "Eleverna förstår inte skolans frånvarobrev på svenska.", "indication", "user"),
]


def _refs(codes: list[str]) -> list[LegalReference]:
    if not LegalReference.objects.filter(organisation=None).exists():
        # The national catalogue comes with a migration; a database flushed since (as browser
        # tests do between tests) gets it again from the migration's own list.
        seeding = importlib.import_module("vardag.participation.migrations.0002_legal_references")
        seeding.seed(apps, None)
    return list(LegalReference.objects.filter(organisation=None, code__in=codes))


@transaction.atomic
def load(world: Any) -> None:
    lead = world.users["innovation_lead"]
    groups = {}
    for key, name, description, facts, codes in GROUPS:
        age_min, age_max, children, contact, third, size = facts
        groups[key] = services.user_group_create(
            actor=lead,
            owner_unit=world.units["sf_utveckling"],
            name=name,
            description=description,
            age_min=age_min,
            age_max=age_max,
            includes_children=children,
            contact=contact,
            third_parties=third,
            size_estimate=size,
            legal_frames=_refs(codes),
        )
    workshop = services.activity_create(
        actor=lead,
        unit=world.units["sf_utveckling"],
        title="Samdesignverkstad: en bra start på skoldagen",
        purpose="Tillsammans med unga ta fram idéer som gör det lättare att komma till skolan.",
        kind="co_design",
        method="workshop",
        held_on=date(2026, 10, 14),
        user_groups=[groups["unga_franvaro"]],
        level=3,
        lundy_space=True,
        lundy_voice=True,
        lundy_audience=True,
        lundy_influence=True,
        lundy_notes="Verkstaden hölls på fritidsgården med en känd fritidsledare. Rektor och "
        "enhetschef var med i slutet och svarade på ungdomarnas förslag.",
        involves_children=True,
        guardian_consent=True,
        child_consent=True,
        age_adapted_method=True,
        support_person=True,
        consent_rule="under_13",
        child_mode=True,
        question="Vad gör det lätt att gå till skolan på morgonen?",
        counts={"16-17": 6, "18-25": 2},
    )
    services.activity_invitation_open(actor=lead, activity=workshop)
    answers = [
        ("16-17", 2, "Jag vill att någon säger hej när jag kommer, inte skäll."),
        ("16-17", 4, "Frukost i skolan skulle hjälpa."),
        ("16-17", 3, "Det är jobbigt att komma in mitt i en lektion."),
        ("18-25", 4, "En app där mentorn kan skriva till mig på morgonen."),
        ("16-17", 5, "Att få börja senare några dagar i veckan."),
        ("16-17", 2, "Mamma och skolan borde prata med varandra, inte bara om mig."),
    ]
    contributions = [
        services.contribution_submit(activity=workshop, age_band=band, scale=scale, text=text)[0]
        for band, scale, text in answers
    ]
    services.contribution_respond(
        actor=lead,
        contribution=contributions[0],
        response="Tack! Vi prövar en morgonvärd som hälsar alla som kommer sent.",
    )
    services.activity_feedback_give(
        actor=lead,
        activity=workshop,
        feedback="Tack för att ni var med! Från januari prövar Ekbackagymnasiet en morgonvärd "
        "och frukost tre dagar i veckan. Vi berättar i mars hur det har gått.",
    )
    dialogue = services.activity_create(
        actor=world.users["designer"],
        unit=world.units["sf_mottagning"],
        title="Dialogmöte med föräldrar om väntan efter orosanmälan",
        kind="consultation",
        method="dialogue",
        held_on=date(2026, 9, 22),
        user_groups=[groups["foraldrar_oro"]],
        level=2,
        lundy_space=True,
        lundy_voice=True,
        lundy_audience=False,
        lundy_influence=False,
        consent_rule="none",
        question="Vad hade hjälpt dig medan du väntade på besked?",
        counts={"26-64": 7},
    )
    services.activity_create(
        actor=lead,
        unit=world.units["elevhalsan"],
        title="Intervjuer med elever på introduktionsprogrammen",
        kind="consultation",
        method="interview",
        held_on=date(2026, 11, 3),
        user_groups=[groups["elever_im"]],
        level=1,
        lundy_space=True,
        lundy_voice=True,
        lundy_audience=True,
        lundy_influence=False,
        involves_children=True,
        guardian_consent=True,
        child_consent=True,
        age_adapted_method=True,
        support_person=False,
        counts={"16-17": 3},
    )
    insights = {}
    for key, statement, evidence, perspective in INSIGHTS:
        source = (
            workshop if key == "unga_franvaro" else dialogue if key == "foraldrar_oro" else None
        )
        insights[statement] = services.insight_create(
            actor=lead,
            statement=statement,
            evidence=evidence,
            perspective=perspective,
            user_groups=[groups[key]],
            activities=[source] if source and perspective == "user" else [],
            other_sources="Närvarostatistik Ekbackagymnasiet ht 2026"
            if perspective == "organisation"
            else "",
        )
    alex = services.persona_create(
        actor=lead,
        user_group=groups["unga_franvaro"],
        name="Alex, 16 år",
        summary="Alex går första året på samhällsprogrammet och har varit borta mer än hälften "
        "av höstterminen. Familjen har kontakt med socialtjänsten sedan i våras.",
        needs="Att någon märker när Alex inte kommer, utan skuld. "
        "Att slippa berätta allt flera gånger.",
    )
    for text, statement in [
        (
            "Ingen märker om jag inte kommer. Eller så märker de det en månad senare.",
            INSIGHTS[0][1],
        ),
        ("Jag har sagt samma sak till tre olika vuxna.", INSIGHTS[2][1]),
    ]:
        services.persona_quote_add(actor=lead, persona=alex, insight=insights[statement], text=text)
    journey = services.journey_create(
        actor=lead,
        user_group=groups["unga_franvaro"],
        title="Från ströfrånvaro till gemensam plan",
        description="Hur en elev med växande frånvaro möter skolan, socialtjänsten och BUP i dag.",
    )
    steps = [
        (
            "Frånvaroanmälan via skolans app",
            "Ekbackagymnasiet",
            "provider",
            -1,
            "Vårdnadshavaren sjukanmäler, ingen frågar varför.",
            "Ingen kontakt med eleven.",
            "",
        ),
        (
            "Mentorssamtal",
            "Ekbackagymnasiet",
            "joint",
            0,
            "Eleven får frågor om frånvaron inför klassen.",
            "Skam och undvikande.",
            "En vuxen bryr sig.",
        ),
        (
            "Orosanmälan från skolan",
            "Socialtjänsten, mottagningsenheten",
            "provider",
            -2,
            "Familjen får ett brev och blir rädd.",
            "Brevet är svårt att förstå.",
            "",
        ),
        (
            "Första samtal",
            "Socialtjänsten, utredningsenheten",
            "joint",
            -1,
            "Eleven berättar allt igen.",
            "Samma frågor som i skolan.",
            "Någon lyssnar.",
        ),
        (
            "Remiss till BUP",
            "Region, BUP",
            "provider",
            -1,
            "Lång väntan utan besked.",
            "Ingen vet vem som har ansvaret.",
            "",
        ),
        (
            "Gemensamt möte med plan",
            "Skola, socialtjänst och familj",
            "joint",
            1,
            "Alla sitter vid samma bord.",
            "",
            "En plan och en kontaktperson.",
        ),
        (
            "Morgnar hemma",
            "Familjen",
            "user",
            0,
            "Eleven försöker komma i tid med stöd hemifrån.",
            "Trött och orolig.",
            "Stöd från syskon.",
        ),
    ]
    for touch, org, sphere, feeling, exp, pain, gain in steps:
        services.journey_step_add(
            actor=lead,
            journey=journey,
            touchpoint=touch,
            organisation_name=org,
            sphere=sphere,
            feeling=feeling,
            experience=exp,
            pain=pain,
            gain=gain,
        )


@transaction.atomic
def link_to_ideas(world: Any, *, idea: Any, challenge: Any) -> None:
    """Value assessment, actor map and evidence links for one demo idea and challenge.

    Call from vardag.ideas.demo once ideas exist (participation cannot import ideas).
    """
    from vardag.participation.models import Activity, Insight, UserGroup

    lead = world.users["innovation_lead"]
    group = UserGroup.objects.get(organisation=world.ekbacka, name=GROUPS[0][1])
    services.subject_link(
        actor=lead, subject_type="ideas.idea", subject_id=idea.pk, user_group=group
    )
    for insight in Insight.objects.filter(user_groups=group, perspective="user"):
        services.subject_link(
            actor=lead, subject_type="ideas.idea", subject_id=idea.pk, insight=insight
        )
    workshop = Activity.objects.filter(user_groups=group).first()
    if workshop:
        services.subject_link(
            actor=lead, subject_type="ideas.challenge", subject_id=challenge.pk, activity=workshop
        )
    assessment = services.value_assessment_create(
        actor=lead,
        subject_type="ideas.idea",
        subject_id=idea.pk,
        title="Värdebedömning: morgonvärd och gemensam plan",
        perspective="user",
        user_groups=[group],
        wellbeing=1,
        outcome=2,
        experience=1,
        self_management=1,
        individual_notes="Eleven möts av en vuxen och behöver inte berätta allt flera gånger.",
        collective=1,
        collective_notes="Färre avbrutna gymnasiestudier; "
        "mindre dubbelarbete mellan förvaltningarna.",
        other_groups="Lärarna får färre sena ankomster att hantera under lektionerna.",
        legal_references=_refs(["SoL", "Skollagen", "OSL"]),
        within_legal_frame="yes",
        legal_notes="Informationsutbyte kräver samtycke från vårdnadshavare och elev "
        "(OSL 10 kap.).",
        child_view="”Jag vill att någon säger hej, inte skäll.”",
        best_interests="Närvaro i skolan är en skyddsfaktor; planen får inte pressa eleven.",
    )
    services.value_risk_add(
        actor=lead,
        assessment=assessment,
        description="Eleven kan uppleva morgonvärden som kontroll.",
        mitigation="Morgonvärden väljs tillsammans med eleverna och registrerar ingen frånvaro.",
    )
    actor_map = services.actor_map_create(
        actor=lead,
        subject_type="ideas.challenge",
        subject_id=challenge.pk,
        title="Aktörer kring unga med hög frånvaro",
    )
    young = services.actor_add(
        actor=lead,
        actor_map=actor_map,
        name="Eleven",
        kind="user",
        resources="Egna förslag, kamrater, vilja att klara skolan.",
    )
    school = services.actor_add(
        actor=lead,
        actor_map=actor_map,
        name="Ekbackagymnasiet",
        kind="public",
        resources="Mentor, elevhälsa, schema.",
        depends_on=[young],
    )
    services.actor_add(
        actor=lead,
        actor_map=actor_map,
        name="Socialtjänsten",
        kind="public",
        resources="Familjebehandling, kunskap om familjen.",
        depends_on=[school, young],
        dependency_notes="Behöver samtycke för att dela uppgifter med skolan.",
    )
    services.actor_add(
        actor=lead,
        actor_map=actor_map,
        name="Fritidsgården Ekbacka",
        kind="civil",
        resources="Lokal och fritidsledare som ungdomarna litar på.",
    )
