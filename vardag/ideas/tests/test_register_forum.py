"""G0 hands an idea to a forum that can decide its next step (G1 for the idea's units): the
decision form offers only such forums and the service (page and API) refuses others with the
reason. The same rule as escalate/transfer (`policy.forum_takes`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.accounts import services as account_services
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Forum, ForumMembership, ForumType
from vardag.ideas import policy, services
from vardag.ideas.models import Decision, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance, make_idea

pytestmark = pytest.mark.django_db


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_g0_offers_and_takes_only_forums_that_can_decide_the_next_step(world, client_for):
    gov = governance(world)
    idea = make_idea(world)
    assert idea.state == IdeaState.SUBMITTED
    # A forum of the organisation without any mandate and without members who hold one.
    book_club = Forum.objects.create(
        organisation=world.org,
        name="Bokcirkeln",
        type=ForumType.COLLABORATION_GROUP,
        owner_unit=world.units["unit"],
    )
    # A joint group of another line (the school's), where the unit manager sits: her own
    # mandate is for her line's forums, so the group cannot take the idea (the tryout found it
    # offered and accepted).
    school_group = Forum.objects.create(
        organisation=world.org,
        name="Samverkan skola",
        type=ForumType.COLLABORATION_GROUP,
        owner_unit=world.units["school"],
    )
    ForumMembership.objects.create(forum=school_group, user=world.manager)
    manager = client_for("manager")
    url = reverse("ideas:decide", args=[idea.pk])
    offered = set(manager.get(url, {"typ": D.REGISTER}).context["form"].fields["forum"].queryset)
    # The APT (its chair holds the unit manager's mandate for time) and the management team
    # (its own mandate) can decide G1; the committee (money and scale-up) and the club cannot.
    assert offered == {gov.apt, gov.management}
    for forum in (gov.apt, gov.management, gov.committee, book_club, school_group):
        assert policy.forum_takes(idea, forum, D.REGISTER) == (forum in offered)
    g0 = {
        "decision_type": D.REGISTER,
        "mandate": gov.manager_mandate.pk,
        "forum": gov.committee.pk,
        "next_handling_on": _day(7),
        "hours": 0,
        "amount_sek": 0,
        "request_key": "g0-committee",
    }
    refused = manager.post(url, g0)
    assert refused.status_code == 422
    # The committee is not among the choices, so the form refuses it before the service does.
    assert not Decision.objects.filter(idea=idea).exists()
    # The service gives the reason (a page with an older form, the API, a script).
    with pytest.raises(services.DecisionRefused) as caught:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.committee,
                next_handling_on=timezone.localdate() + timedelta(days=7),
            ),
        )
    assert "Socialnämnden har inget giltigt mandat för nästa steg" in " ".join(caught.value.reasons)
    token = account_services.token_create(actor=world.manager, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {
        "decision_type": D.REGISTER,
        "mandate_id": gov.manager_mandate.pk,
        "forum_id": book_club.pk,
        "next_handling_on": _day(7),
    }
    answer = api.post(
        f"/api/v1/ideas/ideas/{idea.pk}/decisions", body, content_type="application/json"
    )
    assert answer.status_code == 422 and "Bokcirkeln har inget giltigt mandat" in str(answer.json())
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED and idea.forum is None
    ok = manager.post(url, {**g0, "forum": gov.apt.pk, "request_key": "g0-apt"})
    assert ok.status_code == 302
    idea.refresh_from_db()
    assert idea.state == IdeaState.IN_PREPARATION and idea.forum == gov.apt
