"""Every idea records whether it is new, adapted from elsewhere (from where) or copied."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vardag.ideas.models import Idea, IdeaOrigin

pytestmark = pytest.mark.django_db


def _post(client, world, **extra):
    data = {
        "title": "Samtalskort från Malmö",
        "summary": "Kort som hjälper barn att berätta.",
        "kind": "service",
        "unit": world.units["unit"].pk,
        "user_situation": "Barn som har svårt att berätta.",
        "better_for_whom": "Barnen får säga sitt.",
        "asks_hours": "0",
        "asks_amount_sek": "0",
        "action": "submit",
        **extra,
    }
    return client.post(reverse("ideas:create"), data)


def test_an_adapted_idea_says_from_where(world, client_for):
    client = client_for("employee")
    response = _post(client, world, origin="adapted")
    idea = Idea.objects.get()
    assert idea.state == "draft"  # saved, but not submitted: it must say from where
    page = client.get(response["Location"]).content.decode()
    assert "Skriv varifrån idén kommer." in page
    response = client.post(
        reverse("ideas:edit", args=[idea.pk]),
        {
            "title": idea.title,
            "summary": idea.summary,
            "kind": "service",
            "unit": world.units["unit"].pk,
            "user_situation": idea.user_situation,
            "better_for_whom": idea.better_for_whom,
            "asks_hours": "0",
            "asks_amount_sek": "0",
            "origin": "adapted",
            "origin_source": "Malmö stad, socialtjänsten",
            "version": idea.version,
            "action": "submit",
        },
    )
    idea.refresh_from_db()
    assert idea.state == "submitted", response.content.decode()[:500]
    assert (idea.origin, idea.origin_source) == (IdeaOrigin.ADAPTED, "Malmö stad, socialtjänsten")
    page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Anpassad från någon annan" in page and "Malmö stad, socialtjänsten" in page


def test_an_idea_without_an_origin_is_new(world, client_for):
    assert _post(client_for("employee"), world).status_code == 302
    assert Idea.objects.get().origin == IdeaOrigin.NEW
