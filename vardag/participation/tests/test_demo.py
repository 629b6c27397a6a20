"""The demo loader's data through the services (a small world stands in for vardag.demo's,
which sits above participation and cannot be imported here)."""

from types import SimpleNamespace

import pytest

from vardag.participation import demo, selectors
from vardag.participation.models import Activity, Insight, UserGroup
from vardag.participation.tests.factories import make_challenge, make_idea

pytestmark = pytest.mark.django_db


def test_demo_builds_the_user_perspective_and_links_to_ideas(world):
    demo_world = SimpleNamespace(
        ekbacka=world.org,
        units={
            "sf_utveckling": world.units["unit"],
            "sf_mottagning": world.units["unit"],
            "elevhalsan": world.units["school"],
        },
        users={"innovation_lead": world.innovation_lead, "designer": world.innovation_lead},
    )
    demo.load(demo_world)
    assert UserGroup.objects.filter(organisation=world.org, includes_children=True).exists()
    workshop = Activity.objects.get(title__startswith="Samdesignverkstad")
    assert workshop.is_open and workshop.feedback and workshop.contributions.count() == 6
    assert Insight.objects.filter(perspective="user").count() >= 4
    idea, challenge = make_idea(world), make_challenge(world)
    demo.link_to_ideas(demo_world, idea=idea, challenge=challenge)
    evidence = selectors.evidence_for(
        world.innovation_lead, subject_type="ideas.idea", subject_id=idea.pk
    )
    requirements = selectors.Requirements(
        min_user_voice_insights=2,
        needs_value_assessment_with_legal_basis=True,
        needs_lundy_when_children=True,
    )
    assert evidence.missing(requirements) == []
