"""The idea list's filters are defined once (ideas/filters.py) and mean the same on the page, on
the board and in the API (issue 13, item 4; docs/decisions/0008)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vardag.accounts.testing import (
    api_client,
    assert_filters_on_page_and_api,
    ids_in_api,
    ids_on_page,
)
from vardag.ideas import services
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.models import Idea, IdeaState
from vardag.ideas.tests.factories import make_idea

API = "/api/v1/ideas/ideas"


def test_every_filter_is_on_the_list_the_board_and_in_the_api(world, client_for):
    api = api_client(world.employee)
    client = client_for("employee")
    for page in (reverse("ideas:list"), reverse("ideas:board")):
        html = client.get(page).content.decode()
        assert_filters_on_page_and_api(IdeaFilterSet, html, api, API)


def scene(world: Any) -> dict[str, Idea]:
    services.process_model_install_for(world.org.pk, "skr", make_default=True)
    school = make_idea(world, title="Läxhjälp i skolan")
    family = make_idea(world, title="Stöd till familjehem", kind=Idea.Kind.WORKING_METHOD)
    draft = make_idea(world, title="Ett utkast om skolan", submit=False)
    other = services.idea_create(
        actor=world.people["principal"],
        title="Schemat för elevhälsan",
        unit=world.units["school"],
        summary="Elevhälsan når fler elever.",
        user_situation="Elever som behöver elevhälsan hittar inte tider.",
        better_for_whom="Eleverna får hjälp samma vecka.",
    )
    services.idea_submit(actor=world.people["principal"], idea=other)
    # Created on known days, so since/until have an answer to check.
    at = timezone.make_aware(datetime(2025, 3, 10, 12))
    Idea.objects.filter(pk=family.pk).update(created_at=at)
    Idea.objects.filter(pk=other.pk).update(created_at=at.replace(month=5))
    last = school.process_model.stages.order_by("order").last()
    Idea.objects.filter(pk=family.pk).update(stage=last)
    return {"school": school, "family": family, "draft": draft, "other": other}


def _cases(world: Any, ideas: dict[str, Idea]) -> list[tuple[dict[str, Any], set[str]]]:
    """Filter values and the ideas they must give the employee (worked out from the scene)."""
    family, school = ideas["family"], ideas["school"]
    return [
        ({}, {"school", "family", "draft", "other"}),
        ({"q": "skolan"}, {"school", "draft"}),
        ({"state": IdeaState.DRAFT}, {"draft"}),
        ({"stage": family.stage_id}, {"family"}),
        (
            {"stage": school.stage_id},
            {k for k, i in ideas.items() if i.stage_id == school.stage_id},
        ),
        ({"unit": world.units["unit"].pk}, {"school", "family", "draft"}),
        ({"unit": world.units["administration"].pk}, set()),
        ({"unit": world.units["administration"].pk, "under": True}, {"school", "family", "draft"}),
        ({"kind": Idea.Kind.WORKING_METHOD}, {"family"}),
        ({"since": "2025-01-01", "until": "2025-04-30"}, {"family"}),
        ({"since": "2025-04-01", "until": "2025-12-31"}, {"other"}),
        ({"mine": True}, {"school", "family", "draft"}),
        ({"submitted": True}, {"school", "family", "other"}),
        ({"organisation": world.org.pk, "q": "elevhälsan"}, {"other"}),
    ]


def _page_params(values: dict[str, Any]) -> dict[str, Any]:
    return {k: "on" if v is True else v for k, v in values.items()}


def _api_params(values: dict[str, Any]) -> dict[str, Any]:
    return {k: "true" if v is True else v for k, v in values.items()}


def test_the_same_filters_give_the_same_ideas_on_the_page_and_in_the_api(world, client_for):
    ideas = scene(world)
    for idea in ideas.values():
        idea.refresh_from_db()
    # The scene is what the cases assume: the family idea alone in the last stage.
    assert ideas["family"].stage_id != ideas["school"].stage_id
    api = api_client(world.employee)
    client = client_for("employee")
    by_id = {idea.pk: key for key, idea in ideas.items()}
    for values, expected in _cases(world, ideas):
        page = client.get(reverse("ideas:list"), _page_params(values))
        assert page.status_code == 200
        on_page = ids_on_page(page)
        assert {by_id[i] for i in on_page} == expected, values
        assert ids_in_api(api, API, _api_params(values)) == on_page, values


@pytest.mark.parametrize(
    "values,field",
    [
        ({"unit": "abc"}, "unit"),
        ({"stage": "999999"}, "stage"),
        ({"state": "bogus"}, "state"),
        ({"since": "tisdag"}, "since"),
        ({"driver": "nobody"}, "driver"),
    ],
)
def test_a_wrong_filter_value_is_a_message_on_the_page_and_422_in_the_api(
    world, client_for, values, field
):
    page = client_for("employee").get(reverse("ideas:list"), values)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="field-error"' in html and f'id="id_{field}_error"' in html
    assert "giltig" in html  # Django's Swedish message: "Välj ett giltigt alternativ", "…datum"
    response = api_client(world.employee).get(API, values)
    assert response.status_code == 422, response.content
    assert any(field in error["loc"] for error in response.json()["errors"])


def test_the_english_page_words_the_refusal_in_english(world, client_for):
    client = client_for("employee")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("ideas:list"), {"since": "tisdag"}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Enter a valid date." in html


def test_another_organisations_unit_is_refused_in_the_api_not_ignored(world):
    response = api_client(world.employee).get(API, {"unit": world.units["other_unit"].pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "unit"]


def test_a_filter_never_widens_what_the_person_may_see(world):
    ideas = scene(world)
    assert ideas["draft"].state == IdeaState.DRAFT
    principal = api_client(world.people["principal"])
    shown = ids_in_api(principal, API, {"state": IdeaState.DRAFT})
    assert shown == []  # the employee's draft stays the employee's
    foreign = ids_in_api(api_client(world.foreign), API, {"q": "skolan"})
    assert foreign == []
