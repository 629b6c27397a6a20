"""The kinds of record a retention rule can cover, and how the daily job finds and handles what
has expired. Whether a kind is a public record (allmän handling) comes from the personal data
register (vardag.core.register) unless the kind says otherwise with a reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from vardag.core import register
from vardag.records.models import RetentionAction

# Events the retention job and erasure write about themselves: the trail of what was removed
# is kept, whatever rule covers the audit log.
OWN_TRAIL_PREFIXES = ("retention.", "erasure.", "disclosure.")


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: Any
    model: str  # app_label.ModelName, as in the register
    actions: tuple[str, ...]
    expired: Callable[[int, datetime], QuerySet[Any]]
    anonymise: Callable[[QuerySet[Any]], int] | None = None
    public_record_note: Any = ""  # why the register's category does not decide, if it does not
    is_public_record_override: bool | None = None

    @property
    def is_public_record(self) -> bool:
        if self.is_public_record_override is not None:
            return self.is_public_record_override
        return is_public_record(self.model)


def is_public_record(model_label: str) -> bool:
    """A model is a public record when the register classifies any of its fields as one."""
    item = register.entries().get(model_label)
    return item is not None and register.Category.PUBLIC_RECORD in item.fields.values()


def _model(label: str) -> Any:
    return apps.get_model(label)


def _drafts(org_id: int, cutoff: datetime) -> QuerySet[Any]:
    return _model("ideas.Idea").objects.filter(
        organisation_id=org_id, state="draft", updated_at__lt=cutoff
    )


def _notifications(org_id: int, cutoff: datetime) -> QuerySet[Any]:
    return _model("notifications.Notification").objects.filter(
        organisation_id=org_id, created_at__lt=cutoff
    )


def _contributions(org_id: int, cutoff: datetime) -> QuerySet[Any]:
    return _model("participation.Contribution").objects.filter(
        activity__organisation_id=org_id, created_at__lt=cutoff
    )


def _anonymise_contributions(rows: QuerySet[Any]) -> int:
    # The view's text and the answer to it go; the rating and age band stay for statistics.
    return rows.exclude(text="", response="").update(text="", response="", redactions=0)


def _sessions(org_id: int, cutoff: datetime) -> QuerySet[Any]:
    return _model("accounts.UserSession").objects.filter(
        user__organisation_id=org_id, last_seen_at__lt=cutoff
    )


def _audit_events(org_id: int, cutoff: datetime) -> QuerySet[Any]:
    own = Q()
    for prefix in OWN_TRAIL_PREFIXES:
        own |= Q(action__startswith=prefix)
    return (
        _model("core.AuditEvent")
        .objects.filter(organisation_id=org_id, created_at__lt=cutoff)
        .exclude(own)
    )


KINDS: dict[str, RecordKind] = {
    kind.key: kind
    for kind in (
        RecordKind(
            "idea_drafts",
            _("Utkast till idéer som inte lämnats in"),
            "ideas.Idea",
            (RetentionAction.REMOVE,),
            _drafts,
            public_record_note=_(
                "Ett utkast som inte lämnats in är inte en allmän handling (2 kap. 12 § "
                "tryckfrihetsförordningen)."
            ),
            is_public_record_override=False,
        ),
        RecordKind(
            "notifications",
            _("Aviseringar"),
            "notifications.Notification",
            (RetentionAction.REMOVE,),
            _notifications,
        ),
        RecordKind(
            "contributions",
            _("Synpunkter från deltagare (delaktighet)"),
            "participation.Contribution",
            (RetentionAction.REMOVE, RetentionAction.ANONYMISE),
            _contributions,
            anonymise=_anonymise_contributions,
        ),
        RecordKind(
            "sessions",
            _("Inloggningssessioner (webbläsare och IP-adress)"),
            "accounts.UserSession",
            (RetentionAction.REMOVE,),
            _sessions,
        ),
        RecordKind(
            "audit_events",
            _("Händelseloggen (utom gallringens och raderingarnas egna händelser)"),
            "core.AuditEvent",
            (RetentionAction.REMOVE,),
            _audit_events,
        ),
    )
}


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.key, kind.label) for kind in KINDS.values()]
