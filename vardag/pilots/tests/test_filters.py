"""The lessons library's filters are defined once (pilots/filters.py) and mean the same on the
page and in the API (issue 13, item 4; docs/decisions/0008)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vardag.accounts.testing import api_client, assert_filters_on_page_and_api, ids_on_page
from vardag.ideas.lessons import lesson_add
from vardag.pilots.filters import LessonFilterSet
from vardag.pilots.tests.factories import idea_with_money, implemented_pilot, record_lesson

pytestmark = pytest.mark.django_db
API = "/api/v1/pilots/lessons"


def test_every_filter_is_on_the_page_and_in_the_api(world, client_for):
    html = client_for("employee").get(reverse("pilots:lessons")).content.decode()
    assert_filters_on_page_and_api(LessonFilterSet, html, api_client(world.employee), API)


def test_the_same_filters_give_the_same_lessons_on_the_page_and_in_the_api(world, client_for):
    pw = idea_with_money(world)
    pilot = implemented_pilot(world, pw)
    client = client_for("employee")
    structured = record_lesson(client, pilot)
    plain = lesson_add(actor=world.employee, idea=pilot.idea, text="Boka lokalen i god tid.")
    cases = [
        ({}, {structured.pk, plain.pk}),
        ({"category": "helped:leadership"}, {structured.pk}),
        ({"category": "hindered:leadership"}, set()),
        ({"q": "LOKALEN"}, {plain.pk}),
        ({"q": "sms", "category": "hindered:technology"}, {structured.pk}),
    ]
    api = api_client(world.employee)
    for values, expected in cases:
        assert set(ids_on_page(client.get(reverse("pilots:lessons"), values))) == expected
        response = api.get(API, {**values, "limit": 500})
        assert response.status_code == 200, response.content
        assert {row["id"] for row in response.json()["items"]} == expected, values


def test_an_unknown_category_is_a_message_on_the_page_and_422_in_the_api(world, client_for):
    html = client_for("employee").get(reverse("pilots:lessons"), {"category": "helped:luck"})
    assert 'id="id_category_error"' in html.content.decode()
    assert api_client(world.employee).get(API, {"category": "helped:luck"}).status_code == 422
