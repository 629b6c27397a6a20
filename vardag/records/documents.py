"""The documents that can be disclosed (an idea, a decision, a meeting protocol) as numbered
parts: every text is split into paragraphs, each with a stable key, so a reviewer can mask any
paragraph and the masked text is left out of what is rendered (never only hidden)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vardag.ideas.models import Decision, Idea
from vardag.meetings.models import Meeting
from vardag.records.models import SecrecyGround


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

    def add(self, key: str, heading: str, text: str, *, lines: bool = False) -> None:
        """One part per paragraph (blank-line separated), or per line with `lines` (texts that
        are put together line by line, such as a feedback quoting a decision)."""
        separator = "\n" if lines else "\n\n"
        text = text.replace("\r\n", "\n")
        paragraphs = [p.strip() for p in text.split(separator) if p.strip()]
        for number, paragraph in enumerate(paragraphs, start=1):
            label = heading if len(paragraphs) == 1 else f"{heading}, {_('stycke')} {number}"
            self.parts.append(Part(f"{key}:{number}", label, paragraph))


def _idea_parts(document: Document, idea: Idea, prefix: str = "idea") -> None:
    for name in IDEA_TEXTS:
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


IDEA_TEXTS = (
    "summary",
    "user_situation",
    "user_resources",
    "organisation_offer",
    "better_for_whom",
)


def part_label(key: str, stored: str = "") -> str:
    """A part of a document named from its key ("idea.user_situation:2") in the reader's
    language, for records that keep the key: "Användarens situation och mål, stycke 2". The
    label stored with the record (in the language of whoever recorded it) is the fallback for a
    key of another shape."""
    path, _sep, number = key.rpartition(":")
    bits = path.split(".")
    paragraph = f", {_('stycke')} {number}" if number.isdigit() and number != "1" else ""
    if bits == ["idea", "title"]:
        return _("Rubrik") + paragraph
    if bits == ["attendees"]:
        return _("Närvarande") + paragraph
    if len(bits) == 2 and bits[0] == "idea" and bits[1] in IDEA_TEXTS:
        return _field_label(bits[1]) + paragraph
    named = {
        "comment": _("Kommentar"),
        "feedback": _("Återkoppling"),
        "event": _("Tidslinje"),
    }
    if len(bits) == 2 and bits[0] in named and bits[1].isdigit():
        return f"{named[bits[0]]} {_('nr %(id)s') % {'id': bits[1]}}{paragraph}"
    parts = {
        ("decision", "rationale"): (_("Beslut"), _("motivering")),
        ("decision", "conditions"): (_("Beslut"), _("villkor")),
        ("item", "title"): (_("Punkt"), _("rubrik")),
        ("item", "description"): (_("Punkt"), _("beskrivning")),
        ("item", "notes"): (_("Punkt"), _("protokollsanteckning")),
    }
    if len(bits) == 3 and bits[1].isdigit() and (bits[0], bits[2]) in parts:
        whole, part = parts[(bits[0], bits[2])]
        return f"{whole} {_('nr %(id)s') % {'id': bits[1]}}: {part}{paragraph}"
    return stored or key


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
        document.add(
            f"feedback.{feedback.pk}", f"{_('Återkoppling')} {when}", feedback.body, lines=True
        )
    for event in idea.events.exclude(text="").order_by("created_at", "id"):
        when = date_format(event.created_at, "Y-m-d")
        heading = f"{_('Tidslinje')} {when}: {event.get_kind_display()}"
        document.add(f"event.{event.pk}", heading, event.text, lines=True)
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


_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+|\n+")
_EDGE = ".!?…:;,\"'”’»«()[] \t\n"


def _fragments(text: str) -> list[str]:
    """What of a masked paragraph must not be disclosed anywhere else: the whole paragraph and
    each sentence of it (a sentence of one word only when it is the whole paragraph), without
    the punctuation around it, so a quotation that drops the full stop is found too."""
    whole = text.strip(_EDGE)
    found = [whole] if whole else []
    for sentence in _SENTENCE_END.split(text):
        core = sentence.strip(_EDGE)
        if len(core.split()) >= 2 and core not in found:
            found.append(core)
    return sorted(found, key=len, reverse=True)  # the longest first, so it is replaced whole


def _pattern(fragment: str) -> re.Pattern[str]:
    words = (re.escape(word) for word in fragment.split())
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def scrub(text: str, masked_texts: list[tuple[str, str]]) -> tuple[str, bool]:
    """`text` with every masked paragraph's text, or a sentence of it, replaced by its masking
    note; and whether anything was replaced. `masked_texts` is [(text, note)]."""
    changed = False
    for masked_text, note in masked_texts:
        for fragment in _fragments(masked_text):
            text, count = _pattern(fragment).subn(note, text)
            changed = changed or bool(count)
    return text, changed


def masking_note(ground: str) -> str:
    label = dict(SecrecyGround.choices).get(ground, ground)
    return _("[Maskerat med stöd av %(ground)s]") % {"ground": label}


def masked(document: Document, masks: dict[str, str]) -> list[dict[str, Any]]:
    """The parts as rendered for disclosure: a masked part carries no text, only its ground; a
    disclosed part that quotes a masked one (a feedback quoting a decision's rationale, the
    timeline repeating the feedback) has the quoted text replaced by the masking note."""
    masked_texts = [
        (part.text, masking_note(masks[part.key])) for part in document.parts if part.key in masks
    ]
    rendered = []
    for part in document.parts:
        ground = masks.get(part.key, "")
        text, scrubbed = ("", False) if ground else scrub(part.text, masked_texts)
        rendered.append(
            {
                "key": part.key,
                "label": part.label,
                "text": text,
                "ground": ground,
                "ground_label": dict(SecrecyGround.choices).get(ground, ""),
                "scrubbed": scrubbed,
            }
        )
    return rendered


def masked_facts(document: Document, masks: dict[str, str]) -> list[tuple[str, str]]:
    """The document's facts with any masked text in them replaced, as in `masked`."""
    masked_texts = [
        (part.text, masking_note(masks[part.key])) for part in document.parts if part.key in masks
    ]
    return [(label, scrub(value, masked_texts)[0]) for label, value in document.facts]
