"""Decisions on ideas: the guards, the organisation rules, the mandate check, the state change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.forums.models import DecisionType, Forum, Mandate
from vardag.forums.selectors import (
    mandate_refusal_reasons,
    mandate_use_refusal,
)
from vardag.ideas import gates, policy
from vardag.ideas.evidence import gate_gaps
from vardag.ideas.models import (
    Decision,
    Idea,
    IdeaEvent,
    IdeaState,
    Lesson,
)
from vardag.ideas.policy import mandate_request
from vardag.ideas.selectors import (
    organisation_parts,
    organisations_not_heard,
    organisations_without_co_owner,
)
from vardag.ideas.services.common import DecisionRefused, MandateRefused, _event, settle_asked
from vardag.ideas.services.feedback import _send_feedback, feedback_text
from vardag.ideas.workflow import ACTIVE_STATES, TRANSITIONS, target_state


def _guard(
    idea: Idea,
    decision_type: str,
    *,
    forum: Forum | None,
    next_handling_on: date | None,
    hours: int,
    amount_sek: int,
    team: list[Any],
    revisit_on: date | None,
    rationale: str,
    lesson: str,
) -> list[str]:
    """The guards of DOMAIN.md's transition table that Vardag can check itself."""
    problems: list[str] = []
    today = timezone.localdate()
    if decision_type in (DecisionType.REGISTER, DecisionType.ESCALATE, DecisionType.TRANSFER):
        if forum is None:
            problems.append(_("Ange vilket forum som ska behandla idén."))
        elif (
            forum.organisation_id != idea.organisation_id
            and not forum.partner_units.filter(organisation_id=idea.organisation_id).exists()
        ):
            problems.append(_("Forumet finns inte."))
        if decision_type != DecisionType.REGISTER and forum is not None and forum == idea.forum:
            problems.append(_("Idén ligger redan i det forumet."))
    if decision_type == DecisionType.REGISTER and next_handling_on is None:
        problems.append(_("Ange datum för nästa behandling."))
    if next_handling_on is not None and next_handling_on < today:
        problems.append(_("Nästa behandling kan inte vara i det förflutna."))
    if decision_type == DecisionType.GRANT_TIME:
        if hours <= 0:
            problems.append(_("Ange hur många timmar som beviljas."))
        if not team:
            problems.append(_("Namnge idéteamet."))
    if decision_type == DecisionType.GRANT_MONEY and amount_sek <= 0:
        problems.append(_("Ange beviljat belopp i kronor."))
    if decision_type == DecisionType.ON_HOLD:
        if revisit_on is None or revisit_on <= today:
            problems.append(_("Ange ett kommande datum då idén ska tas upp igen."))
        if not rationale.strip():
            problems.append(_("Ange varför idén blir vilande."))
    if decision_type == DecisionType.ARCHIVE:
        if not rationale.strip():
            problems.append(_("Ange skälet till att idén arkiveras."))
        if not lesson.strip():
            problems.append(_("Skriv vad ni har lärt er (lärdom)."))
    return problems


def _names(organisations: Iterable[Any]) -> str:
    return ", ".join(str(o) for o in organisations)


def _unit_names(idea: Idea) -> str:
    units = [idea.unit, *(u for u in idea.affected_units.all() if u.pk != idea.unit_id)]
    return ", ".join(
        str(u) if u.organisation_id == idea.organisation_id else f"{u} ({u.organisation})"
        for u in units
    )


def _forum_covers_next_gate(idea: Idea, forum: Forum, decision_type: str) -> list[str]:
    """G0, escalate, transfer: the forum named must be able to decide the idea's next step for
    its units (`policy.forum_takes`, the rule the decision form offers forums by)."""
    gate = policy.forum_gate(idea, decision_type)
    if gate is None or policy.forum_takes(idea, forum, decision_type):
        return []
    request = mandate_request(idea, gate, amount_sek=0, hours=0)
    values = {
        "forum": forum,
        "decision": DecisionType(gate).label,
        "units": _unit_names(idea),
    }
    if request.crosses_organisations:
        return [
            _(
                "%(forum)s har inget giltigt mandat för nästa steg, ”%(decision)s”, som omfattar "
                "%(units)s över organisationsgränser. Välj ett forum vars mandat täcker idén."
            )
            % values
        ]
    return [
        _(
            "%(forum)s har inget giltigt mandat för nästa steg, ”%(decision)s”, som omfattar "
            "%(units)s. Välj ett forum vars mandat täcker idén."
        )
        % values
    ]


def _organisation_guard(idea: Idea, decision_type: str, *, forum: Forum | None) -> list[str]:
    """DOMAIN.md: escalate/transfer needs a covering forum and named co-owners when
    organisations are crossed; G2 needs a statement or decision from every affected
    organisation."""
    problems: list[str] = []
    moves = decision_type in (DecisionType.ESCALATE, DecisionType.TRANSFER)
    if decision_type != DecisionType.GRANT_MONEY and not moves:
        return problems
    parts = organisation_parts(idea)
    if moves:
        if forum is not None and forum != idea.forum:
            problems += _forum_covers_next_gate(idea, forum, decision_type)
        missing = organisations_without_co_owner(parts)
        if missing:
            problems.append(
                _(
                    "Idén berör flera organisationer. Medägare saknas för %(orgs)s: de behöver "
                    "namnges innan idén lyfts eller lämnas över."
                )
                % {"orgs": _names(missing)}
            )
    else:
        not_heard = organisations_not_heard(parts)
        if not_heard:
            problems.append(
                _(
                    "Varje berörd organisation ska ha yttrat sig eller beslutat innan beslut om "
                    "pengar. Inte hörda än: %(orgs)s."
                )
                % {"orgs": _names(not_heard)}
            )
    return problems


MOVES = (DecisionType.ESCALATE, DecisionType.TRANSFER)


def default_handling_date(idea: Idea) -> date:
    """When no date is named for the forum an idea moves to: within the organisation's feedback
    deadline (the meeting that records the decision names the forum's next meeting instead)."""
    return timezone.localdate() + timedelta(days=idea.organisation.feedback_deadline_days)


@dataclass(frozen=True, kw_only=True)
class DecisionInput:
    """What a decision on an idea is: its type, the mandate it is taken with and what it grants,
    names or asks for. The fields a type does not use keep their defaults (DOMAIN.md's
    transition table says which a type needs; decision_record() checks them).

    Built by the decision forms (`to_decision()`), the API, meeting mode, the demo and tests;
    how a decision is taken (the request key, the meeting, held-back feedback) is passed to
    decision_record() beside it.
    """

    decision_type: str
    mandate: Mandate | None
    amount_sek: int = 0
    hours: int = 0
    rationale: str = ""
    conditions: str = ""
    registry_number: str = ""
    forum: Forum | None = None
    next_handling_on: date | None = None
    team: Sequence[Any] = ()
    revisit_on: date | None = None
    lesson: str = ""
    publish_lesson: bool = False
    decided_on: date | None = None

    def __post_init__(self) -> None:
        # A query set or list of people is kept as a tuple: the input cannot change afterwards.
        object.__setattr__(self, "team", tuple(self.team))

    @classmethod
    def from_api(
        cls,
        payload: Any,
        *,
        mandate: Mandate | None,
        forum: Forum | None,
        team: Sequence[Any] = (),
    ) -> DecisionInput:
        """From an API body (the ideas API's and meeting mode's decision schemas share these
        fields); the objects its ids name are looked up, with access, by the caller."""
        return cls(
            decision_type=payload.decision_type,
            mandate=mandate,
            amount_sek=payload.amount_sek,
            hours=payload.hours,
            rationale=payload.rationale,
            conditions=payload.conditions,
            registry_number=payload.registry_number,
            forum=forum,
            next_handling_on=payload.next_handling_on,
            team=team,
            revisit_on=payload.revisit_on,
            lesson=payload.lesson,
            publish_lesson=getattr(payload, "publish_lesson", False),
        )


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    idea: Idea,
    decision: DecisionInput,
    request_key: str = "",
    agenda_item_id: int | None = None,
    send_feedback: bool = True,
    meeting_forum: Forum | None = None,
) -> Decision:
    """Record a decision on an idea, move it through the state machine and give feedback.

    `meeting_forum` is the forum whose meeting takes the decision (set by vardag.meetings): a
    forum's mandate is used only there (policy: forums.selectors.mandate_use_refusal).

    With send_feedback=False the caller takes over the feedback (a meeting sends it, linked to
    the decision, once its minutes are approved).

    Raises MandateRefused when the mandate does not cover the decision for this actor, and
    DecisionRefused when the transition is not allowed or a guard fails. A repeated call with the
    same `request_key` (a double click) returns the first decision and changes nothing.
    """
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("organisation", "initiator", "forum", "process_model", "unit")
        .prefetch_related("affected_units__organisation")
        .get(pk=idea.pk)
    )
    require(idea.organisation_id == organisation_id(actor))
    if request_key:
        existing = Decision.objects.filter(idea=idea, request_key=request_key).first()
        if existing is not None:
            return existing
    decision_type = decision.decision_type
    if decision_type not in TRANSITIONS:
        raise DecisionRefused([_("Okänd beslutstyp.")])
    if idea.state not in TRANSITIONS[decision_type].sources:
        raise DecisionRefused(
            [
                _("Beslutet ”%(type)s” kan inte fattas när idén har status ”%(state)s”.")
                % {
                    "type": DecisionType(decision_type).label,
                    "state": IdeaState(idea.state).label,
                }
            ]
        )
    team = list(decision.team) or list(idea.team.all())
    next_handling_on = decision.next_handling_on
    if decision_type in MOVES and next_handling_on is None:
        next_handling_on = default_handling_date(idea)
    decision = replace(decision, team=team, next_handling_on=next_handling_on)
    problems = _guard(
        idea,
        decision_type,
        forum=decision.forum,
        next_handling_on=decision.next_handling_on,
        hours=decision.hours,
        amount_sek=decision.amount_sek,
        team=team,
        revisit_on=decision.revisit_on,
        rationale=decision.rationale,
        lesson=decision.lesson,
    )
    problems += _organisation_guard(idea, decision_type, forum=decision.forum)
    if decision_type == DecisionType.REGISTER and decision.forum is not None:  # G0 hands it over
        problems += _forum_covers_next_gate(idea, decision.forum, decision_type)
    problems += gates.problems(idea, decision_type, rationale=decision.rationale)
    model = idea.process_model
    if model is not None and model.enforce_gate_evidence:
        problems += gate_gaps(actor, idea, decision_type) or []
    if problems:
        raise DecisionRefused(problems)
    mandate = decision.mandate
    if mandate is None:
        raise MandateRefused([_("Ange vilket mandat i delegationsordningen beslutet fattas med.")])
    request = mandate_request(
        idea, decision_type, amount_sek=decision.amount_sek, hours=decision.hours
    )
    use = mandate_use_refusal(mandate, meeting_forum=meeting_forum)
    reasons = [use] if use else mandate_refusal_reasons(actor, mandate, request)
    if reasons:
        audit.record(
            actor,
            "decision.refused",
            target=idea,
            data={"type": decision_type, "mandate": mandate.pk, "reasons": reasons},
        )
        raise MandateRefused(reasons)
    return _apply_decision(
        actor,
        idea,
        decision,
        mandate,
        request_key=request_key,
        agenda_item_id=agenda_item_id,
        send_feedback=send_feedback,
    )


def _handled_note(decision_type: str, actor: Actor, day: date) -> Callable[[], str]:
    """What the notices asking others to register (or resume) the idea say once it is decided."""
    values = {"name": actor, "date": day, "decision": DecisionType(decision_type).label}
    if decision_type == DecisionType.REGISTER:
        return lambda: _("Idén är redan registrerad av %(name)s (%(date)s).") % values
    return lambda: _("Idén är redan avgjord av %(name)s (%(date)s): %(decision)s.") % values


def _apply_decision(
    actor: Actor,
    idea: Idea,
    d: DecisionInput,
    mandate: Mandate,
    *,
    request_key: str,
    agenda_item_id: int | None,
    send_feedback: bool,
) -> Decision:
    decision_type = d.decision_type
    from_state = idea.state
    to_state = target_state(decision_type, idea.state, idea.state_before_hold)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                idea=idea,
                decision_type=decision_type,
                mandate=mandate,
                forum=d.forum or mandate.holder_forum or idea.forum,
                decided_by=actor,
                decided_on=d.decided_on or timezone.localdate(),
                amount_sek=d.amount_sek,
                hours=d.hours,
                rationale=d.rationale,
                conditions=d.conditions,
                registry_number=d.registry_number,
                from_state=from_state,
                to_state=to_state,
                request_key=request_key,
                agenda_item_id=agenda_item_id,
            )
    except IntegrityError:
        return Decision.objects.get(idea=idea, request_key=request_key)
    if decision_type == DecisionType.ON_HOLD:
        idea.state_before_hold = from_state
        idea.revisit_on = d.revisit_on
    if decision_type == DecisionType.ON_HOLD:
        idea.revisit_flagged_on = None
    if decision_type == DecisionType.RESUME:
        idea.state_before_hold, idea.revisit_on = "", None
    if d.forum is not None:
        idea.forum = d.forum
    if decision_type == DecisionType.GRANT_TIME:
        idea.hours_granted += d.hours
        idea.team.set(d.team)
    idea.amount_granted_sek += d.amount_sek if decision_type == DecisionType.GRANT_MONEY else 0
    if decision_type == DecisionType.ARCHIVE:
        idea.archive_reason = d.rationale
        Lesson.objects.create(
            organisation_id=idea.organisation_id,
            idea=idea,
            text=d.lesson,
            is_published=d.publish_lesson,
            created_by=actor,
        )
    idea.state = to_state
    idea.next_handling_on = d.next_handling_on if to_state in ACTIVE_STATES else None
    # Feedback is given now; the next promise is the next handling date.
    idea.feedback_due_on = idea.next_handling_on
    idea.overdue_flagged_on = None
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.DECISION, actor, str(decision))
    settle_asked(actor, idea, from_state, _handled_note(decision_type, actor, decision.decided_on))
    audit.record(
        actor,
        "decision.record",
        target=idea,
        data={"decision": decision.pk, "type": decision_type, "mandate": mandate.pk},
    )
    if send_feedback:
        _send_feedback(actor, idea, feedback_text(decision, idea), decision)
    return decision
