"""core.filters (a FilterSet as ninja query parameters) and core.search.words_q."""

from __future__ import annotations

import django_filters
import pytest
from django.db.models import Q
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError

from vardag.core import search
from vardag.core.api_types import MAX_INT
from vardag.core.filters import FlagFilter, api_data, api_filtered, query_schema
from vardag.core.models import Unit


class UnitFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Namn", lookup_expr="icontains", max_length=50)
    kind = django_filters.ChoiceFilter(label="Typ", choices=Unit.Kind.choices)
    parent = django_filters.ModelChoiceFilter(label="Över", queryset=Unit.objects.all())
    depth = django_filters.NumberFilter(label="Djup", method="filter_depth")
    since = django_filters.DateFilter(
        label="Från", field_name="created_at", lookup_expr="date__gte"
    )
    open_only = FlagFilter(label="Bara öppna", method="filter_open")

    class Meta:
        model = Unit
        fields: list[str] = []

    def filter_depth(self, qs, name, value):  # noqa: ANN001, ANN201
        return qs.filter(parent__isnull=True) if value == 0 else qs.filter(parent__isnull=False)

    def filter_open(self, qs, name, value):  # noqa: ANN001, ANN201
        return qs.filter(closed_at__isnull=True) if value else qs


Query = query_schema(UnitFilterSet, "UnitFilterQueryForTest")


def test_each_filter_becomes_a_typed_bounded_parameter():
    props = Query.model_json_schema()["properties"]
    assert list(props) == ["name", "kind", "parent", "depth", "since", "open_only"]
    assert props["name"]["maxLength"] == 50 and props["name"]["description"] == "Namn"
    assert props["kind"]["enum"] == ["", *Unit.Kind.values]
    parent = next(s for s in props["parent"]["anyOf"] if s["type"] == "integer")
    assert (parent["minimum"], parent["maximum"]) == (1, MAX_INT)
    depth = next(s for s in props["depth"]["anyOf"] if s["type"] == "integer")
    assert (depth["minimum"], depth["maximum"]) == (-MAX_INT, MAX_INT)
    assert next(s for s in props["since"]["anyOf"] if s.get("format") == "date")
    assert props["open_only"] == {
        "default": False,
        "description": "Bara öppna",
        "title": "Open Only",
        "type": "boolean",
    }


def test_api_data_leaves_out_what_was_not_given_but_keeps_zero():
    params: Schema = Query(depth=0, open_only=False, name="")
    assert api_data(params) == {"depth": 0}
    assert api_data(Query(open_only=True)) == {"open_only": True}


@pytest.mark.django_db
def test_api_filtered_refuses_an_unknown_id_with_its_parameter(world):
    filterset = UnitFilterSet({"parent": 999_999}, queryset=Unit.objects.all())
    with pytest.raises(NinjaValidationError) as refused:
        api_filtered(filterset)
    assert refused.value.errors[0]["loc"] == ["query", "parent"]
    roots = api_filtered(UnitFilterSet({"depth": 0}, queryset=Unit.objects.all()))
    assert set(roots) == set(Unit.objects.filter(parent__isnull=True))


def test_words_q_needs_every_word_and_an_empty_query_narrows_nothing():
    assert search.words_q("") == Q()
    assert search.words_q("och i att") == Q()  # stopwords only
    q = search.words_q("Skolan barnen", field="text_index")
    assert q == Q(text_index__contains=" skol") & Q(text_index__contains=" barn")
