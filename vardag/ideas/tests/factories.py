"""Test set-up for ideas: forums, mandates and ideas in the shared test world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from vardag.accounts.models import User
from vardag.accounts.testing import make_person
from vardag.core.models import CollaborationAgreement
from vardag.core.roles import Role
from vardag.forums.models import (
    DecisionType,
    Forum,
    ForumMembership,
    ForumType,
    Mandate,
    MandateScope,
)
from vardag.forums.tests.factories import Governance, governance
from vardag.ideas import services
from vardag.ideas.models import Idea

__all__ = ["CrossWorld", "Governance", "cross_organisation", "governance", "make_idea"]


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


@dataclass
class CrossWorld:
    """An idea of the world's organisation that also affects a partner organisation's unit."""

    gov: Governance
    agreement: CollaborationAgreement
    joint: Forum
    cross_mandate: Mandate
    partner_forum: Forum
    partner_manager: User
    idea: Idea


def cross_organisation(world: Any, *, title: str = "Trygg skolgång vid placering") -> CrossWorld:
    """World.org and world.other_org under an agreement; a joint forum whose mandate crosses
    organisations; a partner manager ("partner_manager" persona) and a forum in the partner
    organisation; and a submitted idea affecting the school and the partner's unit."""
    gov = governance(world)
    agreement = CollaborationAgreement.objects.create(
        title="Samverkan kring barn och unga", valid_from=date(2024, 1, 1)
    )
    agreement.parties.set([world.org, world.other_org])
    joint = Forum.objects.create(
        organisation=world.org,
        name="Samverkansgrupp skola–socialtjänst",
        type=ForumType.COLLABORATION_GROUP,
        owner_unit=world.units["administration"],
    )
    joint.partner_units.set([world.units["other_unit"]])
    ForumMembership.objects.create(forum=joint, user=world.head, role="chair")
    ForumMembership.objects.create(forum=joint, user=world.manager)
    cross_mandate = Mandate.objects.create(
        organisation=world.org,
        title="Samverkansgruppen: idéer över kommungränsen",
        holder_forum=joint,
        decision_types=[
            DecisionType.REGISTER,
            DecisionType.GRANT_TIME,
            DecisionType.GRANT_MONEY,
            DecisionType.ESCALATE,
            DecisionType.TRANSFER,
        ],
        max_amount_sek=100_000,
        scope=MandateScope.CROSS_ORGANISATION,
        source_paragraph="Samverkansöverenskommelse 2026, § 4",
        valid_from=date(2024, 1, 1),
    )
    partner_manager = make_person("olle", world.units["other_unit"], Role.UNIT_MANAGER)
    world.people["partner_manager"] = partner_manager
    partner_forum = Forum.objects.create(
        organisation=world.other_org,
        name="Ledningsgrupp IFO Norrvik",
        type=ForumType.MANAGEMENT_TEAM,
        owner_unit=world.units["other_unit"],
    )
    Mandate.objects.create(
        organisation=world.other_org,
        title="Ledningsgrupp IFO: registrera och bevilja tid",
        holder_forum=partner_forum,
        decision_types=[DecisionType.REGISTER, DecisionType.GRANT_TIME],
        scope=MandateScope.SUBTREE,
        valid_from=date(2024, 1, 1),
    )
    idea = make_idea(
        world,
        title=title,
        affected_units=[world.units["school"], world.units["other_unit"]],
    )
    return CrossWorld(gov, agreement, joint, cross_mandate, partner_forum, partner_manager, idea)
