"""The audit log's filters, defined once (`core.filters`, docs/decisions/0008). The log has no
API list; its page's form is the FilterSet's."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardag.core import selectors
from vardag.core.audit_labels import action_choices
from vardag.core.models import AuditEvent

DATE = forms.DateInput(attrs={"type": "date"})


class AuditFilterSet(django_filters.FilterSet):
    person = django_filters.CharFilter(
        label=_("Person"),
        max_length=150,
        help_text=_("Namn eller användarnamn"),
        method="filter_person",
    )
    action = django_filters.ChoiceFilter(
        label=_("Händelse"),
        choices=(),
        empty_label=_("Alla"),
        field_name="action",
    )
    target = django_filters.CharFilter(
        label=_("Objekt"),
        max_length=120,
        help_text=_("Typ och id, till exempel ideas.idea:12"),
        method="filter_target",
    )
    since = django_filters.DateFilter(label=_("Från och med"), widget=DATE, method="filter_since")
    until = django_filters.DateFilter(label=_("Till och med"), widget=DATE, method="filter_until")

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def __init__(self, data: Any = None, *, actor: Any) -> None:
        # The log refuses anyone but an organisation admin before anything else is read.
        super().__init__(data, selectors.audit_event_list(actor))
        actions = selectors.audit_action_choices(actor)
        # In words (`core.audit_labels`), ordered by label; the key stays the value.
        self.filters["action"].extra["choices"] = action_choices(actions)

    def filter_person(
        self, qs: QuerySet[AuditEvent], name: str, value: str
    ) -> QuerySet[AuditEvent]:
        return qs.filter(Q(actor__username__iexact=value) | Q(actor_label__icontains=value))

    def filter_target(
        self, qs: QuerySet[AuditEvent], name: str, value: str
    ) -> QuerySet[AuditEvent]:
        target_type, _sep, target_id = value.partition(":")
        qs = qs.filter(target_type=target_type)
        return qs.filter(target_id=target_id) if target_id else qs

    def filter_since(
        self, qs: QuerySet[AuditEvent], name: str, value: date
    ) -> QuerySet[AuditEvent]:
        tz = timezone.get_current_timezone()
        return qs.filter(created_at__gte=datetime.combine(value, time.min, tzinfo=tz))

    def filter_until(
        self, qs: QuerySet[AuditEvent], name: str, value: date
    ) -> QuerySet[AuditEvent]:
        tz = timezone.get_current_timezone()
        return qs.filter(created_at__lte=datetime.combine(value, time.max, tzinfo=tz))
