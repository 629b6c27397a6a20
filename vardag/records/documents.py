"""The documents that can be disclosed (an idea, a decision, a meeting protocol) as numbered
parts: every text is split into paragraphs, each with a stable key, so a reviewer can mask any
paragraph and the masked text is left out of what is rendered (never only hidden)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vardag.ideas.models import Decision, Idea
from vardag.meetings.models import Meeting


@dataclass(frozen=True)
class Part:
    key: str
    label: str  # heading and paragraph number, shown to the reviewer and in the record
    text: str


@dataclass
class Document:
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def add(self, key: str, heading: str, text: str) -> None:
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        for number, paragraph in enumerate(paragraphs, start=1):
            label = heading if len(paragraphs) == 1 else f"{heading}, {_('stycke')} {number}"
            self.parts.append(Part(f"{key}:{number}", label, paragraph))


def _idea_parts(document: Document, idea: Idea, prefix: str = "idea") -> None:
    for name in (
        "summary",
        "user_situation",
        "user_resources",
        "organisation_offer",
        "better_for_whom",
    ):
        document.add(
            f"{prefix}.{name}",
            _field_label(name),
            getattr(idea, name),
        )


def _field_label(name: str) -> str:
    field = Idea._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _decision_parts(document: Document, decision: Decision, heading: str) -> None:
    document.add(
        f"decision.{decision.pk}.rationale", f"{heading}: {_('motivering')}", decision.rationale
    )
    document.add(
        f"decision.{decision.pk}.conditions", f"{heading}: {_('villkor')}", decision.conditions
    )


def idea_document(idea: Idea) -> Document:
    document = Document(
        title=_("Idé nr %(id)s") % {"id": idea.pk},
        facts=[
            (_("Status"), idea.get_state_display()),
            (_("Enhet"), idea.unit.name),
        ],
    )
    document.add("idea.title", _("Rubrik"), idea.title)
    _idea_parts(document, idea)
    for decision in idea.decisions.all():
        when = date_format(decision.decided_on, "Y-m-d")
        _decision_parts(document, decision, f"{_('Beslut')} {when}")
    for comment in idea.comments.order_by("created_at", "id"):
        when = date_format(comment.created_at, "Y-m-d")
        document.add(f"comment.{comment.pk}", f"{_('Kommentar')} {when}", comment.body)
    for feedback in idea.feedback.order_by("created_at", "id"):
        when = date_format(feedback.created_at, "Y-m-d")
        document.add(f"feedback.{feedback.pk}", f"{_('Återkoppling')} {when}", feedback.body)
    return document


def decision_document(decision: Decision) -> Document:
    facts = [
        (_("Beslutstyp"), decision.get_decision_type_display()),
        (_("Beslutsdatum"), date_format(decision.decided_on, "Y-m-d")),
        (_("Gäller"), _("Idé nr %(id)s") % {"id": decision.idea_id}),
    ]
    if decision.registry_number:
        facts.append((_("Diarienummer"), decision.registry_number))
    if decision.amount_sek:
        facts.append((_("Belopp (kr)"), str(decision.amount_sek)))
    document = Document(title=_("Beslut nr %(id)s") % {"id": decision.pk}, facts=facts)
    document.add("idea.title", _("Idéns rubrik"), decision.idea.title)
    _decision_parts(document, decision, _("Beslut"))
    return document


def protocol_document(meeting: Meeting, organisation_id: int) -> Document:
    when = date_format(meeting.starts_at, "Y-m-d")
    document = Document(
        title=_("Protokoll: %(forum)s, %(when)s") % {"forum": meeting.forum.name, "when": when},
        facts=[
            (_("Forum"), meeting.forum.name),
            (_("Datum"), when),
            (_("Justerat"), _("Ja") if meeting.approved_at else _("Nej")),
        ],
    )
    document.add("attendees", _("Närvarande"), meeting.attendees)
    items = meeting.items.filter(organisation_id=organisation_id) | meeting.items.filter(
        is_shared=True
    )
    for number, item in enumerate(items.distinct().order_by("order", "id"), start=1):
        # Headings carry no text of the document, so a masked title stays out of them too.
        heading = f"§ {item.paragraph}" if item.paragraph else f"{_('Punkt')} {number}"
        document.add(f"item.{item.pk}.title", f"{heading}: {_('rubrik')}", item.title)
        document.add(
            f"item.{item.pk}.description", f"{heading}: {_('beskrivning')}", item.description
        )
        document.add(f"item.{item.pk}.notes", f"{heading}: {_('protokollsanteckning')}", item.notes)
    return document


def load(document_type: str, document_id: int, organisation_id: int) -> Document | None:
    """The document, if it is one of the organisation's; None otherwise."""
    try:
        if document_type == "idea":
            # A draft never submitted is not a public document (TF 2 kap. 12 §).
            idea = Idea.objects.exclude(state="draft").get(
                pk=document_id, organisation_id=organisation_id
            )
            return idea_document(idea)
        if document_type == "decision":
            decision = Decision.objects.select_related("idea").get(
                pk=document_id, idea__organisation_id=organisation_id
            )
            return decision_document(decision)
        if document_type == "protocol":
            meeting = Meeting.objects.select_related("forum").get(
                pk=document_id, organisation_id=organisation_id
            )
            return protocol_document(meeting, organisation_id)
    except ObjectDoesNotExist:
        return None
    return None


def masked(document: Document, masks: dict[str, str]) -> list[dict[str, Any]]:
    """The parts as rendered for disclosure: a masked part carries no text, only its ground."""
    return [
        {
            "key": part.key,
            "label": part.label,
            "text": "" if part.key in masks else part.text,
            "ground": masks.get(part.key, ""),
        }
        for part in document.parts
    ]
