"""The audit log's filters, defined once (`core.filters`, docs/decisions/0008). The log has no
API list; its page's form is the FilterSet's."""

from __future__ import annotations

import re
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
TARGET = re.compile(r"^\s*(?:(?P<app>[a-z_]+)\.)?(?P<model>[a-z_]+)\s*(?::\s*(?P<id>[\w-]+))?\s*$")


class AuditFilterForm(forms.Form):
    """Says what is wrong with a filter instead of answering "no events" (the tryout gave a
    period that ended before it began, and an object as the table names it)."""

    def clean_target(self) -> str:
        value = self.cleaned_data.get("target") or ""
        if value and not TARGET.match(value.lower()):
            raise forms.ValidationError(
                _("Skriv objektets typ och nummer, till exempel idea:12 eller unit:4.")
            )
        return value.lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Slutdagen ligger före startdagen."))
        return data


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
        help_text=_("Typ och nummer, till exempel idea:12 (idé nr 12) eller unit:4 (enhet nr 4)"),
        method="filter_target",
    )
    since = django_filters.DateFilter(label=_("Från och med"), widget=DATE, method="filter_since")
    until = django_filters.DateFilter(label=_("Till och med"), widget=DATE, method="filter_until")

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = AuditFilterForm

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
        match = TARGET.match(value)
        if match is None:  # the form refused it already
            return qs.none()
        model = match["model"]
        qs = (
            qs.filter(target_type=f"{match['app']}.{model}")
            if match["app"]
            else qs.filter(target_type__endswith=f".{model}")
        )
        return qs.filter(target_id=match["id"]) if match["id"] else qs

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
