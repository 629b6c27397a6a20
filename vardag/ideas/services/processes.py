"""Challenges and process models (presets, stages, gate evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vardag.core import audit, once
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.ideas.models import (
    Challenge,
    ProcessModel,
    Stage,
)
from vardag.ideas.presets import EXIT_GATES, PRESETS, PRESETS_EN


def is_local_path(url: str) -> bool:
    """A path inside Vardag: starts with one slash, no scheme or host."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def can_manage_challenges(actor: Actor) -> bool:
    return actor.is_manager or actor.is_org_admin or actor.is_innovation_staff


@transaction.atomic
def challenge_create(
    *,
    actor: Actor,
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
    org_id = organisation_id(actor)
    require(owner_unit.organisation_id == org_id)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
    challenge = Challenge.objects.create(
        organisation_id=org_id,
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
def process_model_install(
    *, actor: Actor | None, preset: str, make_default: bool = False
) -> ProcessModel:
    """Install a preset process model (Helsingborg, SKR) for the actor's organisation."""
    require(actor is None or actor.is_org_admin)
    return _install(organisation_id(actor), preset, make_default, actor)


def process_model_install_for(
    organisation_id_: int, preset: str, make_default: bool
) -> ProcessModel:
    """The same, for setup code (demo data, organisation creation); no actor."""
    with transaction.atomic():
        return _install(organisation_id_, preset, make_default, None)


def _install(org_id: int, preset: str, make_default: bool, actor: Actor | None) -> ProcessModel:
    if preset not in PRESETS:
        raise ValidationError(_("Okänd förlaga."))
    name, description, stages = PRESETS[preset]
    name_en, description_en, stages_en = PRESETS_EN[preset]
    if make_default:
        ProcessModel.objects.filter(organisation_id=org_id, is_default=True).update(
            is_default=False
        )
    model = ProcessModel.objects.create(
        organisation_id=org_id,
        name=name,
        name_en=name_en,
        description=description,
        description_en=description_en,
        preset=preset,
        is_default=make_default,
    )
    Stage.objects.bulk_create(
        Stage(
            process_model=model,
            order=i,
            name=stage_name,
            name_en=english[0],
            description=text,
            description_en=english[1],
            guiding_questions="\n".join(questions),
            guiding_questions_en="\n".join(english[2]),
            exit_criteria="\n".join(criteria),
            exit_criteria_en="\n".join(english[3]),
            exit_gate=EXIT_GATES.get(preset, {}).get(stage_name, ""),
        )
        for i, ((stage_name, text, questions, criteria), english) in enumerate(
            zip(stages, stages_en, strict=True), start=1
        )
    )
    audit.record(actor, "process_model.install", target=model, data={"preset": preset})
    return model


@transaction.atomic
def process_model_set_evidence(*, actor: Actor, model: ProcessModel, enforce: bool) -> ProcessModel:
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    model.enforce_gate_evidence = enforce
    model.save(update_fields=["enforce_gate_evidence"])
    audit.record(actor, "process_model.evidence", target=model, data={"enforce": enforce})
    return model


@transaction.atomic
def process_model_make_default(*, actor: Actor, model: ProcessModel) -> ProcessModel:
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    ProcessModel.objects.filter(organisation_id=model.organisation_id, is_default=True).update(
        is_default=False
    )
    model.is_default = True
    model.save(update_fields=["is_default"])
    audit.record(actor, "process_model.default", target=model)
    return model


STAGE_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "guiding_questions",
    "guiding_questions_en",
    "exit_criteria",
    "exit_criteria_en",
    "exit_gate",
)


@transaction.atomic
def stage_update(*, actor: Actor, stage: Stage, **fields: Any) -> Stage:
    """Organisation admins adapt a stage's texts (questions and exit criteria, one per line)."""
    require(actor.is_org_admin and stage.process_model.organisation_id == actor.organisation_id)
    for name in STAGE_FIELDS:
        if name in fields:
            setattr(stage, name, fields[name])
    stage.save()
    audit.record(actor, "stage.update", target=stage, data={"fields": sorted(fields)})
    return stage


@transaction.atomic
def stage_add(*, actor: Actor, model: ProcessModel, **fields: Any) -> Stage:
    """Add a stage at the end of a process model."""
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    last = model.stages.order_by("-order").values_list("order", flat=True).first() or 0
    stage = Stage.objects.create(
        process_model=model, order=last + 1, **{k: fields.get(k, "") for k in STAGE_FIELDS}
    )
    audit.record(actor, "stage.add", target=stage)
    return stage
