"""The demo data: an idea between Ekbacka and Norrvik, school and social services, with
co-owners, a forum per organisation and Norrvik's statement before the money decision."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from vardag.accounts.models import User
from vardag.forums.models import DecisionType
from vardag.ideas.models import Consultation, Decision, Idea, IdeaOrganisation, IdeaState

pytestmark = pytest.mark.django_db


def test_demo_has_a_school_and_social_services_idea_across_the_border():
    call_command("demo", stdout=io.StringIO())
    idea = Idea.objects.get(title__startswith="Trygg skolgång när en ungdom placeras")
    assert {u.organisation.slug for u in idea.affected_units.all()} == {"ekbacka", "norrvik"}
    assert idea.state == IdeaState.DESIGN
    assert idea.forum.name == "Samverkansgrupp Ekbacka–Norrvik"
    part = IdeaOrganisation.objects.get(idea=idea)
    assert part.organisation.slug == "norrvik" and part.co_owner.username == "norrvik"
    assert part.forum.name == "Ledningsgrupp individ- och familjeomsorgen"
    assert Consultation.objects.get(idea=idea).position == "conditions"
    assert Decision.objects.filter(idea=idea, decision_type=DecisionType.GRANT_MONEY).exists()
    # Both demo users see it, with the forum of each organisation.
    for username in ("medarbetare", "norrvik"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
        assert "Medägare och forum per organisation" in page
        assert "Ledningsgrupp individ- och familjeomsorgen" in page
    # Norrvik's own idea affects Ekbacka's school: the principal there is its co-owner.
    norrvik_idea = Idea.objects.get(title="Gemensamt första möte med skolan")
    assert IdeaOrganisation.objects.get(idea=norrvik_idea).co_owner.username == "rektor"
