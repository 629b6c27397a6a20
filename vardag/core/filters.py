"""One definition of a list's filters for its page and its API (docs/decisions/0008).

A list's filters are one django-filter `FilterSet`: its form is the page's filter form, and
`query_schema` turns the same filters into the API's query parameters (ninja validates their
types, the OpenAPI document lists them); `api_filtered` hands the validated values to the same
FilterSet, so an unknown choice or id is the same refusal as on the page (422 here). A FilterSet
only narrows a queryset that a selector has already limited to what the person may see.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import django_filters
from django import forms
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import create_model

from vardag.core import search
from vardag.core.api_types import MAX_INT


class FlagFilter(django_filters.Filter):
    """A checkbox on the page, `true` in the API: narrows only when ticked (never "is false")."""

    field_class = forms.BooleanField


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchFilter(django_filters.CharFilter):
    """Free text matched word by word against the stored search stems (`core.search`)."""

    def __init__(self, *args: Any, field: str = "search_text", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)
        self.search_field = field

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs.filter(search.words_q(value, self.search_field)) if value else qs


def _choice_values(f: django_filters.Filter) -> tuple[str, ...]:
    choices = f.extra.get("choices", ())
    if callable(choices):
        choices = choices()
    values: list[str] = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            values += [str(v) for v, _label in label]
        elif value != "":
            values.append(str(value))
    return tuple(values)


def _parameter(f: django_filters.Filter) -> tuple[Any, Any]:
    """The API parameter of one filter: its type, default and description (its label)."""
    text = str(f.label or "")
    if isinstance(f, django_filters.ModelChoiceFilter):
        return int | None, Field(None, ge=1, le=MAX_INT, description=text)
    if isinstance(f, django_filters.NumberFilter):
        return int | None, Field(None, ge=-MAX_INT, le=MAX_INT, description=text)
    if isinstance(f, django_filters.DateFilter):
        return date | None, Field(None, description=text)
    if isinstance(f, FlagFilter):
        return bool, Field(False, description=text)
    if isinstance(f, django_filters.ChoiceFilter):
        values = _choice_values(f)
        return Literal[("", *values)], Field("", description=text)  # type: ignore[valid-type]
    return str, Field("", max_length=f.extra.get("max_length", 200), description=text)


def query_schema(filterset: type[django_filters.FilterSet], name: str) -> type[Schema]:
    """The FilterSet's filters as a ninja query schema (parameter = filter name)."""
    fields = {fname: _parameter(f) for fname, f in filterset.base_filters.items()}
    return create_model(name, __base__=Schema, **fields)  # type: ignore[call-overload,no-any-return]


def api_filtered(filterset: django_filters.FilterSet) -> QuerySet[Any]:
    """The FilterSet's queryset, or 422 with each refused parameter and its message."""
    if not filterset.is_valid():
        raise NinjaValidationError(
            [
                {"loc": ["query", name], "msg": " ".join(messages), "type": "invalid"}
                for name, messages in filterset.errors.items()
            ]
        )
    return filterset.qs


def api_data(params: Schema) -> dict[str, Any]:
    """The validated query parameters as FilterSet data (what was not given is left out)."""
    # `is` for False: 0 == False, and a number filter's 0 is a value.
    return {k: v for k, v in params.dict().items() if v is not None and v != "" and v is not False}
