"""Test data for participation. Challenges and ideas come through the app registry, because
participation sits below ideas and never imports it."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps

from vardag.participation import services
from vardag.participation.models import (
    Activity,
    ActivityKind,
    ContactKind,
    EvidenceLevel,
    Insight,
    LegalReference,
    Method,
    Perspective,
    UserGroup,
)


def make_challenge(world: Any, question: str = "Hur minskar vi hemmasittandet?") -> Any:
    model = apps.get_model("ideas", "Challenge")
    return model.objects.create(
        organisation=world.org, question=question, owner_unit=world.units["administration"]
    )


def make_idea(world: Any, title: str = "Gemensam plan skola och socialtjänst") -> Any:
    """A submitted idea (a draft is its initiator's alone: nobody else links evidence to it)."""
    model = apps.get_model("ideas", "Idea")
    return model.objects.create(
        organisation=world.org,
        title=title,
        initiator=world.employee,
        unit=world.units["unit"],
        state="submitted",
    )


def legal(code: str) -> LegalReference:
    """A reference of the national catalogue. Browser tests flush the database between tests,
    which removes what the migration seeded, so seed it again from the migration's own list."""
    if not LegalReference.objects.filter(organisation=None).exists():
        seeding = importlib.import_module("vardag.participation.migrations.0002_legal_references")
        seeding.seed(apps, None)
    return LegalReference.objects.get(organisation=None, code=code)


def make_group(world: Any, name: str = "Unga med hög skolfrånvaro", **extra: Any) -> UserGroup:
    fields: dict[str, Any] = {
        "owner_unit": world.units["unit"],
        "name": name,
        "description": "Elever 15–19 år med hög frånvaro som är kända av socialtjänsten.",
        "age_min": 15,
        "age_max": 19,
        "includes_children": True,
        "contact": ContactKind.MIXED,
        "third_parties": ["guardian", "teacher"],
    }
    fields.update(extra)
    return services.user_group_create(actor=world.innovation_lead, **fields)


def make_activity(world: Any, title: str = "Samdesignverkstad", **extra: Any) -> Activity:
    fields: dict[str, Any] = {
        "unit": world.units["unit"],
        "title": title,
        "kind": ActivityKind.CO_DESIGN,
        "method": Method.WORKSHOP,
        "lundy_space": True,
        "lundy_voice": True,
        "lundy_audience": True,
        "lundy_influence": True,
        "question": "Vad gör det lätt att gå till skolan?",
    }
    fields.update(extra)
    return services.activity_create(actor=world.innovation_lead, **fields)


def make_insight(
    world: Any, statement: str = "Eleverna vill ha en vuxen på skolan att gå till.", **extra: Any
) -> Insight:
    fields: dict[str, Any] = {
        "statement": statement,
        "evidence": EvidenceLevel.INDICATION,
        "perspective": Perspective.USER,
    }
    fields.update(extra)
    return services.insight_create(actor=world.innovation_lead, **fields)
