"""Writes of the participation app: one function per change, atomic and audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import actors, audit, once, search
from vardag.core.access import organisation_id, require
from vardag.core.privacy import SWEDISH_FIRST_NAMES, redact
from vardag.core.roles import INNOVATION_ROLES, MANAGER_ROLES, Role
from vardag.participation import selectors
from vardag.participation.models import (
    Activity,
    Actor,
    ActorMap,
    AgeBand,
    ConsentRule,
    Contribution,
    Insight,
    Journey,
    JourneyStep,
    LegalReference,
    ParticipantCount,
    Persona,
    PersonaQuote,
    SubjectLink,
    UserGroup,
    ValueAssessment,
    ValueRisk,
)
from vardag.participation.selectors import code_digest, subject_label

EDITOR_ROLES = frozenset({*INNOVATION_ROLES, *MANAGER_ROLES, Role.RESEARCHER, Role.ADMIN})
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def can_edit(actor: actors.Actor) -> bool:
    """Innovation staff, managers, researchers and admins work with the user perspective."""
    return actor.has_role(*EDITOR_ROLES)


def _require_editor(actor: actors.Actor) -> int:
    org = organisation_id(actor)
    require(can_edit(actor))
    return org


def _same_org(org: int, objs: Any) -> None:
    for obj in objs:
        if getattr(obj, "organisation_id", org) not in (org, None):
            raise ValidationError(_("Ett valt värde hör till en annan organisation."))


def clean_free_text(text: str) -> tuple[str, int]:
    """Free text from participants loses identity numbers, contacts and names before saving."""
    result = redact(text or "", first_names=SWEDISH_FIRST_NAMES)
    return result.text.strip(), result.total


# --- Legal references -------------------------------------------------------------------------


@transaction.atomic
def legal_reference_create(
    *, actor: actors.Actor, code: str, title: str, citation: str = "", url: str = ""
) -> LegalReference:
    require(actor.is_org_admin or actor.has_role(*INNOVATION_ROLES))
    ref = LegalReference.objects.create(
        organisation_id=organisation_id(actor), code=code, title=title, citation=citation, url=url
    )
    audit.record(actor, "legal_reference.created", target=ref)
    return ref


@transaction.atomic
def legal_reference_update(
    *, actor: actors.Actor, reference: LegalReference, **fields: Any
) -> LegalReference:
    """Edit one of the organisation's own references (the national catalogue is shared)."""
    require(actor.is_org_admin or actor.has_role(*INNOVATION_ROLES))
    require(reference.organisation_id == organisation_id(actor))
    for name, value in fields.items():
        setattr(reference, name, value)
    reference.full_clean()
    reference.save()
    audit.record(
        actor, "legal_reference.updated", target=reference, data={"fields": sorted(fields)}
    )
    return reference


# --- User groups, personas, journeys ----------------------------------------------------------


def _group_index(group: UserGroup) -> None:
    group.search_text = search.index_text([group.name, group.description])


@transaction.atomic
def user_group_create(*, actor: actors.Actor, legal_frames: Any = (), **fields: Any) -> UserGroup:
    org = _require_editor(actor)
    _same_org(org, [fields["owner_unit"], *legal_frames])
    group = UserGroup(organisation_id=org, created_by=actor, **fields)
    _group_index(group)
    group.full_clean()
    group.save()
    group.legal_frames.set(legal_frames)
    audit.record(actor, "user_group.created", target=group)
    return group


@transaction.atomic
def user_group_update(
    *, actor: actors.Actor, group: UserGroup, legal_frames: Any = (), **fields: Any
) -> UserGroup:
    org = _require_editor(actor)
    _same_org(org, [fields.get("owner_unit", group.owner_unit), *legal_frames])
    for name, value in fields.items():
        setattr(group, name, value)
    _group_index(group)
    group.full_clean()
    group.save()
    group.legal_frames.set(legal_frames)
    audit.record(actor, "user_group.updated", target=group, data={"fields": sorted(fields)})
    return group


@transaction.atomic
def persona_create(
    *, actor: actors.Actor, user_group: UserGroup, name: str, summary: str, needs: str = ""
) -> Persona:
    _require_editor(actor)
    persona = Persona.objects.create(user_group=user_group, name=name, summary=summary, needs=needs)
    audit.record(actor, "persona.created", target=persona, organisation=user_group.organisation)
    return persona


@transaction.atomic
def persona_quote_add(
    *, actor: actors.Actor, persona: Persona, insight: Insight, text: str
) -> PersonaQuote:
    org = _require_editor(actor)
    if insight.organisation_id != org:
        raise ValidationError(_("Insikten finns inte."))
    quote = PersonaQuote.objects.create(
        persona=persona, insight=insight, text=clean_free_text(text)[0]
    )
    audit.record(
        actor,
        "persona.quote_added",
        target=persona,
        organisation=org,
        data={"insight": insight.pk},
    )
    return quote


@transaction.atomic
def journey_create(
    *, actor: actors.Actor, user_group: UserGroup, title: str, description: str = ""
) -> Journey:
    _require_editor(actor)
    journey = Journey.objects.create(user_group=user_group, title=title, description=description)
    audit.record(actor, "journey.created", target=journey, organisation=user_group.organisation)
    return journey


@transaction.atomic
def journey_step_add(*, actor: actors.Actor, journey: Journey, **fields: Any) -> JourneyStep:
    _require_editor(actor)
    Journey.objects.select_for_update().filter(pk=journey.pk).first()
    last = journey.steps.aggregate(m=Max("order"))["m"] or 0
    step = JourneyStep(journey=journey, order=last + 1, **fields)
    step.full_clean()
    step.save()
    audit.record(
        actor,
        "journey.step_added",
        target=journey,
        organisation=journey.user_group.organisation,
        data={"step": step.pk},
    )
    return step


# --- Insights ---------------------------------------------------------------------------------


def _insight_index(insight: Insight) -> None:
    # Staff-written, but often quoting people: identity numbers and contacts never stay.
    insight.statement = redact(insight.statement).text
    insight.search_text = search.index_text([insight.statement, insight.other_sources])


@transaction.atomic
def insight_create(
    *, actor: actors.Actor, user_groups: Any = (), activities: Any = (), **fields: Any
) -> Insight:
    org = _require_editor(actor)
    _same_org(org, [*user_groups, *activities])
    insight = Insight(organisation_id=org, created_by=actor, **fields)
    _insight_index(insight)
    insight.full_clean()
    insight.save()
    insight.user_groups.set(user_groups)
    insight.activities.set(activities)
    audit.record(actor, "insight.created", target=insight, data={"evidence": insight.evidence})
    return insight


@transaction.atomic
def insight_update(
    *,
    actor: actors.Actor,
    insight: Insight,
    user_groups: Any = (),
    activities: Any = (),
    **fields: Any,
) -> Insight:
    org = _require_editor(actor)
    _same_org(org, [*user_groups, *activities])
    for name, value in fields.items():
        setattr(insight, name, value)
    _insight_index(insight)
    insight.full_clean()
    insight.save()
    insight.user_groups.set(user_groups)
    insight.activities.set(activities)
    audit.record(actor, "insight.updated", target=insight, data={"evidence": insight.evidence})
    return insight


@transaction.atomic
def subject_link(
    *,
    actor: actors.Actor,
    subject_type: str,
    subject_id: int,
    user_group: UserGroup | None = None,
    insight: Insight | None = None,
    activity: Activity | None = None,
) -> SubjectLink:
    """Link a user group, insight or activity to a challenge or idea (idempotent)."""
    org = _require_editor(actor)
    label = subject_label(actor, subject_type, subject_id)
    targets = [t for t in (user_group, insight, activity) if t is not None]
    if len(targets) != 1:
        raise ValidationError(_("Välj exakt en sak att koppla."))
    _same_org(org, targets)
    link, created = SubjectLink.objects.get_or_create(
        organisation_id=org,
        subject_type=subject_type,
        subject_id=subject_id,
        user_group=user_group,
        insight=insight,
        activity=activity,
    )
    if created:
        audit.record(
            actor,
            "participation.linked",
            target=targets[0],
            data={"subject": f"{subject_type}:{subject_id}", "label": label},
        )
    return link


# --- Activities -------------------------------------------------------------------------------


def _check_question(activity: Activity) -> None:
    """A question that is written must be one the link could be opened with (selectors)."""
    problems = selectors.invitation_problems(activity)
    if activity.question.strip() and problems:
        raise ValidationError(problems)


def _set_counts(activity: Activity, counts: dict[str, int]) -> None:
    activity.counts.all().delete()
    ParticipantCount.objects.bulk_create(
        ParticipantCount(activity=activity, age_band=band, count=n)
        for band, n in counts.items()
        if n and band in AgeBand.values
    )


@transaction.atomic
def activity_create(
    *,
    actor: actors.Actor,
    user_groups: Any = (),
    counts: dict[str, int] | None = None,
    request_key: str = "",
    **fields: Any,
) -> Activity:
    """A new activity; a repeat with the same `request_key` (double click, retry) returns the
    first."""
    org = _require_editor(actor)
    created = once.earlier(Activity, request_key, organisation_id=org, created_by=actor)
    if created is not None:
        return created
    _same_org(org, [fields["unit"], *user_groups])
    activity = Activity(
        organisation_id=org, created_by=actor, request_key=request_key[:64], **fields
    )
    _check_question(activity)
    # The one-time key's constraint is left to the database: two racing requests meet there
    # and `create_once` answers the second with the first's activity.
    activity.full_clean(validate_constraints=False)

    def create() -> Activity:
        activity.save()
        activity.user_groups.set(user_groups)
        _set_counts(activity, counts or {})
        return activity

    activity, made = once.create_once(
        Activity, request_key, create, organisation_id=org, created_by=actor
    )
    if made:
        audit.record(actor, "activity.created", target=activity, data={"kind": activity.kind})
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: actors.Actor,
    activity: Activity,
    user_groups: Any = (),
    counts: dict[str, int] | None = None,
    **fields: Any,
) -> Activity:
    org = _require_editor(actor)
    _same_org(org, [fields.get("unit", activity.unit), *user_groups])
    for name, value in fields.items():
        setattr(activity, name, value)
    _check_question(activity)
    activity.full_clean()
    activity.save()
    activity.user_groups.set(user_groups)
    if counts is not None:
        _set_counts(activity, counts)
    audit.record(actor, "activity.updated", target=activity, data={"fields": sorted(fields)})
    return activity


@transaction.atomic
def activity_invitation_open(*, actor: actors.Actor, activity: Activity) -> Activity:
    """Open the invitation link (a new token the first time); opening an open link again (a
    double click) changes nothing."""
    _require_editor(actor)
    if activity.is_open and activity.token:
        return activity
    problems = selectors.invitation_problems(activity)
    if problems:
        raise ValidationError(problems)
    if not activity.token:
        activity.token = secrets.token_urlsafe(24)
    activity.is_open = True
    activity.save(update_fields=["token", "is_open", "updated_at"])
    audit.record(actor, "activity.invitation_opened", target=activity)
    return activity


@transaction.atomic
def activity_invitation_close(*, actor: actors.Actor, activity: Activity) -> Activity:
    _require_editor(actor)
    activity.is_open = False
    activity.save(update_fields=["is_open", "updated_at"])
    audit.record(actor, "activity.invitation_closed", target=activity)
    return activity


@transaction.atomic
def activity_feedback_give(*, actor: actors.Actor, activity: Activity, feedback: str) -> Activity:
    """Tell participants what happened with their views (read with their code)."""
    _require_editor(actor)
    if not feedback.strip():
        raise ValidationError(_("Skriv återkopplingen."))
    activity.feedback = feedback.strip()
    activity.feedback_given_on = timezone.localdate()
    activity.save(update_fields=["feedback", "feedback_given_on", "updated_at"])
    audit.record(actor, "activity.feedback_given", target=activity)
    return activity


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def needs_consent(activity: Activity, age_band: str) -> bool:
    if activity.consent_rule == ConsentRule.ALWAYS:
        return True
    return activity.consent_rule == ConsentRule.UNDER_13 and age_band == AgeBand.UNDER_13


@transaction.atomic
def contribution_submit(
    *,
    activity: Activity,
    age_band: str,
    text: str = "",
    scale: int | None = None,
    guardian_consent: bool = False,
    own_consent: bool = False,
    request_key: str = "",
) -> tuple[Contribution, str]:
    """An anonymous participant's view. Returns the contribution and the personal return code,
    which is shown once and stored only as a digest.

    A repeat with the same `request_key` (a double click, a retry) returns the first
    contribution and an empty code: the code was given with the first answer and is never
    given again (the form may be sent again from a shared tablet by the next person)."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    sent = once.earlier(Contribution, request_key, activity=locked)
    if sent is not None:
        return sent, ""
    if not selectors.link_works(locked):
        raise ValidationError(_("Det går inte att svara här längre."))
    if needs_consent(locked, age_band) and not (guardian_consent and own_consent):
        raise ValidationError(_("Samtycke behövs för att vara med."))
    cleaned, redactions = clean_free_text(text)
    if not cleaned and scale is None:
        raise ValidationError(_("Svara på frågan eller skriv något."))
    code = _new_code()
    while Contribution.objects.filter(code_digest=code_digest(code)).exists():
        code = _new_code()
    contribution = Contribution.objects.create(
        activity=locked,
        code_digest=code_digest(code),
        text=cleaned,
        scale=scale,
        age_band=age_band,
        guardian_consent=guardian_consent,
        own_consent=own_consent,
        redactions=redactions,
        request_key=request_key[:64],
    )
    audit.record(
        None,
        "contribution.submitted",
        target=contribution,
        organisation=locked.organisation_id,
        data={"activity": locked.pk, "redactions": redactions},
    )
    return contribution, code


@transaction.atomic
def contribution_respond(
    *, actor: actors.Actor, contribution: Contribution, response: str
) -> Contribution:
    _require_editor(actor)
    if not response.strip():
        raise ValidationError(_("Skriv ett svar."))
    contribution.response = response.strip()
    contribution.responded_at = timezone.now()
    contribution.save(update_fields=["response", "responded_at"])
    audit.record(
        actor,
        "contribution.responded",
        target=contribution,
        organisation=contribution.activity.organisation_id,
    )
    return contribution


# --- Value assessments ------------------------------------------------------------------------


@transaction.atomic
def value_assessment_create(
    *,
    actor: actors.Actor,
    subject_type: str,
    subject_id: int,
    legal_references: Any = (),
    user_groups: Any = (),
    **fields: Any,
) -> ValueAssessment:
    org = _require_editor(actor)
    label = subject_label(actor, subject_type, subject_id)
    _same_org(org, [*legal_references, *user_groups])
    assessment = ValueAssessment(
        organisation_id=org,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=label[:300],
        created_by=actor,
        **fields,
    )
    assessment.full_clean()
    assessment.save()
    assessment.legal_references.set(legal_references)
    assessment.user_groups.set(user_groups)
    audit.record(
        actor,
        "value_assessment.created",
        target=assessment,
        data={"subject": f"{subject_type}:{subject_id}", "within": assessment.within_legal_frame},
    )
    return assessment


@transaction.atomic
def value_assessment_update(
    *,
    actor: actors.Actor,
    assessment: ValueAssessment,
    legal_references: Any = (),
    user_groups: Any = (),
    **fields: Any,
) -> ValueAssessment:
    org = _require_editor(actor)
    _same_org(org, [*legal_references, *user_groups])
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.full_clean()
    assessment.save()
    assessment.legal_references.set(legal_references)
    assessment.user_groups.set(user_groups)
    audit.record(
        actor,
        "value_assessment.updated",
        target=assessment,
        data={"within": assessment.within_legal_frame},
    )
    return assessment


@transaction.atomic
def value_risk_add(
    *, actor: actors.Actor, assessment: ValueAssessment, description: str, mitigation: str = ""
) -> ValueRisk:
    _require_editor(actor)
    risk = ValueRisk.objects.create(
        assessment=assessment, description=description, mitigation=mitigation
    )
    audit.record(actor, "value_assessment.risk_added", target=assessment)
    return risk


# --- Actor maps -------------------------------------------------------------------------------


@transaction.atomic
def actor_map_create(
    *, actor: actors.Actor, subject_type: str, subject_id: int, title: str
) -> ActorMap:
    org = _require_editor(actor)
    label = subject_label(actor, subject_type, subject_id)
    actor_map = ActorMap.objects.create(
        organisation_id=org,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=label[:300],
        title=title,
    )
    audit.record(actor, "actor_map.created", target=actor_map)
    return actor_map


@transaction.atomic
def actor_add(
    *,
    actor: actors.Actor,
    actor_map: ActorMap,
    name: str,
    kind: str,
    resources: str = "",
    depends_on: Any = (),
    dependency_notes: str = "",
) -> Actor:
    _require_editor(actor)
    if any(a.actor_map_id != actor_map.pk for a in depends_on):
        raise ValidationError(_("Beroenden måste finnas i samma aktörskarta."))
    item = Actor(
        actor_map=actor_map,
        name=name,
        kind=kind,
        resources=resources,
        dependency_notes=dependency_notes,
    )
    item.full_clean()
    item.save()
    item.depends_on.set(depends_on)
    audit.record(actor, "actor_map.actor_added", target=actor_map, data={"actor": item.pk})
    return item
