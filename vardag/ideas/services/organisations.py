"""Ideas that span organisations: co-owners, forums and statements (yttranden) of partners."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit, once
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.core.selectors import partner_organisation_ids
from vardag.forums.models import Forum
from vardag.forums.selectors import (
    forum_list,
)
from vardag.ideas.models import (
    Consultation,
    Idea,
    IdeaEvent,
    IdeaOrganisation,
    IdeaState,
)
from vardag.ideas.selectors import (
    OrganisationPart,
    can_act_for_organisation,
    organisation_parts,
)
from vardag.ideas.services.common import _co_owners, _event
from vardag.notifications.services import Text, notify


def _partner_part(actor: Actor, idea: Idea) -> tuple[Idea, OrganisationPart]:
    """Lock the idea and return the actor's organisation's part in it, or refuse (403)."""
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("organisation", "initiator", "forum")
        .prefetch_related("affected_units__organisation")
        .get(pk=idea.pk)
    )
    require(idea.organisation_id in partner_organisation_ids(actor))
    parts = organisation_parts(idea)
    require(can_act_for_organisation(actor, idea, parts))
    if idea.state in (IdeaState.ARCHIVED, IdeaState.IMPLEMENTED):
        raise ValidationError(_("Idén är avslutad; den kan inte längre ändras."))
    part = next(p for p in parts if p.organisation.pk == actor.organisation_id)
    return idea, part


def _check_partner_forum(actor: Actor, forum: Forum) -> None:
    if not forum_list(actor).filter(pk=forum.pk).exists():
        raise ValidationError(
            _("Välj ett forum i din organisation eller ett gemensamt forum som den deltar i.")
        )


def _tell_owners(actor: Actor, idea: Idea, kind: str, subject: Text, body: Text) -> None:
    notify(
        actor=actor,
        recipients=[idea.initiator, *idea.team.all(), *_co_owners(idea)],
        kind=kind,
        subject=subject,
        body=body,
        url=reverse("ideas:detail", args=[idea.pk]),
    )


@transaction.atomic
def idea_organisation_set(
    *,
    actor: Actor,
    idea: Idea,
    co_owner: Any,
    forum: Forum,
    next_handling_on: date | None = None,
) -> IdeaOrganisation:
    """A manager (or admin, or the current co-owner) of an affected partner organisation names
    its co-owner of the idea and its current forum there."""
    idea, part = _partner_part(actor, idea)
    org = part.organisation
    if co_owner is None or co_owner.organisation_id != org.pk or not co_owner.is_active:
        raise ValidationError(_("Medägaren ska vara en person i %(org)s.") % {"org": org})
    if forum is None:
        raise ValidationError(_("Ange vilket forum i %(org)s som behandlar idén.") % {"org": org})
    _check_partner_forum(actor, forum)
    if next_handling_on is not None and next_handling_on < timezone.localdate():
        raise ValidationError(_("Nästa behandling kan inte vara i det förflutna."))
    row, _created = IdeaOrganisation.objects.update_or_create(
        idea=idea,
        organisation=org,
        defaults={
            "co_owner": co_owner,
            "forum": forum,
            "next_handling_on": next_handling_on,
            "updated_by": actor,
        },
    )

    def co_owner_text() -> str:  # written again in each recipient's language
        text = _("%(org)s: medägare %(who)s, forum %(forum)s") % {
            "org": org,
            "who": co_owner,
            "forum": forum,
        }
        if next_handling_on is not None:
            text += ", " + _("nästa behandling %(date)s") % {"date": next_handling_on}
        return text

    _event(idea, IdeaEvent.Kind.CO_OWNER, actor, co_owner_text())
    data = {"organisation": org.pk, "co_owner": co_owner.pk, "forum": forum.pk}
    for audited in (org, idea.organisation):
        audit.record(actor, "idea.co_owner", target=idea, data=data, organisation=audited)
    _tell_owners(
        actor,
        idea,
        "idea.co_owner",
        lambda: _("Medägare i %(org)s för idén ”%(title)s”") % {"org": org, "title": idea.title},
        co_owner_text,
    )
    return row


@transaction.atomic
def consultation_record(
    *,
    actor: Actor,
    idea: Idea,
    position: str,
    statement: str,
    forum: Forum | None = None,
    recorded_on: date | None = None,
    request_key: str = "",
) -> Consultation:
    """An affected partner organisation's statement (yttrande) on the idea; a repeat with the
    same `request_key` (double click, retry) returns the first and tells nobody again."""
    idea, part = _partner_part(actor, idea)
    recorded = once.earlier(Consultation, request_key, idea=idea)
    if recorded is not None:
        return recorded
    org = part.organisation
    if position not in Consultation.Position.values:
        raise ValidationError(_("Välj tillstyrker, tillstyrker med villkor eller avstyrker."))
    if not statement.strip():
        raise ValidationError(_("Skriv organisationens yttrande."))
    day = recorded_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(_("Ett yttrande kan inte dateras i framtiden."))
    if forum is not None:
        _check_partner_forum(actor, forum)
    consultation = Consultation.objects.create(
        idea=idea,
        organisation=org,
        position=position,
        statement=statement.strip(),
        forum=forum,
        recorded_by=actor,
        recorded_on=day,
        request_key=request_key[:64],
    )

    def statement_text() -> str:  # written again in each recipient's language
        return _("%(org)s: %(position)s. %(statement)s") % {
            "org": org,
            "position": Consultation.Position(position).label,
            "statement": consultation.statement,
        }

    _event(idea, IdeaEvent.Kind.CONSULTATION, actor, statement_text())
    data = {"organisation": org.pk, "consultation": consultation.pk, "position": position}
    for audited in (org, idea.organisation):
        audit.record(actor, "idea.consultation", target=idea, data=data, organisation=audited)
    _tell_owners(
        actor,
        idea,
        "idea.consultation",
        lambda: _("%(org)s har yttrat sig om idén ”%(title)s”") % {"org": org, "title": idea.title},
        statement_text,
    )
    return consultation
