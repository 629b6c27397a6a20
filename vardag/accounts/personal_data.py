"""A person's own data as a ZIP of JSON and CSV files ("download my data").

Apps above accounts contribute their part with `register(name, collect)` in AppConfig.ready();
`collect(user)` returns a list of flat dicts about that person only. Every other model with a key
to the user model is exported from the personal data register (vardag.core.register): the rows
where the person is named, with every field except the register's `secret` ones, so a model added
later is in the export without anyone remembering it.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db.models import Model, Q
from django.utils import timezone

from vardag.accounts.models import User
from vardag.core import register as data_register
from vardag.core import tables
from vardag.core.audit_labels import action_label, kind_label
from vardag.core.models import AuditEvent

Collector = Callable[[User], list[dict[str, Any]]]
_registry: dict[str, Collector] = {}


def _dicts(rows: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def register(name: str, collect: Collector) -> None:
    _registry[name] = collect


def _profile(user: User) -> list[dict[str, Any]]:
    return [
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "title": user.title,
            "organisation": str(user.organisation or ""),
            "external_id": user.external_id,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    ]


def _memberships(user: User) -> list[dict[str, Any]]:
    return [
        {
            "unit": m.unit.name,
            "role": m.role,
            "starts_on": m.starts_on,
            "ends_on": m.ends_on,
            "source": m.source,
        }
        for m in user.memberships.select_related("unit")
    ]


def _tokens(user: User) -> list[dict[str, Any]]:
    return _dicts(
        user.api_tokens.values("name", "prefix", "created_at", "last_used_at", "revoked_at")
    )


def _sessions(user: User) -> list[dict[str, Any]]:
    return _dicts(
        user.browser_sessions.values(
            "user_agent", "ip_address", "method", "created_at", "last_seen_at", "ended_at"
        )
    )


def _actions(user: User) -> list[dict[str, Any]]:
    """The person's own audit events; the action and the object's kind also in words
    (`core.audit_labels`, the registry the event log uses)."""
    rows = _dicts(
        AuditEvent.objects.filter(actor=user).values(
            "created_at", "action", "target_type", "target_id", "target_label"
        )
    )
    for row in rows:
        row["action_label"] = action_label(row["action"])
        row["target_kind"] = kind_label(row["target_type"]) if row["target_type"] else ""
    return rows


register("profile", _profile)
register("memberships", _memberships)
register("api_tokens", _tokens)
register("sessions", _sessions)
register("actions", _actions)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _json_value(value: Any) -> Any:
    """JSON for what json cannot write itself: dates as ISO 8601, UUIDs and decimals as text."""
    return value.isoformat() if isinstance(value, datetime | date) else str(value)


def _csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "\ufeff"
    header = list(rows[0])
    return tables.csv_text([header, *([_plain(row[k]) for k in header] for row in rows)])


def _field_value(row: Model, name: str) -> Any:
    field = row._meta.get_field(name)
    if field.many_to_many:
        return [str(related) for related in getattr(row, name).all()]
    if field.is_relation:
        related = getattr(row, name)
        return "" if related is None else str(related)
    value = getattr(row, name)
    if hasattr(value, "name") and not isinstance(value, str):  # a FieldFile
        return value.name or ""
    return value


def register_collectors() -> dict[str, Collector]:
    """One collector per registered model with a key to the user model and no own collector."""
    collectors: dict[str, Collector] = {}
    entries = data_register.entries()
    for model in data_register.vardag_models():
        entry = entries.get(model._meta.label)
        keys = data_register.user_keys(model)
        if entry is None or not keys or entry.collectors or entry.not_exported:
            continue
        names = [n for n in data_register.concrete_fields(model) if n not in entry.secret]

        def collect(
            user: User, model: Any = model, keys: list[str] = keys, names: list[str] = names
        ) -> list[dict[str, Any]]:
            query = Q()
            for key in keys:
                query |= Q(**{key: user})
            rows = model.objects.filter(query).distinct().order_by("pk")
            return [{name: _field_value(row, name) for name in names} for row in rows]

        collectors[model._meta.label.replace(".", "_").lower()] = collect
    return collectors


def collectors() -> dict[str, Collector]:
    return {**register_collectors(), **_registry}


def export_zip(user: User) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, collect in sorted(collectors().items()):
            rows = collect(user)
            archive.writestr(
                f"{name}.json", json.dumps(rows, default=_json_value, ensure_ascii=False, indent=2)
            )
            archive.writestr(f"{name}.csv", _csv(rows))
        archive.writestr(
            "README.txt",
            f"Vardag: uppgifter om {user.username}, {timezone.now():%Y-%m-%d %H:%M}.\n"
            "Varje del finns som JSON och som CSV (semikolon, UTF-8).\n",
        )
    return buffer.getvalue()
