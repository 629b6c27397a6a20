"""Demo data: the conditions instrument, a closed earlier round and a current round of about
500 answers for the social services and the school administration, through anonymous links as
real respondents answer.

The first answer of each unit goes through the answering services page by page; the others are
written in bulk by `_write_answers` (one insert per table instead of about 15 queries per answer:
the surveys part of the demo went from about 20 s to 1 s, and the demo loads in every `./dev start`
and in CI). `_write_answers` cleans each value with the services' own `clean_value` and writes the
rows the services write; `surveys/tests/test_demo_answers.py` compares the two paths row by row.
"""

from __future__ import annotations

import numpy as np
from django.db import transaction
from django.utils import timezone

from vardag.surveys import services
from vardag.surveys.models import (
    Answer,
    Audience,
    Invitation,
    Item,
    Response,
    Section,
    Version,
    token_hash,
)

COMMENTS = [
    "Mer tid på APT för att prata om idéer.",
    "Jag vill veta vem som bestämmer om nya arbetssätt.",
    "Ring Anna på 070-123 45 67 om det här.",
    "",
]


def _answers(items, rng, *, trait: float) -> dict[str, str]:
    data = {}
    for item in items:
        if item.kind == Item.Kind.OPEN:
            data[item.code] = COMMENTS[int(rng.integers(len(COMMENTS)))]
            continue
        value = int(np.clip(round(trait + rng.normal(0, 0.7)), 1, 5))
        data[item.code] = str(6 - value if item.is_reversed else value)
    return data


def _answer_through_services(link, items, data: dict[str, str], *, pages: int) -> None:
    # One call for all pages (the pages call the same service section by section).
    services.response_save_page(
        token=link.token, items=items, data=data, language="sv", page=pages - 1
    )
    services.response_submit(token=link.token)


@transaction.atomic
def _write_answers(round_, answered: list[tuple], items, *, pages: int) -> None:
    """Submitted answers for (link, data) pairs, as response_save_page followed by
    response_submit would leave them: the invitation used, a response of the link's unit and
    audience with no draft key, and one answer per item cleaned by the services' clean_value."""
    if not answered:
        return
    hashes = [token_hash(link.token, "invitation") for link, _data in answered]
    invitations = {
        i.token_hash: i for i in Invitation.objects.filter(token_hash__in=hashes, is_used=False)
    }
    assert len(invitations) == len(hashes), "a demo link is unknown or already used"
    today = timezone.localdate()
    responses = Response.objects.bulk_create(
        [
            Response(
                round=round_,
                unit_id=invitations[hashed].unit_id,
                audience=invitations[hashed].audience,
                language="sv",
                page=pages - 1,
                submitted_on=today,
            )
            for hashed in hashes
        ]
    )
    rows = []
    for response, (_link, data) in zip(responses, answered, strict=True):
        for item in items:
            value, text, choices = services.clean_value(item, data.get(item.code))
            rows.append(
                Answer(response=response, item=item, value=value, text=text, choices=choices)
            )
    Answer.objects.bulk_create(rows, batch_size=2000)
    Invitation.objects.filter(token_hash__in=hashes).update(is_used=True)
    Version.objects.filter(pk=round_.version_id, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )


def _answer_all(round_, links, *, seed: int, shift: float) -> None:
    rng = np.random.default_rng(seed)
    sections = list(Section.objects.filter(version=round_.version).prefetch_related("items"))
    items = [item for section in sections for item in section.items.all()]
    answered = []
    for link in links:
        trait = rng.normal(3 + shift + (0.4 if link.audience == Audience.MANAGER else 0), 0.75)
        answered.append((link, _answers(items, rng, trait=trait)))
    first_link, first_data = answered[0]
    _answer_through_services(first_link, items, first_data, pages=len(sections))
    _write_answers(round_, answered[1:], items, pages=len(sections))


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
