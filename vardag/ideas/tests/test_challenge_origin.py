"""Acting on a conditions result: a weak dimension becomes a challenge that links back to it."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from vardag.ideas.models import Challenge
from vardag.surveys.models import Audience
from vardag.surveys.selectors import result_dimension_url
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = pytest.mark.django_db


def test_a_manager_turns_a_dimension_result_into_a_linked_challenge(world, client_for):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 8)
    result_url = result_dimension_url(round_.pk, "time", world.units["unit"].pk)
    client = client_for("manager")
    page = client.get(result_url).content.decode()
    link = re.search(r'href="(/ideer/utmaningar/ny/\?[^"]+)"', page)
    assert link, "the result page offers to create a challenge"

    form_page = client.get(html.unescape(link.group(1))).content.decode()
    assert html.escape(result_url) in form_page  # carried in a hidden field
    response = client.post(
        reverse("ideas:challenge_create"),
        {
            "question": "Hur kan vi ge medarbetarna tid att pröva idéer?",
            "driver": "challenge",
            "owner_unit": world.units["unit"].pk,
            "origin_url": result_url,
            "origin_label": "Omgång 2026 – Tid och resurser",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert challenge.origin_url == result_url
    detail = client.get(reverse("ideas:challenge", args=[challenge.pk])).content.decode()
    assert f'href="{html.escape(result_url)}"' in detail


def test_an_outside_origin_is_refused_with_a_message(world, client_for):
    response = client_for("manager").post(
        reverse("ideas:challenge_create"),
        {
            "question": "Hur kan vi …?",
            "driver": "challenge",
            "owner_unit": world.units["unit"].pk,
            "origin_url": "https://example.com/phish",
        },
    )
    assert response.status_code == 200
    assert "Underlaget måste vara en adress i Vardag" in response.content.decode()
    assert not Challenge.objects.exists()


def test_researchers_see_results_but_not_the_challenge_button(world, client_for):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 8)
    page = client_for("researcher").get(result_dimension_url(round_.pk, "time")).content.decode()
    assert "/ideer/utmaningar/ny/" not in page
