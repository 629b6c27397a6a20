import pytest
from django.apps import apps

from vardag.demo import loader
from vardag.participation import demo, selectors
from vardag.participation.models import Activity, Insight, UserGroup

pytestmark = pytest.mark.django_db


def test_demo_builds_the_user_perspective_and_links_to_ideas():
    world = loader.load()
    assert UserGroup.objects.filter(organisation=world.ekbacka, includes_children=True).exists()
    workshop = Activity.objects.get(title__startswith="Samdesignverkstad")
    assert workshop.is_open and workshop.feedback and workshop.contributions.count() == 6
    assert Insight.objects.filter(perspective="user").count() >= 4
    idea = apps.get_model("ideas", "Idea").objects.filter(organisation=world.ekbacka).first()
    challenge = (
        apps.get_model("ideas", "Challenge").objects.filter(organisation=world.ekbacka).first()
    )
    demo.link_to_ideas(world, idea=idea, challenge=challenge)
    lead = world.users["innovation_lead"]
    evidence = selectors.evidence_for(lead, subject_type="ideas.idea", subject_id=idea.pk)
    assert (
        evidence.missing(
            selectors.Requirements(
                min_user_voice_insights=2,
                needs_value_assessment_with_legal_basis=True,
                needs_lundy_when_children=True,
            )
        )
        == []
    )
