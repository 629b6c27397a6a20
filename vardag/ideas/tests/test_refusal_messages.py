"""Refusals reach the person the same way after the views moved to `act_or_message`: a
message for a button, nothing written (issue 13 item 3)."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from vardag.ideas.models import IdeaState, ProcessModel
from vardag.ideas.tests.factories import make_idea

pytestmark = pytest.mark.django_db


def _messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.context["messages"]]


def test_submitting_twice_says_why_and_changes_nothing(world, client_for):
    idea = make_idea(world)
    assert idea.state == IdeaState.SUBMITTED
    response = client_for("employee").post(reverse("ideas:submit", args=[idea.pk]), follow=True)
    assert (constants.ERROR, "Idén är redan inlämnad.") in _messages(response)
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED


def test_installing_a_process_model_says_how_it_went(world, client_for):
    admin = client_for("admin")
    url = reverse("ideas:process_model_install")
    unknown = admin.post(url, {"preset": "okand"}, follow=True)
    assert [level for level, _text in _messages(unknown)] == [constants.ERROR]
    assert not ProcessModel.objects.filter(organisation=world.org).exists()
    done = admin.post(url, {"preset": "helsingborg"}, follow=True)
    assert (constants.SUCCESS, "Processmodellen är tillagd.") in _messages(done)
    assert ProcessModel.objects.filter(organisation=world.org).count() == 1
