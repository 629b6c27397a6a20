"""Writes of pilots, goals, measurements, evaluations, implementation, reviews, adoptions and
lesson records. Keyword-only, actor first, atomic, each with audit.record().

Decisions themselves stay in vardag.ideas (decision_record, with the mandate check); a review's
outcome placed on an agenda is decided through vardag.meetings' meeting mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vardag.core import audit, identity, once
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.tables import read_table
from vardag.forums.models import DecisionType
from vardag.ideas import lessons as idea_lessons
from vardag.ideas import services as idea_services
from vardag.ideas.models import Decision, Idea, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.meetings.services import agenda as agenda_services
from vardag.meetings.services import minutes as minutes_services
from vardag.notifications.services import notify, translated
from vardag.participation.models import Insight, SubjectType, UserGroup, ValueAssessment
from vardag.pilots import imports, selectors
from vardag.pilots.models import (
    Adoption,
    AdoptionResult,
    DecisionReview,
    Effect,
    Evaluation,
    Factor,
    FollowUpValue,
    ImpactGoal,
    ImplementationPlan,
    Iteration,
    LessonRecord,
    Measurement,
    Participant,
    Partner,
    Pilot,
    ReceivingUnit,
    Recommendation,
    StartedBy,
)

AGENDA2030 = re.compile(r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-c])$")
MAX_IMPORT_ROWS = 5000


# --- Pilot plan --------------------------------------------------------------------------------


def _check_plan_fields(actor: Actor, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    group: UserGroup | None = fields.get("test_group")
    if group is None or group.organisation_id != organisation_id(actor):
        errors["test_group"] = _("Välj testgruppen bland organisationens målgrupper.")
    if not fields.get("test_group_size"):
        errors["test_group_size"] = _("Ange hur många som ingår i testgruppen.")
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("Piloten kan inte sluta innan den börjar.")
    for name in ("hypothesis", "smallest_solution"):
        if not str(fields.get(name, "")).strip():
            errors[name] = _("Fyll i det här.")
    if errors:
        raise ValidationError(errors)


PLAN_FIELDS = (
    "hypothesis",
    "smallest_solution",
    "test_group",
    "test_group_size",
    "starts_on",
    "ends_on",
    "risks",
)


@transaction.atomic
def pilot_plan(*, actor: Actor, idea: Idea, request_key: str = "", **fields: Any) -> Pilot:
    """Plan a pilot from the idea's G2 decision; budget and hours come from the decisions.

    A repeat with the same `request_key` (double click, retry) returns the planned pilot."""
    idea = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    planned = once.earlier(Pilot, request_key, idea=idea, created_by=actor)
    if planned is not None:
        return planned
    require(selectors.can_plan_pilot(actor, idea))
    _check_plan_fields(actor, fields)
    decision = selectors.g2_decision(idea)
    assert decision is not None  # can_plan_pilot checked it
    pilot = Pilot.objects.create(
        organisation_id=idea.organisation_id,
        idea=idea,
        decision=decision,
        budget_sek=idea.amount_granted_sek,
        hours_granted=idea.hours_granted,
        created_by=actor,
        request_key=request_key[:64],
        **{k: v for k, v in fields.items() if k in PLAN_FIELDS},
    )
    audit.record(actor, "pilot.plan", target=pilot, data={"idea": idea.pk, "g2": decision.pk})
    return pilot


@transaction.atomic
def pilot_update(*, actor: Actor, pilot: Pilot, **fields: Any) -> Pilot:
    require(selectors.can_manage_pilot(actor, pilot))
    _check_plan_fields(actor, fields)
    changed = [k for k in PLAN_FIELDS if k in fields and getattr(pilot, k) != fields[k]]
    for name in changed:
        setattr(pilot, name, fields[name])
    pilot.save()
    audit.record(actor, "pilot.update", target=pilot, data={"fields": changed})
    return pilot


@transaction.atomic
def partner_add(*, actor: Actor, pilot: Pilot, kind: str, name: str, role: str = "") -> Partner:
    require(selectors.can_manage_pilot(actor, pilot))
    if kind not in Partner.Kind.values:
        raise ValidationError({"kind": _("Välj vilket slags partner det är.")})
    if not name.strip():
        raise ValidationError({"name": _("Skriv partnerns namn.")})
    partner = Partner.objects.create(pilot=pilot, kind=kind, name=name.strip(), role=role.strip())
    audit.record(actor, "pilot.partner_add", target=pilot, data={"partner": partner.pk})
    return partner


@transaction.atomic
def iteration_add(
    *, actor: Actor, pilot: Pilot, starts_on: date, what_changed: str, why: str
) -> Iteration:
    pilot = Pilot.objects.select_for_update().select_related("idea").get(pk=pilot.pk)
    require(selectors.can_manage_pilot(actor, pilot))
    if not what_changed.strip() or not why.strip():
        raise ValidationError(_("Skriv vad som ändrades och varför."))
    number = (
        pilot.iterations.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    iteration = Iteration.objects.create(
        pilot=pilot,
        number=number,
        starts_on=starts_on,
        what_changed=what_changed.strip(),
        why=why.strip(),
        created_by=actor,
    )
    audit.record(actor, "pilot.iteration_add", target=pilot, data={"number": number})
    return iteration


# --- Impact goals and measurements -------------------------------------------------------------

GOAL_FIELDS = (
    "level",
    "indicator",
    "unit",
    "direction",
    "baseline",
    "baseline_on",
    "target",
    "starts_on",
    "ends_on",
    "data_source",
    "organisation_goal",
    "agenda2030_target",
    "measurable_from",
)


def _check_goal(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("Tidsramen kan inte sluta innan den börjar.")
    later = fields.get("measurable_from")
    measurable_now = later is None or later <= timezone.localdate()
    if measurable_now and fields.get("baseline") is None:
        errors["baseline"] = _(
            "Ange utgångsvärdet, eller när målet går att mäta om det inte går än."
        )
    if fields.get("target") is None:
        errors["target"] = _("Ange målvärdet.")
    code = str(fields.get("agenda2030_target") or "").strip()
    if code and not AGENDA2030.match(code):
        errors["agenda2030_target"] = _("Skriv delmålet som i Agenda 2030, t.ex. 4.1 eller 16.2.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_add(*, actor: Actor, pilot: Pilot, **fields: Any) -> ImpactGoal:
    require(selectors.can_manage_pilot(actor, pilot))
    _check_goal(fields)
    goal = ImpactGoal.objects.create(
        pilot=pilot, **{k: v for k, v in fields.items() if k in GOAL_FIELDS}
    )
    audit.record(actor, "pilot.goal_add", target=goal, data={"pilot": pilot.pk})
    return goal


def _date_problem(goal: ImpactGoal, day: date) -> str:
    if day < goal.starts_on or day > goal.ends_on:
        return _("%(date)s ligger utanför målets tidsram (%(start)s–%(end)s).") % {
            "date": day,
            "start": goal.starts_on,
            "end": goal.ends_on,
        }
    if goal.measurable_from is not None and day < goal.measurable_from:
        return _("Målet går att mäta först från %(date)s.") % {"date": goal.measurable_from}
    return ""


@transaction.atomic
def measurement_add(
    *,
    actor: Actor,
    goal: ImpactGoal,
    measured_on: date,
    value: Decimal,
    note: str = "",
    request_key: str = "",
) -> Measurement:
    """One value of an impact goal; a repeat with the same `request_key` returns the first."""
    goal = ImpactGoal.objects.select_for_update().select_related("pilot__idea").get(pk=goal.pk)
    measured = once.earlier(Measurement, request_key, goal=goal, created_by=actor)
    if measured is not None:
        return measured
    require(selectors.can_manage_pilot(actor, goal.pilot))
    problem = _date_problem(goal, measured_on)
    if problem:
        raise ValidationError({"measured_on": problem})
    if goal.measurements.filter(measured_on=measured_on).exists():
        raise ValidationError({"measured_on": _("Det finns redan ett värde för den dagen.")})
    row = Measurement.objects.create(
        goal=goal,
        measured_on=measured_on,
        value=value,
        note=note.strip(),
        created_by=actor,
        request_key=request_key[:64],
    )
    audit.record(actor, "pilot.measurement_add", target=goal, data={"measurement": row.pk})
    return row


@transaction.atomic
def measurements_import(*, actor: Actor, goal: ImpactGoal, data: bytes, filename: str) -> int:
    """Import a CSV/XLSX file of measurements: all rows or none. Each bad row is reported by its
    row number in the file (ValidationError with one message per problem)."""
    goal = ImpactGoal.objects.select_for_update().select_related("pilot__idea").get(pk=goal.pk)
    require(selectors.can_manage_pilot(actor, goal.pilot))
    table = read_table(data, filename, max_rows=MAX_IMPORT_ROWS, max_columns=20)
    rows, problems = imports.read_rows(table)
    existing = set(goal.measurements.values_list("measured_on", flat=True))
    seen: dict[date, int] = {}
    for row in rows:
        problem = _date_problem(goal, row.measured_on)
        if problem:
            problems.append(_("Rad %(line)s: %(problem)s") % {"line": row.line, "problem": problem})
        elif row.measured_on in existing:
            problems.append(
                _("Rad %(line)s: det finns redan ett värde för %(date)s.")
                % {"line": row.line, "date": row.measured_on}
            )
        elif row.measured_on in seen:
            problems.append(
                _("Rad %(line)s: %(date)s finns redan på rad %(other)s.")
                % {"line": row.line, "date": row.measured_on, "other": seen[row.measured_on]}
            )
        seen.setdefault(row.measured_on, row.line)
    if not rows and not problems:
        problems.append(_("Filen har inga rader med mätvärden."))
    if problems:
        raise ValidationError(problems)
    Measurement.objects.bulk_create(
        identity.guard_rows(  # bulk_create skips pre_save: the file's notes redacted here
            Measurement(
                goal=goal,
                measured_on=row.measured_on,
                value=row.value,
                note=row.note,
                source=Measurement.Source.IMPORT,
                file_name=filename[:200],
                created_by=actor,
            )
            for row in rows
        )
    )
    audit.record(
        actor, "pilot.measurements_import", target=goal, data={"rows": len(rows), "file": filename}
    )
    return len(rows)


# --- Evaluation --------------------------------------------------------------------------------


def _check_evaluation(pilot: Pilot, d: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if d["period_ends_on"] < d["period_starts_on"]:
        errors["period_ends_on"] = _("Perioden kan inte sluta innan den börjar.")
    assessment: ValueAssessment | None = d.get("value_assessment")
    if assessment is None:
        errors["value_assessment"] = _("Välj idéns värdebedömning.")
    elif (
        assessment.organisation_id != pilot.organisation_id
        or assessment.subject_type != SubjectType.IDEA
        or assessment.subject_id != pilot.idea_id
    ):
        errors["value_assessment"] = _("Välj en värdebedömning av just den här idén.")
    elif timezone.localtime(assessment.updated_at).date() < pilot.starts_on:
        errors["value_assessment"] = _(
            "Värdebedömningen är från tiden före piloten. Uppdatera den med vad piloten visat, "
            "även risker för att värde går förlorat."
        )
    if d["recommendation"] not in Recommendation.values:
        errors["recommendation"] = _("Välj en rekommendation.")
    if d["recommendation"] == Recommendation.STOP and not d.get("lesson", "").strip():
        errors["lesson"] = _("Den som avslutar en pilot skriver vad ni har lärt er (lärdom).")
    for name in ("findings", "users_said", "rationale"):
        if not str(d.get(name, "")).strip():
            errors[name] = _("Fyll i det här.")
    return errors


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor,
    pilot: Pilot,
    insights: Iterable[Insight] = (),
    lesson: str = "",
    publish_lesson: bool = False,
    request_key: str = "",
    **d: Any,
) -> Evaluation:
    """An evaluation of the pilot so far; a repeat with the same `request_key` returns the
    first (and records no second lesson)."""
    pilot = Pilot.objects.select_for_update().select_related("idea").get(pk=pilot.pk)
    evaluated = once.earlier(Evaluation, request_key, pilot=pilot, created_by=actor)
    if evaluated is not None:
        return evaluated
    require(selectors.can_manage_pilot(actor, pilot))
    insights = list(insights)
    errors = _check_evaluation(pilot, {**d, "lesson": lesson})
    if any(i.organisation_id != pilot.organisation_id for i in insights):
        errors["insights"] = _("Välj insikter från den egna organisationen.")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        pilot=pilot, created_by=actor, request_key=request_key[:64], **d
    )
    evaluation.insights.set(insights)
    if d["recommendation"] == Recommendation.STOP:
        evaluation.lesson = idea_lessons.lesson_add(
            actor=actor, idea=pilot.idea, text=lesson, is_published=publish_lesson
        )
        evaluation.save(update_fields=["lesson"])
    audit.record(
        actor,
        "pilot.evaluation_record",
        target=pilot,
        data={"evaluation": evaluation.pk, "recommendation": d["recommendation"]},
    )
    return evaluation


# --- Implementation plan, takeover, follow-up --------------------------------------------------


def _check_receiving(
    actor: Actor, receiving: list[tuple[Unit, Any]], follow_up_on: date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    units = [unit for unit, _owner in receiving]
    if not receiving:
        errors["receiving"] = _("Ange minst en mottagande enhet med linjeägare.")
    elif len({u.pk for u in units}) != len(units):
        errors["receiving"] = _("Samma enhet finns två gånger.")
    for unit, owner in receiving:
        if unit.organisation_id != organisation_id(actor):
            errors["receiving"] = _("Mottagande enheter finns i den egna organisationen.")
        elif owner is None or not selectors.is_manager_of(owner.pk, unit.pk):
            errors["receiving"] = _(
                "%(person)s är inte chef i %(unit)s. Linjeägaren ska vara chef i den "
                "mottagande enheten."
            ) % {"person": owner or "–", "unit": unit}
    if follow_up_on is None or follow_up_on <= timezone.localdate():
        errors["follow_up_on"] = _("Välj ett kommande datum för uppföljningen.")
    return errors


@transaction.atomic
def plan_save(
    *,
    actor: Actor,
    pilot: Pilot,
    receiving: list[tuple[Unit, Any]],
    budget_source: str,
    routines: str,
    training: str,
    follow_up_on: date,
    annual_cost_sek: int = 0,
    budget_notes: str = "",
) -> ImplementationPlan:
    """Create or update the implementation plan G3 needs. Units already taken over stay."""
    pilot = Pilot.objects.select_for_update().select_related("idea").get(pk=pilot.pk)
    require(selectors.can_manage_pilot(actor, pilot))
    plan = ImplementationPlan.objects.filter(pilot=pilot).first()
    errors = _check_receiving(actor, receiving, follow_up_on)
    if plan is not None and plan.followed_up_on is not None:
        errors["follow_up_on"] = _("Införandet är redan uppföljt; planen kan inte ändras.")
    if not routines.strip():
        errors["routines"] = _("Skriv vilka rutiner och dokument som ändras.")
    if not training.strip():
        errors["training"] = _("Skriv vilken utbildning som behövs.")
    if errors:
        raise ValidationError(errors)
    values = {
        "budget_source": budget_source,
        "routines": routines.strip(),
        "training": training.strip(),
        "follow_up_on": follow_up_on,
        "annual_cost_sek": annual_cost_sek,
        "budget_notes": budget_notes.strip(),
    }
    if plan is None:
        plan = ImplementationPlan.objects.create(pilot=pilot, created_by=actor, **values)
    else:
        for name, value in values.items():
            setattr(plan, name, value)
        plan.reminded_on = None if plan.follow_up_on != follow_up_on else plan.reminded_on
        plan.save()
    wanted = {unit.pk: owner for unit, owner in receiving}
    for row in plan.receiving_units.all():
        if row.unit_id not in wanted and row.taken_over_on is None:
            row.delete()
        elif row.unit_id in wanted and row.taken_over_on is None:
            row.line_owner = wanted[row.unit_id]
            row.save(update_fields=["line_owner"])
    have = set(plan.receiving_units.values_list("unit_id", flat=True))
    for unit, owner in receiving:
        if unit.pk not in have:
            ReceivingUnit.objects.create(plan=plan, unit=unit, line_owner=owner)
            notify(
                actor=actor,
                recipients=[owner],
                kind="pilots.line_owner",
                subject=lambda: _("Du är linjeägare för ”%(title)s”") % {"title": pilot.idea.title},
                body=translated(
                    gettext_noop(
                        "%(unit)s ska ta emot ”%(title)s” i den ordinarie verksamheten. "
                        "Uppföljning %(date)s."
                    ),
                    unit=unit,
                    title=pilot.idea.title,
                    date=follow_up_on,
                ),
                url=reverse("pilots:taken_on"),
            )
    audit.record(actor, "pilot.plan_save", target=pilot, data={"plan": plan.pk})
    return plan


@transaction.atomic
def takeover_record(*, actor: Actor, receiving: ReceivingUnit, note: str = "") -> ReceivingUnit:
    receiving = (
        ReceivingUnit.objects.select_for_update(of=("self",))
        .select_related("plan__pilot__idea", "unit")
        .get(pk=receiving.pk)
    )
    if receiving.taken_over_on is not None:
        raise ValidationError(_("Enheten har redan tagit över."))
    require(selectors.can_take_over(actor, receiving))
    receiving.taken_over_on = timezone.localdate()
    receiving.taken_over_by = actor
    receiving.takeover_note = note.strip()
    receiving.save()
    audit.record(actor, "pilot.takeover", target=receiving, data={"unit": receiving.unit_id})
    return receiving


@transaction.atomic
def follow_up_record(
    *, actor: Actor, plan: ImplementationPlan, summary: str, values: dict[int, Decimal]
) -> ImplementationPlan:
    """Record the outcome against the impact goals at the follow-up."""
    plan = (
        ImplementationPlan.objects.select_for_update(of=("self",))
        .select_related("pilot__idea")
        .get(pk=plan.pk)
    )
    require(selectors.can_follow_up(actor, plan))
    errors: dict[str, str] = {}
    if not summary.strip():
        errors["summary"] = _("Skriv vad uppföljningen visar.")
    goals = [g for g in plan.pilot.goals.all() if g.is_measurable_now]
    missing = [g.indicator for g in goals if values.get(g.pk) is None]
    if missing:
        errors["summary"] = _("Ange utfallet för varje effektmål: %(goals)s.") % {
            "goals": ", ".join(missing)
        }
    if errors:
        raise ValidationError(errors)
    for goal in goals:
        FollowUpValue.objects.create(plan=plan, goal=goal, value=values[goal.pk])
    plan.followed_up_on = timezone.localdate()
    plan.follow_up_summary = summary.strip()
    plan.followed_up_by = actor
    plan.save()
    audit.record(actor, "pilot.follow_up", target=plan.pilot, data={"plan": plan.pk})
    return plan


@transaction.atomic
def follow_up_remind(*, today: date | None = None) -> int:
    """Remind line owners (and the idea's initiator) before a follow-up is due, once."""
    day = today or timezone.localdate()
    plans = list(selectors.follow_ups_to_remind(day).select_for_update(of=("self",)))
    for plan in plans:
        owners = [r.line_owner for r in plan.receiving_units.select_related("line_owner")]
        notify(
            actor=None,
            recipients=[*owners, plan.pilot.idea.initiator],
            kind="pilots.follow_up_due",
            subject=translated(
                gettext_noop("Uppföljning snart: %(title)s"), title=plan.pilot.idea.title
            ),
            body=translated(
                gettext_noop(
                    "Införandet av ”%(title)s” ska följas upp %(date)s: utfallet mot effektmålen "
                    "och om de mottagande enheterna har tagit över."
                ),
                title=plan.pilot.idea.title,
                date=plan.follow_up_on,
            ),
            url=reverse("pilots:detail", args=[plan.pilot_id]),
        )
        plan.reminded_on = day
        plan.save(update_fields=["reminded_on"])
        audit.record(None, "pilot.follow_up_reminded", target=plan.pilot, data={"plan": plan.pk})
    return len(plans)


# --- Review dates ------------------------------------------------------------------------------


@transaction.atomic
def review_set(
    *, actor: Actor, decision: Decision, review_on: date, reason: str, note: str = ""
) -> DecisionReview:
    """Give a decision a date when its forum looks at it again; placed on the forum's agenda in
    time (now if a meeting is planned within the coming weeks, else by the daily run)."""
    require(selectors.can_set_review(actor, decision))
    if review_on <= timezone.localdate():
        raise ValidationError({"review_on": _("Välj ett kommande datum för omprövningen.")})
    if reason not in DecisionReview.Reason.values:
        raise ValidationError({"reason": _("Välj vad som ska omprövas.")})
    if DecisionReview.objects.filter(decision=decision, outcome__isnull=True).exists():
        raise ValidationError(_("Beslutet har redan ett datum för omprövning."))
    assert decision.forum_id is not None  # can_set_review checked it
    review = DecisionReview.objects.create(
        organisation_id=decision.idea.organisation_id,
        decision=decision,
        forum_id=decision.forum_id,
        review_on=review_on,
        reason=reason,
        note=note.strip(),
        created_by=actor,
    )
    audit.record(actor, "decision.review_set", target=decision.idea, data={"review": review.pk})
    review_place(review=review)
    return review


def _review_title(review: DecisionReview) -> str:
    return _("Omprövning: %(title)s") % {"title": review.decision.idea.title}


def _review_description(review: DecisionReview) -> str:
    lines = [
        _("Beslutet ”%(decision)s” (%(date)s) ska omprövas %(review)s: %(reason)s.")
        % {
            "decision": review.decision.get_decision_type_display(),
            "date": review.decision.decided_on,
            "review": review.review_on,
            "reason": review.get_reason_display(),
        }
    ]
    if review.note:
        lines.append(review.note)
    return "\n".join(lines)


@transaction.atomic
def review_place(*, review: DecisionReview, today: date | None = None) -> bool:
    """Put the review on its forum's agenda (a system step, no actor). True when placed."""
    day = today or timezone.localdate()
    if review.outcome_id is not None:
        return False
    if (review.review_on - day).days > selectors.PLACE_DAYS_AHEAD:
        return False
    meeting = selectors.meeting_for_review(review, day)
    if meeting is None:
        return False
    item = agenda_services.item_place(
        meeting=meeting,
        title=_review_title(review),
        description=_review_description(review),
        idea=review.decision.idea,
    )
    if item is None:
        return False
    review.meeting_id, review.agenda_item_id = meeting.pk, item.pk
    review.save(update_fields=["meeting_id", "agenda_item_id"])
    audit.record(
        None, "decision.review_placed", target=review.decision.idea, data={"item": item.pk}
    )
    return True


def _close_review(review: DecisionReview, outcome: Decision) -> None:
    review.outcome = outcome
    review.reviewed_on = outcome.decided_on
    review.save(update_fields=["outcome", "reviewed_on"])


@transaction.atomic
def reviews_schedule(*, today: date | None = None) -> tuple[int, int, int]:
    """The daily run: a follow-up review for each G3 decision with a plan, outcomes decided in
    meeting mode linked to their reviews, and due reviews placed on agendas.
    Returns (created, closed, placed)."""
    day = today or timezone.localdate()
    created = 0
    for plan in ImplementationPlan.objects.filter(followed_up_on__isnull=True).select_related(
        "pilot__idea"
    ):
        g3 = (
            Decision.objects.filter(idea=plan.pilot.idea, decision_type=DecisionType.SCALE_UP)
            .exclude(forum__isnull=True)
            .order_by("-id")
            .first()
        )
        if g3 is None or g3.forum_id is None or DecisionReview.objects.filter(decision=g3):
            continue
        DecisionReview.objects.create(
            organisation_id=plan.pilot.organisation_id,
            decision=g3,
            forum_id=g3.forum_id,
            review_on=plan.follow_up_on,
            reason=DecisionReview.Reason.FOLLOW_UP,
        )
        created += 1
    closed = 0
    for review, decision in selectors.reviews_decided_in_meetings():
        _close_review(review, decision)
        closed += 1
    placed = sum(review_place(review=r, today=day) for r in selectors.reviews_to_place(day))
    if created or closed or placed:
        audit.record(
            None,
            "decision.reviews_schedule",
            data={"created": created, "closed": closed, "placed": placed},
        )
    return created, closed, placed


def review_outcome_for(review: DecisionReview, request_key: str) -> Decision | None:
    """The review's outcome if the request with this one-time key decided it."""
    if not request_key or review.outcome_id is None:
        return None
    return Decision.objects.filter(pk=review.outcome_id, request_key=request_key[:64]).first()


@transaction.atomic
def review_decide(
    *,
    actor: Actor,
    review: DecisionReview,
    decision: DecisionInput,
    request_key: str = "",
) -> Decision:
    """Record the review's outcome as a decision of its own: in the meeting where the review is
    placed (meeting mode, feedback with the approved minutes), else directly."""
    review = DecisionReview.objects.select_for_update().get(pk=review.pk)
    repeat = review_outcome_for(review, request_key)
    if repeat is not None:
        return repeat  # the same form sent twice: the review is decided already
    if review.outcome_id is not None:
        raise ValidationError(_("Omprövningen är redan gjord."))
    require(selectors.can_record_review(actor, review))
    item = selectors.open_review_item(review)
    if item is not None:
        outcome = minutes_services.meeting_decision_record(
            actor=actor, item=item, decision=decision, request_key=request_key
        )
    else:
        outcome = idea_services.decision_record(
            actor=actor, idea=review.decision.idea, decision=decision, request_key=request_key
        )
    _close_review(review, outcome)
    audit.record(actor, "decision.review_decide", target=outcome.idea, data={"review": review.pk})
    return outcome


# --- Adoption ----------------------------------------------------------------------------------


def _material(pilot: Pilot) -> dict[str, Any]:
    plan = selectors.plan_of(pilot)
    return {
        "title": pilot.idea.title,
        "summary": pilot.idea.summary,
        "hypothesis": pilot.hypothesis,
        "smallest_solution": pilot.smallest_solution,
        "routines": plan.routines if plan else "",
        "training": plan.training if plan else "",
        "goals": [
            {
                "id": g.pk,
                "level": g.level,
                "indicator": g.indicator,
                "unit": g.unit,
                "direction": g.direction,
                "target": str(g.target) if g.target is not None else None,
            }
            for g in pilot.goals.all()
        ],
    }


@transaction.atomic
def adoption_create(
    *,
    actor: Actor,
    origin: Pilot,
    unit: Unit,
    line_owner: Any,
    started_on: date,
    adaptation: str,
) -> Adoption:
    """Another unit (or organisation under an agreement) adopts an implemented innovation; the
    origin's material is copied so the adoption keeps it even if the origin changes."""
    origin = Pilot.objects.select_related("idea").get(pk=origin.pk)
    require(selectors.can_adopt(actor, origin))
    errors: dict[str, str] = {}
    if unit.organisation_id != organisation_id(actor):
        errors["unit"] = _("Välj en enhet i den egna organisationen.")
    elif Adoption.objects.filter(origin=origin, unit=unit).exists():
        errors["unit"] = _("Enheten har redan infört den här innovationen.")
    elif ReceivingUnit.objects.filter(plan__pilot=origin, unit=unit).exists():
        errors["unit"] = _("Enheten tog emot innovationen när den infördes.")
    if line_owner is None or not selectors.is_manager_of(line_owner.pk, unit.pk):
        errors["line_owner"] = _("Linjeägaren ska vara chef i enheten som inför.")
    if not adaptation.strip():
        errors["adaptation"] = _("Beskriv er egen anpassning.")
    if errors:
        raise ValidationError(errors)
    adoption = Adoption.objects.create(
        organisation_id=organisation_id(actor),
        origin=origin,
        unit=unit,
        line_owner=line_owner,
        started_on=started_on,
        adaptation=adaptation.strip(),
        material=_material(origin),
        created_by=actor,
    )
    notify(
        actor=actor,
        recipients=[origin.idea.initiator],
        kind="pilots.adopted",
        subject=lambda: (
            _("”%(title)s” sprids till %(unit)s") % {"title": origin.idea.title, "unit": unit}
        ),
        body=adaptation.strip(),
        url=reverse("pilots:adoption", args=[adoption.pk]),
    )
    audit.record(actor, "pilot.adoption_create", target=adoption, data={"origin": origin.pk})
    return adoption


@transaction.atomic
def adoption_result_add(
    *,
    actor: Actor,
    adoption: Adoption,
    goal: ImpactGoal,
    measured_on: date,
    value: Decimal,
    results: str = "",
) -> AdoptionResult:
    """The adopting unit's own figure for one of the origin's impact goals."""
    require(selectors.can_report_adoption(actor, adoption))
    if goal.pilot_id != adoption.origin_id:
        raise ValidationError({"goal": _("Välj ett av ursprungets effektmål.")})
    if measured_on < adoption.started_on:
        raise ValidationError({"measured_on": _("Resultatet kan inte vara från före starten.")})
    if AdoptionResult.objects.filter(adoption=adoption, goal=goal, measured_on=measured_on):
        raise ValidationError({"measured_on": _("Det finns redan ett värde för den dagen.")})
    row = AdoptionResult.objects.create(
        adoption=adoption, goal=goal, measured_on=measured_on, value=value, created_by=actor
    )
    if results.strip():
        adoption.results = results.strip()
        adoption.save(update_fields=["results", "updated_at"])
    audit.record(actor, "pilot.adoption_result", target=adoption, data={"result": row.pk})
    return row


# --- Lesson records ----------------------------------------------------------------------------


def _codes(values: Iterable[str], choices: Any, field: str) -> list[str]:
    codes = list(dict.fromkeys(values))
    if any(c not in choices.values for c in codes):
        raise ValidationError({field: _("Välj bland alternativen.")})
    return codes


@transaction.atomic
def lesson_record(
    *,
    actor: Actor,
    idea: Idea,
    text: str,
    started_by: str,
    participants: Iterable[str] = (),
    helped: Iterable[str] = (),
    hindered: Iterable[str] = (),
    effects: Iterable[str] = (),
    helped_text: str = "",
    hindered_text: str = "",
    effects_text: str = "",
    is_published: bool = False,
) -> LessonRecord:
    """The structured "what we learn" record when an idea is implemented or stopped; its text
    goes into the lessons library (and the open portfolio when published)."""
    idea = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    require(selectors.can_record_lesson(actor, idea))
    if started_by not in StartedBy.values:
        raise ValidationError({"started_by": _("Välj vem som tog initiativet.")})
    record_values = {
        "participants": _codes(participants, Participant, "participants"),
        "helped": _codes(helped, Factor, "helped"),
        "hindered": _codes(hindered, Factor, "hindered"),
        "effects": _codes(effects, Effect, "effects"),
    }
    lesson = idea_lessons.lesson_add(actor=actor, idea=idea, text=text, is_published=is_published)
    outcome = (
        LessonRecord.Outcome.IMPLEMENTED
        if idea.state == IdeaState.IMPLEMENTED
        else LessonRecord.Outcome.STOPPED
    )
    record = LessonRecord.objects.create(
        organisation_id=idea.organisation_id,
        idea=idea,
        lesson=lesson,
        outcome=outcome,
        started_by=started_by,
        helped_text=helped_text.strip(),
        hindered_text=hindered_text.strip(),
        effects_text=effects_text.strip(),
        created_by=actor,
        **record_values,
    )
    audit.record(actor, "lesson.record", target=lesson, data={"record": record.pk})
    return record
