"""Test set-up for ideas: forums, mandates and ideas in the shared test world."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from vardag.forums.tests.factories import Governance, governance
from vardag.ideas import services
from vardag.ideas.models import Idea

__all__ = ["Governance", "governance", "make_idea"]


def make_idea(
    world: Any, *, title: str = "Digital väntrumsinformation", submit: bool = True, **extra: Any
) -> Idea:
    with transaction.atomic():
        idea = services.idea_create(
            actor=world.employee,
            title=title,
            unit=world.units["unit"],
            summary=extra.pop("summary", "Familjer får veta vad som händer efter en orosanmälan."),
            user_situation=extra.pop(
                "user_situation", "Föräldrar som väntar på besked efter en orosanmälan."
            ),
            better_for_whom=extra.pop(
                "better_for_whom", "Barnen och föräldrarna får besked snabbare och trygghet."
            ),
            **extra,
        )
    if submit:
        services.idea_submit(actor=world.employee, idea=idea)
        idea.refresh_from_db()
    return idea
