"""List pages need the same number of queries for 5 and 50 rows."""

import pytest
from django.urls import reverse

from vardag.core.testing import assert_constant_queries
from vardag.participation import services
from vardag.participation.models import (
    Activity,
    ActorMap,
    Contribution,
    Insight,
    UserGroup,
    ValueAssessment,
)
from vardag.participation.tests.factories import (
    legal,
    make_activity,
    make_challenge,
    make_group,
    make_idea,
    make_insight,
)

pytestmark = pytest.mark.django_db


def _grow(model, make):
    def grow(n):
        while model.objects.count() < n:
            make(model.objects.count())

    return grow


def test_group_list(world, client_for):
    client = client_for("innovation_lead")
    assert_constant_queries(
        lambda: client.get(reverse("participation:groups")),
        _grow(UserGroup, lambda i: make_group(world, name=f"Grupp {i}")),
    )


def test_insight_library(world, client_for):
    client = client_for("innovation_lead")
    group = make_group(world)
    activity = make_activity(world)

    def make(i):
        make_insight(world, statement=f"Insikt {i}", user_groups=[group], activities=[activity])

    assert_constant_queries(
        lambda: client.get(reverse("participation:insights") + "?q=insikt"), _grow(Insight, make)
    )


def test_activity_list(world, client_for):
    client = client_for("innovation_lead")
    group = make_group(world)

    def make(i):
        make_activity(world, title=f"Aktivitet {i}", user_groups=[group], counts={"16-17": 6})

    assert_constant_queries(
        lambda: client.get(reverse("participation:activities")), _grow(Activity, make)
    )


def test_activity_page_with_many_contributions(world, client_for):
    client = client_for("innovation_lead")
    activity = make_activity(world, counts={"16-17": 8})
    services.activity_invitation_open(actor=world.innovation_lead, activity=activity)

    def make(i):
        services.contribution_submit(activity=activity, age_band="16-17", text=f"Svar {i}")

    assert_constant_queries(
        lambda: client.get(reverse("participation:activity", args=[activity.pk])),
        _grow(Contribution, make),
    )


def test_value_list_and_actor_maps(world, client_for):
    client = client_for("innovation_lead")
    idea, challenge = make_idea(world), make_challenge(world)

    def make_value(i):
        services.value_assessment_create(
            actor=world.innovation_lead,
            subject_type="ideas.idea",
            subject_id=idea.pk,
            title=f"Bedömning {i}",
            perspective="user",
            wellbeing=1,
            outcome=1,
            experience=0,
            self_management=0,
            collective=-1,
            within_legal_frame="yes",
            legal_references=[legal("SoL")],
        )

    def make_map(i):
        services.actor_map_create(
            actor=world.innovation_lead,
            subject_type="ideas.challenge",
            subject_id=challenge.pk,
            title=f"Karta {i}",
        )

    assert_constant_queries(
        lambda: client.get(reverse("participation:values")), _grow(ValueAssessment, make_value)
    )
    assert_constant_queries(
        lambda: client.get(reverse("participation:actor_maps")), _grow(ActorMap, make_map)
    )


def test_evidence_for_is_constant(world):
    from vardag.core.testing import count_queries
    from vardag.participation import selectors

    idea = make_idea(world)
    group = make_group(world)

    def evidence():
        return selectors.evidence_for(
            world.innovation_lead, subject_type="ideas.idea", subject_id=idea.pk
        ).missing(selectors.Requirements(needs_value_assessment_with_legal_basis=True))

    def grow(n):
        while Insight.objects.count() < n:
            insight = make_insight(world, statement="x", user_groups=[group])
            services.subject_link(
                actor=world.innovation_lead,
                subject_type="ideas.idea",
                subject_id=idea.pk,
                insight=insight,
            )

    grow(2)
    few = count_queries(evidence)
    grow(20)
    assert count_queries(evidence) == few
