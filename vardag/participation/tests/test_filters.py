"""The insight library's filters are defined once (participation/filters.py) and mean the same
on the page, in its export and in the API (issue 13, item 4; docs/decisions/0008)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vardag.accounts.testing import (
    api_client,
    assert_filters_on_page_and_api,
    ids_in_api,
    ids_on_page,
)
from vardag.participation.filters import InsightFilterSet, UserGroupFilterSet
from vardag.participation.models import EvidenceLevel, Perspective
from vardag.participation.tests.factories import make_group, make_insight

API = "/api/v1/participation/insights"


def test_every_filter_is_on_the_page_and_in_the_api(world, client_for):
    html = client_for("innovation_lead").get(reverse("participation:insights")).content.decode()
    assert_filters_on_page_and_api(InsightFilterSet, html, api_client(world.employee), API)


def test_the_same_filters_give_the_same_insights_on_the_page_and_in_the_api(world, client_for):
    group = make_group(world)
    home = make_insight(world, "Skolan ringer inte hem.", user_groups=[group])
    social = make_insight(world, "Socialtjänsten ringer hem.", evidence=EvidenceLevel.ASSUMPTION)
    staff = make_insight(world, "Lärarna saknar tid.", perspective=Perspective.PROFESSIONAL)
    make_insight(world, "Föräldrar vill veta mer.")
    cases = [
        ({"q": "ringer"}, {home.pk, social.pk}),
        ({"q": "ringer skolan"}, {home.pk}),
        ({"evidence": EvidenceLevel.ASSUMPTION}, {social.pk}),
        ({"perspective": Perspective.PROFESSIONAL}, {staff.pk}),
        ({"user_group": group.pk}, {home.pk}),
        ({"user_group": group.pk, "q": "socialtjänsten"}, set()),
    ]
    api = api_client(world.employee)
    client = client_for("employee")
    for values, expected in cases:
        page = client.get(reverse("participation:insights"), values)
        assert set(ids_on_page(page)) == expected, values
        assert ids_in_api(api, API, values) == sorted(expected), values
        export = client.get(reverse("participation:insight_export", args=["csv"]), values)
        lines = export.content.decode("utf-8-sig").strip().splitlines()[1:]
        assert sorted(int(line.split(";")[0]) for line in lines) == sorted(expected), values


@pytest.mark.parametrize(
    "values,field",
    [({"user_group": "abc"}, "user_group"), ({"evidence": "rykte"}, "evidence")],
)
def test_a_wrong_filter_value_is_a_message_on_the_page_and_422_in_the_api(
    world, client_for, values, field
):
    html = client_for("employee").get(reverse("participation:insights"), values).content.decode()
    assert f'id="id_{field}_error"' in html and "giltig" in html
    response = api_client(world.employee).get(API, values)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["errors"])


def test_another_organisations_group_is_refused_in_the_api(world):
    from vardag.participation import services
    from vardag.participation.models import ContactKind

    foreign_group = services.user_group_create(
        actor=world.foreign,
        name="Nyanlända familjer",
        owner_unit=world.units["other_unit"],
        description="Familjer som kommit till kommunen det senaste året.",
        contact=ContactKind.MIXED,
    )
    response = api_client(world.employee).get(API, {"user_group": foreign_group.pk})
    assert response.status_code == 422


GROUPS_API = "/api/v1/participation/groups"


def test_every_group_filter_is_on_the_page_and_in_the_api(world, client_for):
    html = client_for("innovation_lead").get(reverse("participation:groups")).content.decode()
    assert '<input type="search" name="q"' in html and 'for="id_q"' in html
    assert_filters_on_page_and_api(UserGroupFilterSet, html, api_client(world.employee), GROUPS_API)


def test_the_same_search_gives_the_same_groups_on_the_page_and_in_the_api(world, client_for):
    absent = make_group(world, name="Unga med hög skolfrånvaro")
    parents = make_group(world, name="Föräldrar till barn i förskolan")
    api = api_client(world.employee)
    client = client_for("employee")
    for query, expected in [("", {absent.pk, parents.pk}), ("föräldern", {parents.pk})]:
        on_page = ids_on_page(client.get(reverse("participation:groups"), {"q": query}))
        assert set(on_page) == expected, query
        assert ids_in_api(api, GROUPS_API, {"q": query}) == sorted(expected), query
