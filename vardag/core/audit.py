"""audit.record(): every write leaves a trace, in the same transaction as the write."""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from vardag.core.models import AuditEvent


class AuditOutsideTransactionError(RuntimeError):
    """Raised when record() is called outside transaction.atomic()."""


def _organisation_id(actor: Any, target: models.Model | None, organisation: Any) -> int | None:
    if organisation is not None:
        return getattr(organisation, "pk", organisation)
    for source in (target, actor):
        org_id = getattr(source, "organisation_id", None)
        if org_id is not None:
            return org_id
    return None


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [convert(v) for v in value]
        if isinstance(value, models.Model):
            return value.pk
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    return convert(data or {})


def record(
    actor: Any,
    action: str,
    *,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    organisation: Any = None,
) -> AuditEvent:
    """Write one audit event. Must run inside the write's own transaction."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(f"audit.record({action!r}) outside a transaction")
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        organisation_id=_organisation_id(actor if is_person else None, target, organisation),
        actor=actor if is_person else None,
        actor_label=(actor.get_full_name() or actor.get_username()) if is_person else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        data=_jsonable(data),
    )
