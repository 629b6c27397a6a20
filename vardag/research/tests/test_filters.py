"""A code's excerpt filters are defined once (research/filters.py) and mean the same on the
code's page and in the API's excerpt list (issue 13, item 4; docs/decisions/0008)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vardag.accounts.testing import api_client, assert_filters_on_page_and_api, ids_in_api
from vardag.research.filters import ExcerptFilterSet
from vardag.research.models import Activity, Excerpt, Source
from vardag.research.tests.factories import TEXT, make_study

pytestmark = pytest.mark.django_db


def _api(study_id: int) -> str:
    return f"/api/v1/research/studies/{study_id}/excerpts"


def test_every_filter_is_on_the_code_page_and_in_the_api(world, client_for):
    w = make_study(world.researcher)
    html = client_for("researcher").get(reverse("research:code", args=[w.code.pk]))
    api = api_client(world.researcher)
    path = "/api/v1/research/studies/{study_id}/excerpts"
    # The API lists a study's excerpts: besides the shared filters it takes the code (the page
    # is one code's) and paging.
    in_api = set(ExcerptFilterSet.base_filters) | {"code_id"}
    assert_filters_on_page_and_api(ExcerptFilterSet, html.content.decode(), api, path, in_api)


def test_the_same_filters_give_the_same_excerpts_on_the_page_and_in_the_api(world, client_for):
    w = make_study(world.researcher)
    workshop = Activity.objects.create(study=w.study, kind="workshop", title="Verkstad")
    manager_source = Source.objects.create(
        study=w.study,
        activity=workshop,
        title="Intervju B",
        text=TEXT,
        speaker_role="unit_manager",
        unit=world.units["unit"],
    )
    managers = Excerpt.objects.create(
        source=manager_source, code=w.code, coder=world.researcher, start=0, end=20
    )
    cases = [
        ({}, {w.excerpt.pk, managers.pk}),
        ({"speaker_role": "employee"}, {w.excerpt.pk}),
        ({"speaker_role": "unit_manager"}, {managers.pk}),
        ({"unit": world.units["unit"].pk}, {managers.pk}),
        ({"activity_kind": "focus_group"}, {w.excerpt.pk}),
        ({"activity_kind": "workshop", "speaker_role": "employee"}, set()),
    ]
    client = client_for("researcher")
    api = api_client(world.researcher)
    for values, expected in cases:
        page = client.get(reverse("research:code", args=[w.code.pk]), values)
        assert {e.pk for e, _ctx in page.context["excerpts"]} == expected, values
        shown = ids_in_api(api, _api(w.study.pk), {**values, "code_id": w.code.pk})
        assert shown == sorted(expected), values


def test_a_wrong_filter_value_is_a_message_on_the_page_and_422_in_the_api(world, client_for):
    w = make_study(world.researcher)
    foreign_unit = world.units["other_unit"].pk
    page = client_for("researcher").get(
        reverse("research:code", args=[w.code.pk]), {"unit": foreign_unit}
    )
    assert 'id="id_unit_error"' in page.content.decode()
    response = api_client(world.researcher).get(_api(w.study.pk), {"unit": foreign_unit})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "unit"]
