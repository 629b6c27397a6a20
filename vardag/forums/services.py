"""Writes of forums and mandates: one transaction each, audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.selectors import partner_organisation_ids
from vardag.forums.models import DecisionType, Forum, ForumMembership, Mandate, MandateScope
from vardag.forums.selectors import can_manage_forum, can_manage_mandates


def _check_units(actor: Actor, owner_unit: Unit, partner_units: Iterable[Unit]) -> None:
    org_id = organisation_id(actor)
    if owner_unit.organisation_id != org_id:
        raise ValidationError(_("Ägarenheten måste tillhöra den egna organisationen."))
    allowed = {org_id} | partner_organisation_ids(actor)
    for unit in partner_units:
        if unit.organisation_id not in allowed:
            raise ValidationError(
                _("%(unit)s tillhör en organisation utan samverkansöverenskommelse.")
                % {"unit": unit}
            )


@transaction.atomic
def forum_create(
    *,
    actor: Actor,
    name: str,
    type: str,
    owner_unit: Unit,
    partner_units: Iterable[Unit] = (),
    description: str = "",
    cadence: str = "",
    chair: Any = None,
) -> Forum:
    require(actor.is_org_admin or (actor.is_manager and owner_unit.pk in actor.unit_ids))
    partner_units = list(partner_units)
    _check_units(actor, owner_unit, partner_units)
    forum = Forum.objects.create(
        organisation_id=organisation_id(actor),
        name=name,
        type=type,
        owner_unit=owner_unit,
        description=description,
        cadence=cadence,
    )
    forum.partner_units.set(partner_units)
    if chair is not None:
        ForumMembership.objects.create(forum=forum, user=chair, role=ForumMembership.Role.CHAIR)
    audit.record(actor, "forum.create", target=forum, data={"type": type})
    return forum


@transaction.atomic
def forum_update(
    *,
    actor: Actor,
    forum: Forum,
    name: str,
    type: str,
    owner_unit: Unit,
    partner_units: Iterable[Unit] = (),
    description: str = "",
    cadence: str = "",
    closed_at: date | None = None,
) -> Forum:
    require(can_manage_forum(actor, forum))
    partner_units = list(partner_units)
    _check_units(actor, owner_unit, partner_units)
    forum.name, forum.type, forum.owner_unit = name, type, owner_unit
    forum.description, forum.cadence, forum.closed_at = description, cadence, closed_at
    forum.save()
    forum.partner_units.set(partner_units)
    audit.record(actor, "forum.update", target=forum)
    return forum


@transaction.atomic
def forum_member_add(
    *, actor: Actor, forum: Forum, user: Any, role: str = ForumMembership.Role.MEMBER
) -> ForumMembership:
    require(can_manage_forum(actor, forum))
    allowed = {forum.organisation_id} | {u.organisation_id for u in forum.partner_units.all()}
    if user.organisation_id not in allowed:
        raise ValidationError(_("Personen tillhör inte en organisation som deltar i forumet."))
    membership, _created = ForumMembership.objects.update_or_create(
        forum=forum, user=user, defaults={"role": role}
    )
    audit.record(actor, "forum.member_add", target=forum, data={"user": user.pk, "role": role})
    return membership


@transaction.atomic
def forum_member_remove(*, actor: Actor, forum: Forum, user: Any) -> None:
    require(can_manage_forum(actor, forum))
    ForumMembership.objects.filter(forum=forum, user=user).delete()
    audit.record(actor, "forum.member_remove", target=forum, data={"user": user.pk})


def _clean_mandate(
    actor: Actor,
    *,
    holder_forum: Forum | None,
    holder_role: str,
    holder_unit: Unit | None,
    decision_types: list[str],
    valid_from: date,
    valid_until: date | None,
    report_to: Forum | None,
) -> None:
    org_id = organisation_id(actor)
    if (holder_forum is None) == (not holder_role):
        raise ValidationError(_("Ange antingen ett forum eller en roll som innehar mandatet."))
    if holder_forum is not None and holder_forum.organisation_id != org_id:
        raise ValidationError(_("Forumet måste tillhöra den egna organisationen."))
    if holder_unit is not None and holder_unit.organisation_id != org_id:
        raise ValidationError(_("Enheten måste tillhöra den egna organisationen."))
    if report_to is not None and report_to.organisation_id != org_id:
        raise ValidationError(_("Forumet måste tillhöra den egna organisationen."))
    if not decision_types or any(t not in DecisionType.values for t in decision_types):
        raise ValidationError(_("Välj minst en giltig beslutstyp."))
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))


@transaction.atomic
def mandate_create(
    *,
    actor: Actor,
    title: str,
    decision_types: list[str],
    holder_forum: Forum | None = None,
    holder_role: str = "",
    holder_unit: Unit | None = None,
    max_amount_sek: int | None = None,
    max_hours: int | None = None,
    scope: str = MandateScope.SUBTREE,
    source_paragraph: str = "",
    report_to: Forum | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    notes: str = "",
) -> Mandate:
    require(can_manage_mandates(actor))
    from django.utils import timezone

    valid_from = valid_from or timezone.localdate()
    _clean_mandate(
        actor,
        holder_forum=holder_forum,
        holder_role=holder_role,
        holder_unit=holder_unit,
        decision_types=decision_types,
        valid_from=valid_from,
        valid_until=valid_until,
        report_to=report_to,
    )
    mandate = Mandate.objects.create(
        organisation_id=organisation_id(actor),
        title=title,
        holder_forum=holder_forum,
        holder_role=holder_role,
        holder_unit=holder_unit,
        decision_types=list(decision_types),
        max_amount_sek=max_amount_sek,
        max_hours=max_hours,
        scope=scope,
        source_paragraph=source_paragraph,
        report_to=report_to,
        valid_from=valid_from,
        valid_until=valid_until,
        notes=notes,
    )
    audit.record(actor, "mandate.create", target=mandate, data={"types": decision_types})
    return mandate


@transaction.atomic
def mandate_update(*, actor: Actor, mandate: Mandate, **fields: Any) -> Mandate:
    require(can_manage_mandates(actor) and mandate.organisation_id == actor.organisation_id)
    for name, value in fields.items():
        setattr(mandate, name, value)
    _clean_mandate(
        actor,
        holder_forum=mandate.holder_forum,
        holder_role=mandate.holder_role,
        holder_unit=mandate.holder_unit,
        decision_types=mandate.decision_types,
        valid_from=mandate.valid_from,
        valid_until=mandate.valid_until,
        report_to=mandate.report_to,
    )
    mandate.save()
    audit.record(actor, "mandate.update", target=mandate, data={"fields": sorted(fields)})
    return mandate
