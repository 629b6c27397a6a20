"""Readable labels for what the HR import and unit pages show from stored keys.

The dry-run summary (`HrImport.summary`) and the audit log keep codes: list names
(`membership_creates`), role codes (`unit_manager`), field names (`first_name`) and action
keys (`hr_import.applied`). They are stored once and shown in the reader's language, so the
pages translate them here, at display time; action keys and stored change data through the one
registry, `vardag.core.audit_labels`.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from vardag.core.audit_labels import action_label, changes
from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.orgadmin.models import HrImport

LIST_LABELS = {
    "unit_creates": _("Ny enhet"),
    "unit_changes": _("Ändrad enhet"),
    "unit_closes": _("Avslutad enhet"),
    "person_creates": _("Ny person"),
    "person_changes": _("Ändrad person"),
    "person_closes": _("Avslutad person"),
    "membership_creates": _("Nytt uppdrag"),
    "membership_changes": _("Ändrat uppdrag"),
    "membership_closes": _("Avslutat uppdrag"),
}

FIELD_LABELS = {
    "name": _("namn"),
    "kind": _("typ"),
    "parent": _("överordnad enhet"),
    "reopen": _("öppnas igen"),
    "first_name": _("förnamn"),
    "last_name": _("efternamn"),
    "email": _("e-post"),
    "title": _("titel"),
    "is_active": _("aktiv"),
}


_ROLE_AT_END = re.compile(r"\((?P<role>[a-z_]+)\)$")
_CHANGED_FIELDS = re.compile(r"^(?P<head>.*): (?P<fields>[a-z_]+(?:, [a-z_]+)*)$")
_ROLES = dict(Role.choices)


def line_label(line: str) -> str:
    """A summary line with its role code and changed field names in words."""
    role = _ROLE_AT_END.search(line)
    if role and role.group("role") in _ROLES:
        return f"{line[: role.start()]}({_ROLES[role.group('role')]})"
    changed = _CHANGED_FIELDS.match(line)
    if changed:
        names = changed.group("fields").split(", ")
        if all(n in FIELD_LABELS for n in names):
            words = ", ".join(str(FIELD_LABELS[n]) for n in names)
            return f"{changed.group('head')}: {words}"
    return line


def examples(summary: dict[str, Any], *, without_closes: bool) -> list[tuple[str, str]]:
    """(what, line) for the dry run's examples, in words."""
    rows = []
    for key, label in LIST_LABELS.items():
        if without_closes and key.endswith("_closes"):
            continue
        rows += [(str(label), line_label(line)) for line in summary.get(key, [])]
    return rows


def closes(scoped: dict[str, Any]) -> dict[str, Any]:
    """A scope's closes (`HrImport.scopes`) with role codes in words."""
    return {
        key: [line_label(line) for line in value] if key.endswith("_closes") else value
        for key, value in scoped.items()
    }


# What a unit's stored change data means beyond its own fields: a close records its day ("on")
# and, from the HR import, the import's scope and "by".
_UNIT_DATA_LABELS = {"by": _("Genom")}
_UNIT_DATA_VALUES = {"hr_import": _("HR-import")}


def history(events: Any, *, unit_names: dict[int, str] | None = None) -> list[Any]:
    """Audit events with their action in words (`action_label`) and, for a unit's events, the
    stored change data as lines "field: old → new" (`changes`) with the fields' verbose names;
    `unit_names` names the units the data refers to by id (one query by the caller)."""
    fields = {
        "on": Unit._meta.get_field("closed_at"),
        "scope": HrImport._meta.get_field("scope"),
    }
    rows = list(events)
    for event in rows:
        event.action_label = action_label(event.action)
        if event.target_type != "core.unit" or not isinstance(event.data, dict):
            event.changes = []
            continue
        data = {
            k: _UNIT_DATA_VALUES.get(v, v) if isinstance(v, str) else v
            for k, v in event.data.items()
        }
        event.changes = changes(
            Unit, data, fields=fields, labels=_UNIT_DATA_LABELS, names=unit_names or {}
        )
    return rows


def unit_ids_in(events: Any) -> set[int]:
    """The ids of units a unit history's data names (a new unit's parent)."""
    return {
        e.data["parent"]
        for e in events
        if isinstance(e.data, dict) and isinstance(e.data.get("parent"), int)
    }
