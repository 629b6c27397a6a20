"""Test set-up for forums: an APT, a management team and a committee with their mandates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from vardag.core.roles import Role
from vardag.forums.models import (
    DecisionType,
    Forum,
    ForumMembership,
    ForumType,
    Mandate,
    MandateScope,
)

D = DecisionType


@dataclass
class Governance:
    apt: Forum
    management: Forum
    committee: Forum
    manager_mandate: Mandate
    management_mandate: Mandate
    committee_mandate: Mandate


def governance(world: Any) -> Governance:
    """APT, a management team and the committee, with mandates like a real delegation order."""
    org = world.org
    apt = Forum.objects.create(
        organisation=org,
        name="APT Mottagningen",
        type=ForumType.APT,
        owner_unit=world.units["unit"],
    )
    management = Forum.objects.create(
        organisation=org,
        name="Ledningsgruppen socialförvaltningen",
        type=ForumType.MANAGEMENT_TEAM,
        owner_unit=world.units["administration"],
    )
    committee = Forum.objects.create(
        organisation=org,
        name="Socialnämnden",
        type=ForumType.COMMITTEE,
        owner_unit=world.units["committee"],
    )
    ForumMembership.objects.create(forum=apt, user=world.manager, role="chair")
    ForumMembership.objects.create(forum=apt, user=world.employee)
    ForumMembership.objects.create(forum=management, user=world.head, role="chair")
    ForumMembership.objects.create(forum=management, user=world.manager)
    ForumMembership.objects.create(forum=committee, user=world.politician, role="chair")
    manager_mandate = Mandate.objects.create(
        organisation=org,
        title="Enhetschef: registrera och bevilja tid",
        holder_role=Role.UNIT_MANAGER,
        decision_types=[D.REGISTER, D.GRANT_TIME, D.ESCALATE, D.ON_HOLD, D.RESUME, D.ARCHIVE],
        max_amount_sek=0,
        max_hours=40,
        scope=MandateScope.SUBTREE,
        source_paragraph="Delegationsordning SN 2026, punkt 4.1",
        report_to=management,
        valid_from=timezone.localdate() - timedelta(days=30),
    )
    management_mandate = Mandate.objects.create(
        organisation=org,
        title="Ledningsgruppen: tid och pengar",
        holder_forum=management,
        decision_types=[
            D.GRANT_TIME,
            D.GRANT_MONEY,
            D.START_PILOT,
            D.EVALUATE,
            D.ITERATE,
            D.ESCALATE,
            D.ON_HOLD,
            D.RESUME,
            D.ARCHIVE,
        ],
        max_amount_sek=50_000,
        max_hours=200,
        scope=MandateScope.SUBTREE,
        source_paragraph="Delegationsordning SN 2026, punkt 4.3",
        report_to=committee,
        valid_from=timezone.localdate() - timedelta(days=30),
    )
    committee_mandate = Mandate.objects.create(
        organisation=org,
        title="Socialnämnden: skala upp och införa",
        holder_forum=committee,
        decision_types=[D.GRANT_MONEY, D.SCALE_UP, D.IMPLEMENTED, D.ARCHIVE],
        scope=MandateScope.ORGANISATION,
        source_paragraph="Reglemente SN § 3",
        valid_from=timezone.localdate() - timedelta(days=30),
    )
    return Governance(
        apt, management, committee, manager_mandate, management_mandate, committee_mandate
    )
