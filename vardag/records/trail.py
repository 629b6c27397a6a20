"""The records trail (/arkiv/logg/) in words: each retention, erasure and disclosure event's
stored data as lines in the reader's language, with the kinds' and models' names, the retention
decision and the secrecy grounds' words (reusing vardag.core.audit_labels.changes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vardag.core.actors import Actor
from vardag.core.audit_labels import Change, changes
from vardag.core.models import AuditEvent
from vardag.records.documents import part_label
from vardag.records.kinds import KINDS
from vardag.records.models import Disclosure, ErasureRequest, RetentionRule, SecrecyGround
from vardag.records.selectors import disclosure_name, named_disclosures


@dataclass(frozen=True)
class Line:
    """One line of an event's details: a text (linked when `url`), or a stored change shown by
    templates/includes/change.html (the arrow of "old → new" hidden from screen readers)."""

    text: str = ""
    url: str = ""
    change: Change | None = None


def _kind(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind is not None else key


def _models(counts: dict[str, Any]) -> str:
    parts = []
    for label, count in counts.items():
        try:
            name = str(capfirst(apps.get_model(label)._meta.verbose_name_plural))
        except (LookupError, ValueError):
            name = label
        parts.append(f"{name}: {count}")
    return ", ".join(parts) or _("ingenting")


def _plan_lines(data: dict[str, Any], erased: str) -> list[Line]:
    return [
        Line(_("%(what)s: %(list)s") % {"what": erased, "list": _models(data.get("erase", {}))}),
        Line(_("Finns kvar: %(list)s") % {"list": _models(data.get("refuse", {}))}),
    ]


RULE_LABELS = {
    "count": gettext_lazy("Antal"),
    "cutoff": gettext_lazy("Äldre än"),
    "is_public_record": gettext_lazy("Allmän handling"),
}


def _rule_lines(data: dict[str, Any]) -> list[Line]:
    """A rule added or the gallring applied: its values; a rule changed: only what changed, as
    old → new (older events, whose "before" held the new values, show the values as saved)."""
    shown = {key: value for key, value in data.items() if key not in ("before", "kind")}
    before = data.get("before") or {}
    changed = {
        key: [old, shown[key]] for key, old in before.items() if key in shown and old != shown[key]
    }
    if changed:
        shown = changed
    if isinstance(shown.get("cutoff"), str):
        shown["cutoff"] = shown["cutoff"][:10]
    lines = [Line(_("Slag av uppgift: %(kind)s") % {"kind": _kind(data.get("kind", ""))})]
    lines += [Line(change=change) for change in changes(RetentionRule, shown, labels=RULE_LABELS)]
    return lines


def _request_line(request: ErasureRequest | None) -> list[Line]:
    if request is None:
        return []
    url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    if request.subject is not None:
        from vardag.records.forms import person_label

        who = person_label(request.subject, email=False)
        return [Line(_("Begäran från %(person)s") % {"person": who}, url)]
    return [Line(_("Begäran om en deltagares synpunkt"), url)]


def lines(
    event: AuditEvent,
    erasure_requests: dict[str, ErasureRequest],
    disclosures: dict[str, Disclosure] | None = None,
) -> list[Line]:
    disclosures = disclosures or {}
    data = event.data or {}
    action = event.action
    if action == "retention.run":
        counts = data.get("counts", {})
        return [Line(f"{_kind(key)}: {count}") for key, count in counts.items()] or [
            Line(_("Ingenting att gallra"))
        ]
    if action.startswith("retention.rule_") or action == "retention.applied":
        return _rule_lines(data)
    if action.startswith("erasure."):
        out = _request_line(erasure_requests.get(event.target_id))
        if action == "erasure.plan_changed":
            out += _plan_lines(data.get("reviewed", {}), _("Granskat: raderas"))
            out += _plan_lines(data.get("current", {}), _("Nu: raderas"))
        elif action == "erasure.withdrawn":
            out.append(Line(_("Skäl: %(reason)s") % {"reason": data.get("reason", "")}))
        else:
            done = action == "erasure.done"
            out += _plan_lines(data, _("Raderades") if done else _("Raderas"))
            if data.get("labels_replaced"):
                out.append(
                    Line(
                        _("Kopior av raderad text i andra tabeller ersatta: %(n)s")
                        % {"n": data["labels_replaced"]}
                    )
                )
            if data.get("again"):
                out.append(Line(_("Granskad igen med uppgifterna som de var då")))
        return out
    if action.startswith("disclosure."):
        found = disclosures.get(event.target_id)
        if found is not None and action == "disclosure.requested":
            return _disclosure_line(found)  # its data is the document's type and number
        return _disclosure_line(found) + _disclosure_lines(data, action)
    return []


def _disclosure_line(disclosure: Disclosure | None) -> list[Line]:
    """The document a disclosure is about, named in the reader's language (the idea's title where
    the reader may see it), linked to the disclosure."""
    if disclosure is None:
        return []
    url = reverse("records:disclosure_detail", kwargs={"disclosure_id": disclosure.pk})
    return [Line(_("Handling: %(name)s") % {"name": disclosure_name(disclosure)}, url)]


def _disclosure_lines(data: dict[str, Any], action: str) -> list[Line]:
    if action == "disclosure.masking_decided":
        grounds = dict(SecrecyGround.choices)
        masks = data.get("masks", [])
        out = [
            Line(
                _("Maskeras: %(part)s, med stöd av %(ground)s")
                % {
                    "part": part_label(mask.get("part", ""), mask.get("label", "")),
                    "ground": grounds.get(mask.get("ground"), ""),
                }
            )
            for mask in masks
        ] or [Line(_("Ingenting maskeras"))]
        if "parts" in data:
            out.append(
                Line(
                    ngettext(
                        "%(masked)s av handlingens %(n)s del maskeras",
                        "%(masked)s av handlingens %(n)s delar maskeras",
                        data["parts"],
                    )
                    % {"masked": len(masks), "n": data["parts"]}
                )
            )
        if data.get("note"):
            out.append(Line(_("Motivering: %(note)s") % {"note": data["note"]}))
        return out
    labels = {
        "bytes": gettext_lazy("Storlek i byte"),
        "masked_parts": gettext_lazy("Maskerade delar"),
    }
    return [Line(change=change) for change in changes(Disclosure, data, labels=labels)]


def described(events: list[AuditEvent], actor: Actor) -> list[tuple[AuditEvent, list[Line]]]:
    """The events with their lines; the erasure requests and the disclosures they are about
    fetched in one query each (a disclosure's idea named where `actor` may see it)."""
    ids = {e.target_id for e in events if e.action.startswith("erasure.") and e.target_id}
    erasure_requests = {
        str(r.pk): r
        for r in ErasureRequest.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
        .select_related("subject")
        .prefetch_related("subject__memberships__unit")
    }
    disclosure_ids = {
        int(e.target_id)
        for e in events
        if e.action.startswith("disclosure.") and e.target_id.isdigit()
    }
    disclosures = (
        {
            str(d.pk): d
            for d in named_disclosures(actor).prefetch_related(None).filter(pk__in=disclosure_ids)
        }
        if disclosure_ids
        else {}
    )
    return [(event, lines(event, erasure_requests, disclosures)) for event in events]
