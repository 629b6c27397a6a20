"""Writes of ideas: drafts, submission, decisions with the mandate check, feedback, follow-ups.

Every state change is a Decision recorded through decision_record(), which refuses decisions that
no mandate held by the actor covers (MandateRefused, with the reasons in plain Swedish).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vardag.core import audit, once, search
from vardag.core.access import organisation_id, require
from vardag.core.models import Unit
from vardag.core.selectors import partner_organisation_ids
from vardag.forums.models import DecisionType, Forum, Mandate
from vardag.forums.selectors import (
    forum_list,
    mandate_refusal_reasons,
    mandate_use_refusal,
)
from vardag.ideas import gates, policy
from vardag.ideas.evidence import gate_gaps
from vardag.ideas.models import (
    Challenge,
    Comment,
    Consultation,
    Decision,
    Feedback,
    Follow,
    Idea,
    IdeaAttachment,
    IdeaEvent,
    IdeaOrganisation,
    IdeaOrigin,
    IdeaState,
    Lesson,
    ProcessModel,
    Stage,
    Support,
)
from vardag.ideas.policy import mandate_request
from vardag.ideas.presets import EXIT_GATES, PRESETS
from vardag.ideas.selectors import (
    OrganisationPart,
    can_act_for_organisation,
    default_process_model,
    organisation_parts,
    organisations_not_heard,
    organisations_without_co_owner,
    partner_managers,
    responsible_managers,
)
from vardag.ideas.uploads import check_upload
from vardag.ideas.workflow import ACTIVE_STATES, TRANSITIONS, target_state
from vardag.notifications.services import Text, notify, translated

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


def _event(idea: Idea, kind: str, actor: Any, text: str = "") -> IdeaEvent:
    return IdeaEvent.objects.create(
        idea=idea, kind=kind, actor=actor if getattr(actor, "pk", None) else None, text=text
    )


def _reindex(idea: Idea) -> None:
    idea.search_text = search.index_text(
        [idea.title, idea.summary, *(getattr(idea, f) for f in CANVAS_FIELDS)]
    )


def _check_affected_units(actor: Any, units: Iterable[Unit]) -> list[Unit]:
    allowed = {organisation_id(actor)} | partner_organisation_ids(actor)
    units = list(units)
    for unit in units:
        if unit.organisation_id not in allowed:
            raise ValidationError(
                _("%(unit)s tillhör en organisation utan samverkansöverenskommelse.")
                % {"unit": unit}
            )
    return units


# --- Drafts and submission ---------------------------------------------------------------------


@transaction.atomic
def idea_create(
    *,
    actor: Any,
    title: str,
    unit: Unit,
    affected_units: Iterable[Unit] = (),
    **content: Any,
) -> Idea:
    """Save a new draft. Drafts are only visible to their initiator until submitted."""
    require(unit.organisation_id == organisation_id(actor))
    challenge = content.get("challenge")
    if challenge is not None and challenge.organisation_id != actor.organisation_id:
        raise ValidationError(_("Utmaningen finns inte."))
    idea = Idea(
        organisation_id=actor.organisation_id,
        title=title,
        unit=unit,
        initiator=actor,
        process_model=default_process_model(actor.organisation_id),
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
    actor: Any,
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


@transaction.atomic
def idea_submit(*, actor: Any, idea: Idea) -> Idea:
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
    managers = [m for m in responsible_managers(idea) if m.pk != actor.pk]
    notify(
        actor=actor,
        recipients=managers,
        kind="idea.submitted",
        subject=lambda: _("Ny idé att registrera: %(title)s") % {"title": idea.title},
        body=lambda: (
            _("%(name)s har lämnat in en idé. Återkoppla senast %(date)s.")
            % {"name": actor, "date": idea.feedback_due_on}
        ),
        url=reverse("ideas:detail", args=[idea.pk]),
    )
    _tell_partners(actor, idea, None)
    return idea


def _tell_partners(actor: Any, idea: Idea, organisation_ids: set[int] | None) -> None:
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


@transaction.atomic
def idea_withdraw(*, actor: Any, idea: Idea, reason: str) -> Idea:
    """The initiator withdraws their own idea (before it is registered); it is archived."""
    idea = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    require(idea.initiator_id == actor.pk)
    if idea.state == IdeaState.DRAFT:
        raise DecisionRefused([_("Ett utkast tas bort i stället för att tas tillbaka.")])
    if not policy.can_withdraw(actor, idea):
        raise DecisionRefused([_("En registrerad idé avslutas genom beslut i forumet.")])
    if not reason.strip():
        raise DecisionRefused([_("Ange varför du tar tillbaka idén.")])
    idea.state = IdeaState.ARCHIVED
    idea.archive_reason = reason
    idea.feedback_due_on = None
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.WITHDRAWN, actor, reason)
    audit.record(actor, "idea.withdraw", target=idea)
    return idea


# --- Decisions ---------------------------------------------------------------------------------


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


def feedback_text(decision: Decision, idea: Idea) -> str:
    """The plain-Swedish message to the initiator and followers."""
    values = {
        "title": idea.title,
        "forum": idea.forum or "",
        "date": idea.next_handling_on or "",
        "hours": decision.hours,
        "amount": f"{decision.amount_sek:,}".replace(",", " "),
        "revisit": idea.revisit_on or "",
    }
    messages = {
        DecisionType.REGISTER: _(
            "Din idé ”%(title)s” är registrerad. %(forum)s behandlar den, nästa gång %(date)s."
        ),
        DecisionType.GRANT_TIME: _(
            "Idén ”%(title)s” har fått %(hours)s timmar för att utforskas vidare."
        ),
        DecisionType.GRANT_MONEY: _(
            "Idén ”%(title)s” har fått %(amount)s kronor för att ta fram ett upplägg."
        ),
        DecisionType.START_PILOT: _("Idén ”%(title)s” går nu vidare till en pilot."),
        DecisionType.EVALUATE: _("Piloten för ”%(title)s” ska nu utvärderas."),
        DecisionType.ITERATE: _("Piloten för ”%(title)s” fortsätter i en ny omgång."),
        DecisionType.SCALE_UP: _("Idén ”%(title)s” ska skalas upp och införas."),
        DecisionType.IMPLEMENTED: _("Idén ”%(title)s” är nu införd i verksamheten."),
        DecisionType.ESCALATE: _(
            "Idén ”%(title)s” har lyfts till %(forum)s, som behandlar den senast %(date)s."
        ),
        DecisionType.TRANSFER: _(
            "Idén ”%(title)s” har lämnats över till %(forum)s, som behandlar den senast %(date)s."
        ),
        DecisionType.ON_HOLD: _("Idén ”%(title)s” är vilande. Den tas upp igen %(revisit)s."),
        DecisionType.RESUME: _("Arbetet med idén ”%(title)s” är återupptaget."),
        DecisionType.ARCHIVE: _("Idén ”%(title)s” har avslutats och arkiverats."),
        DecisionType.REVIEW: _("Ett beslut om idén ”%(title)s” har omprövats."),
    }
    if not values["date"]:
        # Never a sentence with a hole in it: the same news without the date.
        messages[DecisionType.REGISTER] = _(
            "Din idé ”%(title)s” är registrerad. %(forum)s behandlar den."
        )
        messages[DecisionType.ESCALATE] = _("Idén ”%(title)s” har lyfts till %(forum)s.")
        messages[DecisionType.TRANSFER] = _("Idén ”%(title)s” har lämnats över till %(forum)s.")
    lines = [messages[DecisionType(decision.decision_type)] % values]
    if decision.rationale:
        lines.append(_("Motivering: %(text)s") % {"text": decision.rationale})
    if decision.conditions:
        lines.append(_("Villkor: %(text)s") % {"text": decision.conditions})
    lines.append(
        _("Beslutet fattades av %(who)s med stöd av ”%(mandate)s”.")
        % {"who": decision.decided_by, "mandate": decision.mandate}
    )
    return "\n".join(lines)


def _send_feedback(
    actor: Any, idea: Idea, body: str, decision: Decision | None, *, request_key: str = ""
) -> Feedback:
    feedback = Feedback.objects.create(
        idea=idea, decision=decision, author=actor, body=body, request_key=request_key
    )
    _event(idea, IdeaEvent.Kind.FEEDBACK, actor, body)
    followers = [f.user for f in Follow.objects.filter(idea=idea).select_related("user")]
    notify(
        actor=actor,
        recipients=[idea.initiator, *followers, *_co_owners(idea)],
        kind="idea.feedback",
        subject=lambda: _("Återkoppling om idén ”%(title)s”") % {"title": idea.title},
        body=body,
        url=reverse("ideas:detail", args=[idea.pk]),
    )
    return feedback


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    idea: Idea,
    decision_type: str,
    mandate: Mandate | None,
    amount_sek: int = 0,
    hours: int = 0,
    rationale: str = "",
    conditions: str = "",
    registry_number: str = "",
    forum: Forum | None = None,
    next_handling_on: date | None = None,
    team: Iterable[Any] = (),
    revisit_on: date | None = None,
    lesson: str = "",
    publish_lesson: bool = False,
    decided_on: date | None = None,
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
    team = list(team) or list(idea.team.all())
    if decision_type in MOVES and next_handling_on is None:
        next_handling_on = default_handling_date(idea)
    problems = _guard(
        idea,
        decision_type,
        forum=forum,
        next_handling_on=next_handling_on,
        hours=hours,
        amount_sek=amount_sek,
        team=team,
        revisit_on=revisit_on,
        rationale=rationale,
        lesson=lesson,
    )
    problems += _organisation_guard(idea, decision_type, forum=forum)
    if decision_type == DecisionType.REGISTER and forum is not None:  # G0 hands it to a forum
        problems += _forum_covers_next_gate(idea, forum, decision_type)
    problems += gates.problems(idea, decision_type, rationale=rationale)
    model = idea.process_model
    if model is not None and model.enforce_gate_evidence:
        problems += gate_gaps(actor, idea, decision_type) or []
    if problems:
        raise DecisionRefused(problems)
    if mandate is None:
        raise MandateRefused([_("Ange vilket mandat i delegationsordningen beslutet fattas med.")])
    request = mandate_request(idea, decision_type, amount_sek=amount_sek, hours=hours)
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
        decision_type,
        mandate,
        amount_sek=amount_sek,
        hours=hours,
        rationale=rationale,
        conditions=conditions,
        registry_number=registry_number,
        forum=forum,
        next_handling_on=next_handling_on,
        team=team,
        revisit_on=revisit_on,
        lesson=lesson,
        publish_lesson=publish_lesson,
        decided_on=decided_on or timezone.localdate(),
        request_key=request_key,
        agenda_item_id=agenda_item_id,
        send_feedback=send_feedback,
    )


def _apply_decision(
    actor: Any, idea: Idea, decision_type: str, mandate: Mandate, **d: Any
) -> Decision:
    from_state = idea.state
    to_state = target_state(decision_type, idea.state, idea.state_before_hold)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                idea=idea,
                decision_type=decision_type,
                mandate=mandate,
                forum=d["forum"] or mandate.holder_forum or idea.forum,
                decided_by=actor,
                decided_on=d["decided_on"],
                amount_sek=d["amount_sek"],
                hours=d["hours"],
                rationale=d["rationale"],
                conditions=d["conditions"],
                registry_number=d["registry_number"],
                from_state=from_state,
                to_state=to_state,
                request_key=d["request_key"],
                agenda_item_id=d["agenda_item_id"],
            )
    except IntegrityError:
        return Decision.objects.get(idea=idea, request_key=d["request_key"])
    if decision_type == DecisionType.ON_HOLD:
        idea.state_before_hold = from_state
        idea.revisit_on = d["revisit_on"]
    if decision_type == DecisionType.ON_HOLD:
        idea.revisit_flagged_on = None
    if decision_type == DecisionType.RESUME:
        idea.state_before_hold, idea.revisit_on = "", None
    if d["forum"] is not None:
        idea.forum = d["forum"]
    if decision_type == DecisionType.GRANT_TIME:
        idea.hours_granted += d["hours"]
        idea.team.set(d["team"])
    idea.amount_granted_sek += d["amount_sek"] if decision_type == DecisionType.GRANT_MONEY else 0
    if decision_type == DecisionType.ARCHIVE:
        idea.archive_reason = d["rationale"]
        Lesson.objects.create(
            organisation_id=idea.organisation_id,
            idea=idea,
            text=d["lesson"],
            is_published=d["publish_lesson"],
            created_by=actor,
        )
    idea.state = to_state
    idea.next_handling_on = d["next_handling_on"] if to_state in ACTIVE_STATES else None
    # Feedback is given now; the next promise is the next handling date.
    idea.feedback_due_on = idea.next_handling_on
    idea.overdue_flagged_on = None
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.DECISION, actor, str(decision))
    audit.record(
        actor,
        "decision.record",
        target=idea,
        data={"decision": decision.pk, "type": decision_type, "mandate": mandate.pk},
    )
    if d["send_feedback"]:
        _send_feedback(actor, idea, feedback_text(decision, idea), decision)
    return decision


@transaction.atomic
def feedback_give(
    *,
    actor: Any,
    idea: Idea,
    body: str,
    next_handling_on: date | None = None,
    decision: Decision | None = None,
    request_key: str = "",
) -> Feedback:
    """Feedback between decisions (e.g. "we will take it up on the 12th"), or the held-back
    feedback on a `decision` (sent when a meeting's minutes are approved).

    A repeat with the same `request_key` (double click, retry) returns the first feedback and
    sends nothing again."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("initiator").get(pk=idea.pk)
    # A decision's held-back feedback (sent with approved minutes) is the delivery of a decision
    # already recorded through the mandate check; other feedback follows the page's rule.
    held_back = (
        decision is not None and decision.idea_id == idea.pk and not hasattr(decision, "feedback")
    )
    require(
        idea.organisation_id == actor.organisation_id
        and (held_back or policy.can_give_feedback(actor, idea))
    )
    given = once.earlier(Feedback, request_key, idea=idea)
    if given is not None:
        return given
    if not body.strip():
        raise ValidationError(_("Skriv en återkoppling."))
    if next_handling_on is not None:
        if next_handling_on < timezone.localdate():
            raise ValidationError(_("Nästa behandling kan inte vara i det förflutna."))
        idea.next_handling_on = next_handling_on
    idea.feedback_due_on = idea.next_handling_on if idea.state in ACTIVE_STATES else None
    idea.overdue_flagged_on = None
    idea.save()
    if decision is not None and (decision.idea_id != idea.pk or hasattr(decision, "feedback")):
        decision = None  # already answered, or not this idea's: send it as loose feedback
    feedback = _send_feedback(actor, idea, body, decision, request_key=request_key[:64])
    audit.record(actor, "feedback.give", target=idea, data={"feedback": feedback.pk})
    return feedback


@transaction.atomic
def feedback_overdue_flag(*, today: date | None = None) -> int:
    """Flag ideas whose feedback is overdue to their responsible managers (once per lapse)."""
    day = today or timezone.localdate()
    ideas = list(
        Idea.objects.select_for_update(of=("self",))
        .filter(state__in=ACTIVE_STATES, feedback_due_on__lt=day, overdue_flagged_on__isnull=True)
        .select_related("organisation")
    )
    for idea in ideas:
        managers = responsible_managers(idea)
        notify(
            actor=None,
            recipients=managers,
            kind="idea.feedback_overdue",
            subject=translated(gettext_noop("Återkoppling försenad: %(title)s"), title=idea.title),
            body=translated(
                gettext_noop("Förslagsställaren skulle ha fått återkoppling senast %(date)s."),
                date=idea.feedback_due_on,
            ),
            url=reverse("ideas:detail", args=[idea.pk]),
        )
        idea.overdue_flagged_on = day
        idea.save(update_fields=["overdue_flagged_on"])
        _event(idea, IdeaEvent.Kind.OVERDUE, None, str(idea.feedback_due_on))
        audit.record(None, "idea.feedback_overdue", target=idea)
    return len(ideas)


@transaction.atomic
def revisit_due_flag(*, today: date | None = None) -> int:
    """Remind the current forum's chair and the responsible managers when an idea on hold
    reaches its date to be taken up again (once per hold)."""
    day = today or timezone.localdate()
    ideas = list(
        Idea.objects.select_for_update(of=("self",))
        .filter(state=IdeaState.ON_HOLD, revisit_on__lte=day, revisit_flagged_on__isnull=True)
        .select_related("forum")
    )
    for idea in ideas:
        chairs = []
        if idea.forum is not None:
            chairs = [
                m.user for m in idea.forum.memberships.filter(role="chair").select_related("user")
            ]
        notify(
            actor=None,
            recipients=[*responsible_managers(idea), *chairs],
            kind="idea.revisit_due",
            subject=translated(
                gettext_noop("Dags att ta upp idén igen: %(title)s"), title=idea.title
            ),
            body=translated(
                gettext_noop("Idén är vilande och skulle tas upp igen %(date)s."),
                date=idea.revisit_on,
            ),
            url=reverse("ideas:detail", args=[idea.pk]),
        )
        idea.revisit_flagged_on = day
        idea.save(update_fields=["revisit_flagged_on"])
        _event(idea, IdeaEvent.Kind.REVISIT, None, str(idea.revisit_on))
        audit.record(None, "idea.revisit_due", target=idea)
    return len(ideas)


# --- Ideas that span organisations: co-owners, forums and statements ------------------------------


def _co_owners(idea: Idea) -> list[Any]:
    return [
        row.co_owner
        for row in IdeaOrganisation.objects.filter(idea=idea).select_related("co_owner")
    ]


def _partner_part(actor: Any, idea: Idea) -> tuple[Idea, OrganisationPart]:
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


def _check_partner_forum(actor: Any, forum: Forum) -> None:
    if not forum_list(actor).filter(pk=forum.pk).exists():
        raise ValidationError(
            _("Välj ett forum i din organisation eller ett gemensamt forum som den deltar i.")
        )


def _tell_owners(actor: Any, idea: Idea, kind: str, subject: Text, body: Text) -> None:
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
    actor: Any,
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
    actor: Any,
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


# --- Participation around an idea --------------------------------------------------------------


@transaction.atomic
def comment_add(*, actor: Any, idea: Idea, body: str, request_key: str = "") -> Comment:
    """A comment on the idea's timeline; a repeat with the same `request_key` (double click,
    retry) returns the first comment and notifies nobody again."""
    if idea.state == IdeaState.DRAFT and idea.initiator_id != actor.pk:
        raise ValidationError(_("Utkast kan inte kommenteras."))
    if not body.strip():
        raise ValidationError(_("Skriv en kommentar."))
    comment, created = once.create_once(
        Comment,
        request_key,
        lambda: Comment.objects.create(
            idea=idea, author=actor, body=body.strip(), request_key=request_key[:64]
        ),
        idea=idea,
    )
    if not created:
        return comment
    _event(idea, IdeaEvent.Kind.COMMENT, actor, comment.body)
    audit.record(actor, "idea.comment", target=idea, data={"comment": comment.pk})
    return comment


@transaction.atomic
def support_toggle(*, actor: Any, idea: Idea, wanted: bool | None = None) -> bool:
    """Support an idea, or take one's support back (always possible once given).

    With `wanted` (what the button showed: support or take back) a repeated press changes
    nothing, so a double click does not undo itself."""
    require(idea.state != IdeaState.DRAFT)
    if wanted is not None and wanted == Support.objects.filter(idea=idea, user=actor).exists():
        return wanted
    deleted, _rows = Support.objects.filter(idea=idea, user=actor).delete()
    if not deleted:
        if not policy.can_support(actor, idea):
            raise ValidationError(_("Du kan inte stödja din egen idé eller en avslutad idé."))
        Support.objects.create(idea=idea, user=actor)
    audit.record(actor, "idea.support" if not deleted else "idea.unsupport", target=idea)
    return not deleted


@transaction.atomic
def follow_toggle(*, actor: Any, idea: Idea, wanted: bool | None = None) -> bool:
    """Follow or stop following; with `wanted` a repeated press changes nothing."""
    if wanted is not None and wanted == Follow.objects.filter(idea=idea, user=actor).exists():
        return wanted
    deleted, _rows = Follow.objects.filter(idea=idea, user=actor).delete()
    if not deleted:
        Follow.objects.create(idea=idea, user=actor)
    audit.record(actor, "idea.follow" if not deleted else "idea.unfollow", target=idea)
    return not deleted


@transaction.atomic
def stage_set(*, actor: Any, idea: Idea, stage: Stage) -> Idea:
    require(policy.can_edit(actor, idea) and idea.state != IdeaState.DRAFT)
    if idea.process_model_id is None or stage.process_model_id != idea.process_model_id:
        raise ValidationError(_("Fasen hör inte till idéns processmodell."))
    refusal = policy.stage_refusal(idea, stage)
    if refusal:
        raise ValidationError(refusal)
    if stage.pk != idea.stage_id:
        idea.stage = stage
        idea.version += 1
        idea.save(update_fields=["stage", "version", "updated_at"])
        _event(idea, IdeaEvent.Kind.STAGE, actor, stage.name)
        audit.record(actor, "idea.stage", target=idea, data={"stage": stage.pk})
    return idea


@transaction.atomic
def attachment_add(*, actor: Any, idea: Idea, upload: Any) -> IdeaAttachment:
    require(policy.can_edit(actor, idea))
    content_type = check_upload(upload)
    attachment = IdeaAttachment(
        idea=idea,
        name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _event(idea, IdeaEvent.Kind.ATTACHMENT, actor, attachment.name)
    audit.record(actor, "idea.attachment", target=idea, data={"name": attachment.name})
    return attachment


@transaction.atomic
def idea_publish(*, actor: Any, idea: Idea, is_published: bool) -> Idea:
    """Show or hide the idea in the organisation's open portfolio (managers and admins)."""
    require(policy.can_publish(actor, idea))
    idea.is_published = is_published
    idea.save(update_fields=["is_published", "updated_at"])
    audit.record(actor, "idea.publish", target=idea, data={"published": is_published})
    return idea


@transaction.atomic
def idea_merge(*, actor: Any, idea: Idea, into: Idea, rationale: str = "") -> Idea:
    """Merge a duplicate into another idea: supporters and followers move, history is kept."""
    require(idea.organisation_id == actor.organisation_id == into.organisation_id)
    require(actor.is_manager or actor.is_org_admin or actor.is_innovation_staff)
    if not policy.can_merge(actor, idea):
        raise ValidationError(_("Idén kan inte slås samman i sin nuvarande status."))
    if idea.pk == into.pk or into.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        raise ValidationError(_("Välj en annan, aktiv idé att slå samman med."))
    if idea.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        raise ValidationError(_("Idén kan inte slås samman i sin nuvarande status."))
    for model in (Support, Follow):
        for row in model.objects.filter(idea=idea):  # type: ignore[attr-defined]
            model.objects.get_or_create(idea=into, user_id=row.user_id)  # type: ignore[attr-defined]
    idea.merged_into = into
    idea.state = IdeaState.ARCHIVED
    idea.archive_reason = rationale or _("Sammanslagen med ”%(title)s”.") % {"title": into.title}
    idea.feedback_due_on = None
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.MERGED, actor, into.title)
    _event(into, IdeaEvent.Kind.MERGED, actor, idea.title)
    audit.record(actor, "idea.merge", target=idea, data={"into": into.pk})
    notify(
        actor=actor,
        recipients=[idea.initiator],
        kind="idea.merged",
        subject=lambda: _("Din idé har slagits samman"),
        body=lambda: (
            _("”%(a)s” behandlas nu tillsammans med ”%(b)s”.") % {"a": idea.title, "b": into.title}
        ),
        url=reverse("ideas:detail", args=[into.pk]),
    )
    return idea


# --- Challenges and process models -------------------------------------------------------------


def is_local_path(url: str) -> bool:
    """A path inside Vardag: starts with one slash, no scheme or host."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def can_manage_challenges(actor: Any) -> bool:
    return actor.is_manager or actor.is_org_admin or actor.is_innovation_staff


@transaction.atomic
def challenge_create(
    *,
    actor: Any,
    question: str,
    owner_unit: Unit,
    driver: str = Challenge.Driver.CHALLENGE,
    description: str = "",
    scope: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    origin_url: str = "",
    origin_label: str = "",
    request_key: str = "",
) -> Challenge:
    """Create a challenge; `origin_url` links back to what prompted it (e.g. a survey result).
    A repeat with the same `request_key` returns the first challenge."""
    require(can_manage_challenges(actor))
    created = once.earlier(Challenge, request_key, organisation_id=actor.organisation_id)
    if created is not None:
        return created
    if origin_url and not is_local_path(origin_url):
        raise ValidationError(_("Underlaget måste vara en adress i Vardag."))
    require(owner_unit.organisation_id == organisation_id(actor))
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
    challenge = Challenge.objects.create(
        organisation_id=actor.organisation_id,
        question=question,
        owner_unit=owner_unit,
        driver=driver,
        description=description,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        origin_url=origin_url,
        origin_label=origin_label[:200],
        created_by=actor,
        request_key=request_key[:64],
    )
    audit.record(actor, "challenge.create", target=challenge, data={"origin": origin_url})
    return challenge


@transaction.atomic
def process_model_install(*, actor: Any, preset: str, make_default: bool = False) -> ProcessModel:
    """Install a preset process model (Helsingborg, SKR) for the actor's organisation."""
    require(actor is None or actor.is_org_admin)
    return _install(organisation_id(actor), preset, make_default, actor)


def process_model_install_for(
    organisation_id_: int, preset: str, make_default: bool
) -> ProcessModel:
    """The same, for setup code (demo data, organisation creation); no actor."""
    with transaction.atomic():
        return _install(organisation_id_, preset, make_default, None)


def _install(org_id: int, preset: str, make_default: bool, actor: Any) -> ProcessModel:
    if preset not in PRESETS:
        raise ValidationError(_("Okänd förlaga."))
    name, description, stages = PRESETS[preset]
    if make_default:
        ProcessModel.objects.filter(organisation_id=org_id, is_default=True).update(
            is_default=False
        )
    model = ProcessModel.objects.create(
        organisation_id=org_id,
        name=name,
        description=description,
        preset=preset,
        is_default=make_default,
    )
    Stage.objects.bulk_create(
        Stage(
            process_model=model,
            order=i,
            name=stage_name,
            description=text,
            guiding_questions="\n".join(questions),
            exit_criteria="\n".join(criteria),
            exit_gate=EXIT_GATES.get(preset, {}).get(stage_name, ""),
        )
        for i, (stage_name, text, questions, criteria) in enumerate(stages, start=1)
    )
    audit.record(actor, "process_model.install", target=model, data={"preset": preset})
    return model


@transaction.atomic
def process_model_set_evidence(*, actor: Any, model: ProcessModel, enforce: bool) -> ProcessModel:
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    model.enforce_gate_evidence = enforce
    model.save(update_fields=["enforce_gate_evidence"])
    audit.record(actor, "process_model.evidence", target=model, data={"enforce": enforce})
    return model


@transaction.atomic
def process_model_make_default(*, actor: Any, model: ProcessModel) -> ProcessModel:
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    ProcessModel.objects.filter(organisation_id=model.organisation_id, is_default=True).update(
        is_default=False
    )
    model.is_default = True
    model.save(update_fields=["is_default"])
    audit.record(actor, "process_model.default", target=model)
    return model


STAGE_FIELDS = ("name", "description", "guiding_questions", "exit_criteria", "exit_gate")


@transaction.atomic
def stage_update(*, actor: Any, stage: Stage, **fields: Any) -> Stage:
    """Organisation admins adapt a stage's texts (questions and exit criteria, one per line)."""
    require(actor.is_org_admin and stage.process_model.organisation_id == actor.organisation_id)
    for name in STAGE_FIELDS:
        if name in fields:
            setattr(stage, name, fields[name])
    stage.save()
    audit.record(actor, "stage.update", target=stage, data={"fields": sorted(fields)})
    return stage


@transaction.atomic
def stage_add(*, actor: Any, model: ProcessModel, **fields: Any) -> Stage:
    """Add a stage at the end of a process model."""
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    last = model.stages.order_by("-order").values_list("order", flat=True).first() or 0
    stage = Stage.objects.create(
        process_model=model, order=last + 1, **{k: fields.get(k, "") for k in STAGE_FIELDS}
    )
    audit.record(actor, "stage.add", target=stage)
    return stage
