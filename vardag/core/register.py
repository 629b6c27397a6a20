"""The personal data register: every model field in Vardag, classified, with its purpose.

Each Vardag app declares its models in `vardag/<app>/data_register.py` as a list `ENTRIES` of
`Entry` (see `entry()`); `entries()` collects them through the app registry, so an app added
later only adds its own file. `unclassified()` and `unknown()` are checked by a test, and
`markdown()` gives the document for the data protection officer (`vardag register`,
docs/personal-data-register.md).

Export to the person ("download my data", vardag.accounts.personal_data):
- a model with a foreign key to the user model is exported generically (rows where one of those
  keys is the person; `secret` fields left out) unless the entry names `collectors` that cover it
  or gives a `not_exported` reason;
- a model one hop away (a key to a model that has a key to the user) needs `collectors` or a
  `not_exported` reason.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps
from django.conf import settings
from django.db import models


class Category(StrEnum):
    PUBLIC_RECORD = "allmän handling"
    INTERNAL = "intern"
    PERSONAL = "personuppgift"
    SENSITIVE = "känslig"
    CHILD = "barn"


@dataclass(frozen=True)
class Entry:
    label: str  # "app_label.ModelName"
    purpose: str
    fields: dict[str, Category]
    secret: frozenset[str] = frozenset()
    collectors: tuple[str, ...] = ()
    not_exported: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    machine: frozenset[str] = frozenset()


def entry(
    label: str,
    purpose: str,
    *,
    public: str = "",
    internal: str = "",
    personal: str = "",
    sensitive: str = "",
    child: str = "",
    secret: str = "",
    machine: str = "",
    collectors: tuple[str, ...] = (),
    not_exported: str = "",
    notes: dict[str, str] | None = None,
) -> Entry:
    """Fields as space-separated names per category; `secret` names fields never exported;
    `machine` names internal fields that are machinery, not information about anyone (a search
    index, a one-time request key, a checksum, a task's address): left out of a person's data
    export as noise, and said so in the register."""
    classified: dict[str, Category] = {}
    for names, category in (
        (public, Category.PUBLIC_RECORD),
        (internal, Category.INTERNAL),
        (personal, Category.PERSONAL),
        (sensitive, Category.SENSITIVE),
        (child, Category.CHILD),
    ):
        for name in names.split():
            if name in classified:
                raise ValueError(f"{label}.{name} is classified twice")
            classified[name] = category
    machinery = frozenset(machine.split())
    for name in machinery:
        if classified.get(name) is not Category.INTERNAL:
            raise ValueError(f"{label}.{name} is machinery but not classified internal")
    return Entry(
        label,
        purpose,
        classified,
        frozenset(secret.split()),
        collectors,
        not_exported,
        notes or {},
        machinery,
    )


def left_out_of_export(item: Entry) -> dict[str, str]:
    """The fields a person's data export leaves out, each with the register's reason."""
    reasons = dict.fromkeys(item.secret, "secret")
    reasons.update({name: "machine" for name in item.machine if name not in item.secret})
    return reasons


def vardag_apps() -> list[str]:
    return [c.name for c in apps.get_app_configs() if c.name.startswith("vardag.")]


def entries() -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for name in vardag_apps():
        module_name = f"{name}.data_register"
        if importlib.util.find_spec(module_name) is None:
            continue
        for item in importlib.import_module(module_name).ENTRIES:
            found[item.label] = item
    return found


def vardag_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_config is not None and m._meta.app_config.name.startswith("vardag.")
    ]


def concrete_fields(model: type[models.Model]) -> list[str]:
    own = [f.name for f in model._meta.concrete_fields]
    return own + [f.name for f in model._meta.local_many_to_many]


def unclassified() -> dict[str, list[str]]:
    """Model label -> field names the register does not classify."""
    known = entries()
    missing: dict[str, list[str]] = {}
    for model in vardag_models():
        item = known.get(model._meta.label)
        names = [n for n in concrete_fields(model) if item is None or n not in item.fields]
        if names:
            missing[model._meta.label] = names
    return missing


def unknown() -> list[str]:
    """Register entries naming a model or field that does not exist (removed or renamed)."""
    stale = []
    for label, item in entries().items():
        try:
            model = apps.get_model(label)
        except LookupError:
            stale.append(label)
            continue
        fields = set(concrete_fields(model))
        stale += [f"{label}.{name}" for name in item.fields if name not in fields]
    return stale


def user_keys(model: type[models.Model]) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.name
        for f in [*model._meta.concrete_fields, *model._meta.local_many_to_many]
        if f.is_relation and f.related_model is user_model
    ]


def one_hop(model: type[models.Model]) -> list[str]:
    """Keys to another model that itself has a key to the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.related_model is not user_model
        and f.related_model is not model
        and f.related_model is not None
        and user_keys(f.related_model)  # type: ignore[arg-type]
    ]


def missing_template(label: str, names: list[str]) -> str:
    app = apps.get_model(label)._meta.app_config
    path = (f"{app.name}.data_register" if app else "data_register").replace(".", "/")
    return (
        f"{label}: {', '.join(names)} not classified. Add to ENTRIES in {path}.py:\n"
        f'    entry("{label}", "<purpose>", internal="...", personal="...", public="...",'
        f' sensitive="...", child="...")  # every field once: {" ".join(names)}'
    )


def markdown() -> str:
    known = entries()
    lines = [
        "# Register över personuppgifter och fält (Vardag)",
        "",
        "Genererad från `vardag/*/data_register.py` med `vardag register`. Redigera inte för hand.",
        "",
        "Kategorier: " + ", ".join(f"**{c.value}**" for c in Category) + ".",
        "",
    ]
    for model in sorted(vardag_models(), key=lambda m: m._meta.label):
        item = known.get(model._meta.label)
        if item is None:
            continue
        if item.not_exported:
            export = f'Lämnas inte ut i "Mina uppgifter": {item.not_exported}'
        elif item.collectors:
            export = 'I "Mina uppgifter": ' + ", ".join(item.collectors)
        elif user_keys(model):
            export = (
                'I "Mina uppgifter" (rader där personen är ' + ", ".join(user_keys(model)) + ")"
            )
        else:
            export = "Inte kopplad till en person."
        lines += [f"## {model._meta.label}", "", item.purpose, "", export, ""]
        lines += ["| Fält | Kategori | Anmärkning |", "|---|---|---|"]
        for name in concrete_fields(model):
            note = item.notes.get(name, "")
            if name in item.secret:
                note = (note + " Lämnas aldrig ut.").strip()
            elif name in item.machine:
                note = (note + " Maskinfält, ingen uppgift om någon: inte i utdrag.").strip()
            lines.append(f"| {name} | {item.fields[name].value} | {note} |")
        lines.append("")
    return "\n".join(lines)
