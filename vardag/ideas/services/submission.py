"""Drafts, edits, submission and withdrawal of ideas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.forums.models import DecisionType
from vardag.ideas import policy
from vardag.ideas.models import (
    Follow,
    Idea,
    IdeaEvent,
    IdeaOrigin,
    IdeaState,
)
from vardag.ideas.selectors import (
    default_process_model,
)
from vardag.ideas.services.common import (
    CONTENT_FIELDS,
    Asked,
    DecisionRefused,
    StaleEdit,
    _check_affected_units,
    _event,
    _reindex,
    _tell_partners,
    _units_text,
    asked_topic,
    registrars,
    settle_asked,
)
from vardag.notifications.services import notify


@transaction.atomic
def idea_create(
    *,
    actor: Actor,
    title: str,
    unit: Unit,
    affected_units: Iterable[Unit] = (),
    **content: Any,
) -> Idea:
    """Save a new draft. Drafts are only visible to their initiator until submitted."""
    org_id = organisation_id(actor)
    require(unit.organisation_id == org_id)
    challenge = content.get("challenge")
    if challenge is not None and challenge.organisation_id != org_id:
        raise ValidationError(_("Utmaningen finns inte."))
    idea = Idea(
        organisation_id=org_id,
        title=title,
        unit=unit,
        initiator=actor,
        process_model=default_process_model(org_id),
        **{k: v for k, v in content.items() if k in CONTENT_FIELDS},
    )
    if idea.process_model is not None:
        idea.stage = idea.process_model.stages.order_by("order").first()
    _reindex(idea)
    idea.save()
    idea.affected_units.set(_check_affected_units(actor, affected_units))
    Follow.objects.create(idea=idea, user=actor)
    _event(idea, IdeaEvent.Kind.CREATED, actor)
    audit.record(actor, "idea.create", target=idea)
    return idea


@transaction.atomic
def idea_update(
    *,
    actor: Actor,
    idea: Idea,
    version: int,
    affected_units: Iterable[Unit] | None = None,
    unit: Unit | None = None,
    **content: Any,
) -> Idea:
    """Save edits; refuses (StaleEdit) when someone else saved since `version` was read."""
    require(policy.can_edit(actor, idea))
    updated = Idea.objects.filter(pk=idea.pk, version=version).update(version=version + 1)
    if not updated:
        raise StaleEdit(
            _(
                "Någon annan har sparat idén medan du skrev. Dina ändringar är inte sparade "
                "än: de finns kvar i formuläret. Jämför med den senaste versionen och spara igen."
            )
        )
    idea.refresh_from_db()
    changed = []
    for name, value in content.items():
        if name in CONTENT_FIELDS and getattr(idea, name) != value:
            setattr(idea, name, value)
            changed.append(name)
    if unit is not None and unit.pk != idea.unit_id:
        require(unit.organisation_id == idea.organisation_id)
        idea.unit = unit
        changed.append("unit")
    _reindex(idea)
    idea.save()
    if affected_units is not None:
        before = {u.organisation_id for u in idea.affected_units.all()}
        idea.affected_units.set(_check_affected_units(actor, affected_units))
        after = {u.organisation_id for u in idea.affected_units.all()}
        added = after - before - {idea.organisation_id}
        if added and idea.state != IdeaState.DRAFT:
            _tell_partners(actor, idea, added)
    if idea.state != IdeaState.DRAFT and changed:
        _event(idea, IdeaEvent.Kind.EDITED, actor, ", ".join(changed))
    audit.record(actor, "idea.update", target=idea, data={"fields": changed})
    return idea


# What an idea needs before it is submitted (DOMAIN.md: title, summary, a minimal outside-in
# canvas); the form marks these fields as required and checks them with the same rule.
SUBMIT_REQUIRED = ("title", "summary", "user_situation", "better_for_whom")


def submit_field_problems(values: dict[str, Any]) -> dict[str, str]:
    """The submission requirements `values` (field name → text) do not meet, by field."""
    messages = {
        "title": _("Idén behöver en rubrik."),
        "summary": _("Idén behöver en sammanfattning."),
        "user_situation": _("Beskriv användarens situation och mål."),
        "better_for_whom": _("Beskriv vad som blir bättre än i dag, och för vem."),
    }
    return {
        name: messages[name] for name in SUBMIT_REQUIRED if not str(values.get(name) or "").strip()
    }


def submit_problems(idea: Idea) -> list[str]:
    values = {name: getattr(idea, name) for name in SUBMIT_REQUIRED}
    problems = list(submit_field_problems(values).values())
    if idea.origin != IdeaOrigin.NEW and not idea.origin_source.strip():
        problems.append(_("Skriv varifrån idén kommer."))
    return problems


@dataclass
class Submitted:
    """A submitted idea and those asked to register it (`asked`, the notices' recipients)."""

    idea: Idea
    asked: Asked


@transaction.atomic
def idea_submit(*, actor: Actor, idea: Idea) -> Submitted:
    idea = (
        Idea.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=idea.pk)
    )
    require(idea.initiator_id == actor.pk)
    if not policy.can_submit(actor, idea):
        raise DecisionRefused([_("Idén är redan inlämnad.")])
    problems = submit_problems(idea)
    if problems:
        raise DecisionRefused(problems)
    idea.state = IdeaState.SUBMITTED
    idea.submitted_at = timezone.now()
    idea.feedback_due_on = timezone.localdate() + timedelta(
        days=idea.organisation.feedback_deadline_days
    )
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.SUBMITTED, actor)
    audit.record(actor, "idea.submit", target=idea)
    asked = _ask_to_register(actor, idea)
    _tell_partners(actor, idea, None)
    return Submitted(idea, asked)


def _decider_name(person: Any, idea: Idea) -> str:
    """A person asked to register the idea, with the role whose mandate lets them."""
    mandates = policy.decision_choices(person, idea).get(DecisionType.REGISTER, [])
    roles = [m.holder_role for m in mandates if m.holder_role]
    if not roles:
        return str(person)
    return f"{person} ({str(Role(roles[0]).label).lower()})"


def submitted_message(actor: Actor, submitted: Submitted) -> str:
    """The confirmation to the initiator: who was told to register the idea, by the same list
    of recipients the notices went to (`_ask_to_register`)."""
    idea, asked = submitted.idea, submitted.asked
    people = [_decider_name(p, idea) for p in asked.people if p.pk != actor.pk]
    forums = (
        [str(f) for f in asked.forums] if any(p.pk != actor.pk for p in asked.conveners) else []
    )
    if people or forums:
        return _("Idén är inlämnad. %(who)s får en avisering om att registrera den.") % {
            "who": get_text_list([*people, *forums], _("och"))
        }
    support = [str(p) for p in asked.support if p.pk != actor.pk]
    if support:
        return _(
            "Idén är inlämnad. Inget mandat täcker registrering av den ännu, så %(who)s får en "
            "avisering och hjälper den vidare."
        ) % {"who": get_text_list(support, _("och"))}
    if any(p.pk == actor.pk for p in asked.people):
        return _("Idén är inlämnad. Du har själv mandat att registrera den.")
    return _(
        "Idén är inlämnad, men ingen har fått någon avisering om att registrera den. "
        "Kontakta din chef."
    )


def _ask_to_register(actor: Actor, idea: Idea) -> Asked:
    """Tell those who can register the idea (G0) that it waits for them: the people whose own
    mandate covers its units, and the chairs of forums whose mandate does (to put it on their
    agenda). When nobody can, the organisation's innovation leads and admins learn why."""
    found = registrars(idea)
    url = reverse("ideas:detail", args=[idea.pk])
    topic = asked_topic(idea, IdeaState.SUBMITTED)
    notify(
        actor=actor,
        recipients=[p for p in found.people if p.pk != actor.pk],
        kind="idea.submitted",
        subject=lambda: _("Ny idé att registrera: %(title)s") % {"title": idea.title},
        body=lambda: (
            _("%(name)s har lämnat in en idé. Återkoppla senast %(date)s.")
            % {"name": actor, "date": idea.feedback_due_on}
        ),
        url=url,
        topic=topic,
    )
    forums = ", ".join(str(f) for f in found.forums)
    notify(
        actor=actor,
        recipients=[p for p in found.conveners if p.pk != actor.pk],
        kind="idea.submitted",
        subject=lambda: (
            _("Ny idé för %(forums)s att registrera: %(title)s")
            % {"forums": forums, "title": idea.title}
        ),
        body=lambda: (
            _(
                "%(name)s har lämnat in en idé som %(forums)s har mandat att registrera. Ta upp "
                "den på forumets dagordning. Förslagsställaren ska få återkoppling senast %(date)s."
            )
            % {"name": actor, "forums": forums, "date": idea.feedback_due_on}
        ),
        url=url,
        topic=topic,
    )
    units = _units_text(idea)
    notify(
        actor=actor,
        recipients=[p for p in found.support if p.pk != actor.pk],
        kind="idea.unroutable",
        subject=lambda: (
            _("Ingen har mandat att registrera idén: %(title)s") % {"title": idea.title}
        ),
        body=lambda: (
            _(
                "%(name)s har lämnat in en idé, men inget mandat i delegationsordningen täcker "
                "registrering för de enheter den berör (%(units)s), så ingen chef eller inget "
                "forum har fått den att registrera. Komplettera mandatregistret eller hjälp "
                "förslagsställaren att lyfta idén till ett forum som kan ta emot den. "
                "Förslagsställaren ska få återkoppling senast %(date)s."
            )
            % {"name": actor, "units": units, "date": idea.feedback_due_on}
        ),
        url=url,
        topic=topic,
    )
    return found


@transaction.atomic
def idea_withdraw(*, actor: Actor, idea: Idea, reason: str) -> Idea:
    """The initiator withdraws their own idea (before it is registered); it is archived."""
    idea = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    require(idea.initiator_id == actor.pk)
    if idea.state == IdeaState.DRAFT:
        raise DecisionRefused([_("Ett utkast tas bort i stället för att tas tillbaka.")])
    if not policy.can_withdraw(actor, idea):
        raise DecisionRefused([_("En registrerad idé avslutas genom beslut i forumet.")])
    if not reason.strip():
        raise DecisionRefused([_("Ange varför du tar tillbaka idén.")])
    left = idea.state
    idea.state = IdeaState.ARCHIVED
    idea.archive_reason = reason
    idea.feedback_due_on = None
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.WITHDRAWN, actor, reason)
    audit.record(actor, "idea.withdraw", target=idea)
    day = timezone.localdate()
    settle_asked(
        actor,
        idea,
        left,
        lambda: _("Förslagsställaren tog tillbaka idén %(date)s.") % {"date": day},
    )
    return idea
