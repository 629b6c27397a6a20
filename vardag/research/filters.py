"""The filters of a code's excerpts, defined once: the code page's filter form and the API's
query parameters for a study's excerpts (`core.filters`, docs/decisions/0008)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.research import selectors
from vardag.research.models import Activity, Excerpt, Study


class ExcerptFilterSet(django_filters.FilterSet):
    speaker_role = django_filters.ChoiceFilter(
        label=_("Talarens roll"),
        choices=Role.choices,
        empty_label=_("Alla"),
        field_name="source__speaker_role",
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Enhet"), queryset=Unit.objects.none(), field_name="source__unit"
    )
    activity_kind = django_filters.ChoiceFilter(
        label=_("Aktivitet"),
        choices=Activity.Kind.choices,
        empty_label=_("Alla"),
        field_name="source__activity__kind",
    )

    class Meta:
        model = Excerpt
        fields: list[str] = []

    def __init__(self, data: Any = None, *, actor: Any, study: Study) -> None:
        super().__init__(data, selectors.visible_excerpts(actor, study))
        self.filters["unit"].queryset = Unit.objects.filter(organisation_id=study.organisation_id)
