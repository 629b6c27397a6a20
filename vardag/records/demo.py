"""Demo data for the records area: Ekbacka's retention rules citing its retention decisions, one
run of the retention job, an erasure request reviewed for a former employee, and a request for an
idea with one paragraph masked under OSL 26:1."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from vardag.ideas.models import Idea
from vardag.records import documents, services

RULES = (
    ("idea_drafts", 12, "remove", "Kommunstyrelsen 2024-05-14 § 88, DHP 1.4.2 (utkast)"),
    ("notifications", 24, "remove", "Kommunstyrelsen 2024-05-14 § 88, DHP 1.4.5 (aviseringar)"),
    ("contributions", 36, "anonymise", "Socialnämnden 2024-09-10 § 112, DHP 3.2.1"),
    ("sessions", 12, "remove", "Kommunstyrelsen 2024-05-14 § 88, DHP 1.6.1 (loggar)"),
    ("audit_events", 120, "remove", "Kommunstyrelsen 2024-05-14 § 88, DHP 1.6.2 (händelselogg)"),
)


def load(world: Any) -> None:
    """`world` is vardag.demo.loader.DemoWorld (a higher layer, so not imported here)."""
    admin = world.users["admin"]
    for kind, months, action, reference in RULES:
        services.retention_rule_save(
            actor=admin, kind=kind, months=months, action=action, decision_reference=reference
        )
    services.retention_run()
    services.erasure_request_review(
        actor=admin,
        received_on=date(2026, 11, 20),
        person=world.users["employee"],
        note="Begäran per e-post till dataskyddsombudet. Svar skickas per post.",
    )
    idea = Idea.objects.filter(organisation=world.ekbacka).exclude(state="draft").first()
    if idea is None:
        return
    with transaction.atomic():
        disclosure = services.disclosure_start(
            actor=admin,
            document_type="idea",
            document_id=idea.pk,
            received_on=date(2026, 11, 25),
            requested_by="Lokaltidningen Ekbacka-Posten",
        )
    document = documents.load("idea", idea.pk, world.ekbacka.pk)
    assert document is not None  # a submitted idea of Ekbacka's, found above
    masked = [part.key for part in document.parts if part.key.startswith("idea.user_situation")]
    services.disclosure_decide(
        actor=admin,
        disclosure=disclosure,
        masks=dict.fromkeys(masked[:1], "osl_26_1"),
        note="Beskrivningen av användarens situation kan röja enskilds personliga förhållanden.",
    )
