"""Demo data: the conditions instrument, a closed earlier round and a current round of about
300 answers for the social services and the school administration, given through the same
services as real respondents (anonymous links, page by page)."""

from __future__ import annotations

import numpy as np

from vardag.surveys import services
from vardag.surveys.models import Audience, Item, Section


def _answer_all(round_, links, *, seed: int, shift: float) -> None:
    rng = np.random.default_rng(seed)
    sections = list(Section.objects.filter(version=round_.version).prefetch_related("items"))
    comments = [
        "Mer tid på APT för att prata om idéer.",
        "Jag vill veta vem som bestämmer om nya arbetssätt.",
        "Ring Anna på 070-123 45 67 om det här.",
        "",
    ]
    for link in links:
        trait = rng.normal(3 + shift + (0.4 if link.audience == Audience.MANAGER else 0), 0.75)
        items = [item for section in sections for item in section.items.all()]
        data = {}
        for item in items:
            if item.kind == Item.Kind.OPEN:
                data[item.code] = comments[int(rng.integers(len(comments)))]
                continue
            value = int(np.clip(round(trait + rng.normal(0, 0.7)), 1, 5))
            data[item.code] = str(6 - value if item.is_reversed else value)
        # One call for all pages (the pages call the same service section by section).
        services.response_save_page(
            token=link.token, items=items, data=data, language="sv", page=len(sections) - 1
        )
        services.response_submit(token=link.token)


def load(world) -> None:
    lead = world.users["innovation_lead"]
    org = world.ekbacka
    questionnaire = services.instrument_install(actor=lead, organisation=org)
    version = questionnaire.versions.get()
    targets = [world.units["socialforvaltningen"], world.units["skolforvaltningen"]]
    answering_units = [
        ("sf_mottagning", 28),
        ("sf_utredning", 34),
        ("sf_familj", 24),
        ("sf_forsorjning", 26),
        ("sf_beroende", 18),
        ("ek_arbetslag_sa", 30),
        ("ek_arbetslag_na", 30),
        ("hs_arbetslag_yrke", 26),
        ("hs_arbetslag_im", 20),
        ("elevhalsan", 14),
        ("sf_utveckling", 3),
    ]
    earlier = services.round_create(
        actor=lead, version=version, title="Förutsättningar hösten 2025", target_units=targets
    )
    services.round_open(actor=lead, round_=earlier)
    current = services.round_create(
        actor=lead,
        version=version,
        title="Förutsättningar våren 2026",
        target_units=targets,
        previous=earlier,
    )
    services.round_open(actor=lead, round_=current)
    for index, (round_, share, shift) in enumerate(((earlier, 0.8, -0.2), (current, 1.1, 0.1))):
        for offset, (key, count) in enumerate(answering_units):
            unit = world.units[key]
            n = max(1, int(count * share))
            links = services.round_links_generate(
                actor=lead, round_=round_, unit=unit, audience=Audience.EMPLOYEE, count=n + 4
            )
            managers = services.round_links_generate(
                actor=lead, round_=round_, unit=unit, audience=Audience.MANAGER, count=1
            )
            _answer_all(round_, links[:n] + managers, seed=100 * index + offset, shift=shift)
    services.round_close(actor=lead, round_=earlier)
