"""Readable labels for what the HR import and unit pages show from stored keys.

The dry-run summary (`HrImport.summary`) and the audit log keep codes: list names
(`membership_creates`), role codes (`unit_manager`), field names (`first_name`) and action
keys (`hr_import.applied`). They are stored once and shown in the reader's language, so the
pages translate them here, at display time.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from vardag.core.roles import Role

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

ACTION_LABELS = {
    "hr_import.uploaded": _("Filen laddades upp"),
    "hr_import.checked": _("Provkörd"),
    "hr_import.started": _("Importen startade"),
    "hr_import.applied": _("Importen genomfördes"),
    "unit.created": _("Enheten skapades"),
    "unit.changed": _("Enheten ändrades"),
    "unit.closed": _("Enheten avslutades"),
    "unit.moved": _("Enheten flyttades"),
    "unit.renamed": _("Enheten bytte namn"),
    "unit.reopened": _("Enheten öppnades igen"),
}

_ROLE_AT_END = re.compile(r"\((?P<role>[a-z_]+)\)$")
_CHANGED_FIELDS = re.compile(r"^(?P<head>.*): (?P<fields>[a-z_]+(?:, [a-z_]+)*)$")
_ROLES = dict(Role.choices)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


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
