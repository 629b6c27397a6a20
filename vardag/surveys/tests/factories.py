"""Test helpers: a conditions round with generated answers."""

from __future__ import annotations

import numpy as np

from vardag.surveys import instrument, services
from vardag.surveys.models import Answer, Item, Response, Round


def conditions_round(world, *, title="Omgång 2026", units=None, previous=None) -> Round:
    q = services.instrument_install(actor=world.innovation_lead, organisation=world.org)
    return services.round_create(
        actor=world.innovation_lead,
        version=q.versions.get(),
        title=title,
        target_units=units or [world.units["administration"], world.units["school"]],
        previous=previous,
    )


def add_answers(
    round_: Round, unit, audience: str, n: int, *, seed: int = 1, shift: float = 0
) -> None:
    """n submitted responses from one correlated latent trait (one factor per dimension)."""
    rng = np.random.default_rng(seed)
    items = list(Item.objects.filter(version=round_.version, kind=instrument.SCALE))
    for _ in range(n):
        response = Response.objects.create(
            round=round_, unit=unit, audience=audience, submitted_on="2026-03-01"
        )
        trait = rng.normal(3 + shift, 0.8)
        answers = []
        for item in items:
            value = float(np.clip(round(trait + rng.normal(0, 0.7)), 1, 5))
            if item.is_reversed:
                value = 6 - value
            if rng.random() < 0.03:
                continue
            answers.append(Answer(response=response, item=item, value=value))
        Answer.objects.bulk_create(answers)
