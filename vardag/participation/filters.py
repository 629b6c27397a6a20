"""The filters of the insight library and of the user groups, each defined once: the page's
filter form (and the library's export) and the API's query parameters (`core.filters`,
docs/decisions/0008)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vardag.core.filters import SearchFilter, SearchInput
from vardag.participation import selectors
from vardag.participation.models import EvidenceLevel, Insight, Perspective, UserGroup


class InsightFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Sök"))
    evidence = django_filters.ChoiceFilter(
        label=_("Evidensnivå"), choices=EvidenceLevel.choices, empty_label=_("Alla")
    )
    perspective = django_filters.ChoiceFilter(
        label=_("Perspektiv"), choices=Perspective.choices, empty_label=_("Alla")
    )
    user_group = django_filters.ModelChoiceFilter(
        label=_("Målgrupp"),
        queryset=UserGroup.objects.none(),
        field_name="user_groups",
        empty_label=_("Alla"),
    )

    class Meta:
        model = Insight
        fields: list[str] = []

    def __init__(
        self, data: Any = None, *, actor: Any, queryset: QuerySet[Insight] | None = None
    ) -> None:
        super().__init__(data, queryset if queryset is not None else selectors.insight_list(actor))
        self.filters["user_group"].queryset = selectors.user_group_list(actor)


class UserGroupFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Sök målgrupp"), widget=SearchInput)

    class Meta:
        model = UserGroup
        fields: list[str] = []

    def __init__(
        self, data: Any = None, *, actor: Any, queryset: QuerySet[UserGroup] | None = None
    ) -> None:
        super().__init__(
            data, queryset if queryset is not None else selectors.user_group_list(actor)
        )
