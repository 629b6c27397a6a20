"""The lessons library's filters, defined once: the page's filter form and the API's query
parameters (`core.filters`, docs/decisions/0008)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vardag.ideas.models import Lesson
from vardag.pilots import selectors


class LessonFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Kategori"),
        choices=selectors.category_choices,
        empty_label=_("Alla kategorier"),
        method="filter_category",
    )
    q = django_filters.CharFilter(
        label=_("Sök i texten"), field_name="text", lookup_expr="icontains", max_length=100
    )

    class Meta:
        model = Lesson
        fields: list[str] = []

    def __init__(
        self, data: Any = None, *, actor: Any, queryset: QuerySet[Lesson] | None = None
    ) -> None:
        super().__init__(data, queryset if queryset is not None else selectors.lesson_list(actor))

    def filter_category(self, qs: QuerySet[Lesson], name: str, value: str) -> QuerySet[Lesson]:
        return selectors.category_filter(qs, value)
