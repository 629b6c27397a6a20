"""Helpers shared by the ideas services: refusals, content fields, timeline events, notices."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from vardag.core import search
from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.selectors import partner_organisation_ids
from vardag.forums.models import DecisionType, Forum
from vardag.ideas import policy
from vardag.ideas.models import (
    Idea,
    IdeaEvent,
    IdeaOrganisation,
    IdeaState,
)
from vardag.ideas.selectors import (
    partner_managers,
)
from vardag.notifications.services import notifications_handled, notify

CANVAS_FIELDS = ("user_situation", "user_resources", "organisation_offer", "better_for_whom")


CONTENT_FIELDS: tuple[str, ...] = (
    "title",
    "summary",
    "kind",
    "challenge",
    *CANVAS_FIELDS,
    "asks_hours",
    "asks_amount_sek",
    "origin",
    "origin_source",
)


class DecisionRefused(ValidationError):
    """A decision that cannot be recorded; `reasons` says why, in the user's language."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(self.reasons)


class MandateRefused(DecisionRefused):
    """No mandate held by the actor covers this decision."""


class StaleEdit(ValidationError):
    """Someone else saved the idea after the editor opened it."""


def _event(idea: Idea, kind: str, actor: Actor | None, text: str = "") -> IdeaEvent:
    return IdeaEvent.objects.create(
        idea=idea, kind=kind, actor=actor if getattr(actor, "pk", None) else None, text=text
    )


def _reindex(idea: Idea) -> None:
    idea.search_text = search.index_text(
        [idea.title, idea.summary, *(getattr(idea, f) for f in CANVAS_FIELDS)]
    )


def _check_affected_units(actor: Actor, units: Iterable[Unit]) -> list[Unit]:
    allowed = {organisation_id(actor)} | partner_organisation_ids(actor)
    units = list(units)
    for unit in units:
        if unit.organisation_id not in allowed:
            raise ValidationError(
                _("%(unit)s tillhör en organisation utan samverkansöverenskommelse.")
                % {"unit": unit}
            )
    return units


def _tell_partners(actor: Actor, idea: Idea, organisation_ids: set[int] | None) -> None:
    """Managers of affected partner units learn that an idea concerns them and that they name
    their organisation's co-owner and forum."""
    notify(
        actor=actor,
        recipients=partner_managers(idea, organisation_ids),
        kind="idea.partner_affected",
        subject=lambda: (
            _("En idé från %(org)s berör er: %(title)s")
            % {"org": idea.organisation, "title": idea.title}
        ),
        body=lambda: _(
            "Idén berör enheter i er organisation. Namnge en medägare och det forum som behandlar "
            "den hos er, och lämna ert yttrande innan beslut om pengar."
        ),
        url=reverse("ideas:detail", args=[idea.pk]),
    )


@dataclass
class Asked:
    """Who is asked to take a decision on an idea (e.g. register it, G0), by the rule the
    decision page and the service use (`policy.deciders`): `people` who may take it themselves,
    `conveners` (the chairs) of `forums` that may take it in a meeting, and, only when there is
    nobody to ask, `support`: the organisation's innovation leads and admins, told why."""

    people: list[Any] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)
    conveners: list[Any] = field(default_factory=list)
    support: list[Any] = field(default_factory=list)

    def everyone(self) -> list[Any]:
        return [*self.people, *self.conveners, *self.support]


def asked_to_decide(
    idea: Idea, decision_type: str, *, also_forums: Iterable[Forum | None] = ()
) -> Asked:
    """Those to ask for `decision_type` on the idea; `also_forums` (e.g. the forum that holds
    the idea) are asked through their chairs besides the forums whose mandate covers it."""
    found = policy.deciders(idea, decision_type)
    forums = [*found.forums, *(f for f in also_forums if f is not None and f not in found.forums)]
    deciding = {p.pk for p in found.people}
    conveners = [p for p in policy.forum_conveners(forums) if p.pk not in deciding]
    support = [] if found.people or conveners else policy.innovation_support(idea.organisation_id)
    return Asked(found.people, forums, conveners, support)


# The topic of the notifications that ask people to act on an idea in a state (vardag.
# notifications: `notify(topic=…)`): to register it while it is submitted, to take it up again
# while it is on hold. When the idea leaves the state, whoever did it, those notices are handled.
ASKED_TOPICS: dict[str, str] = {
    IdeaState.SUBMITTED: "idea.register",
    IdeaState.ON_HOLD: "idea.resume",
}


def asked_topic(idea: Idea, state: str) -> str:
    return f"{ASKED_TOPICS[state]}:{idea.pk}"


def settle_asked(actor: Actor | None, idea: Idea, left_state: str, note: Callable[[], str]) -> int:
    """The idea has left `left_state`: the notices asking others to act on it there are
    handled, with `note` (written in each recipient's language) saying what was done and by
    whom. They stay in each inbox, read; the audit log keeps both the notice and its handling."""
    if left_state not in ASKED_TOPICS or idea.state == left_state:
        return 0
    return notifications_handled(actor=actor, topic=asked_topic(idea, left_state), note=note)


def registrars(idea: Idea) -> Asked:
    """Those to ask to register (G0) a submitted idea."""
    return asked_to_decide(idea, DecisionType.REGISTER)


def _units_text(idea: Idea) -> str:
    units = [str(idea.unit), *(str(u) for u in idea.affected_units.all() if u.pk != idea.unit_id)]
    return ", ".join(units)


def _co_owners(idea: Idea) -> list[Any]:
    return [
        row.co_owner
        for row in IdeaOrganisation.objects.filter(idea=idea).select_related("co_owner")
    ]
