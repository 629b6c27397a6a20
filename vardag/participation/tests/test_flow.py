"""The new-user journey from issue 6: user group → co-design with children → insights →
feedback read with the participant's code → value assessment → evidence complete for G2."""

import re

import pytest
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from vardag.core.models import AuditEvent
from vardag.participation import selectors
from vardag.participation.models import Activity, Contribution, Insight, UserGroup, ValueAssessment
from vardag.participation.tests.factories import legal, make_idea

pytestmark = pytest.mark.django_db

G2 = selectors.Requirements(
    min_user_groups=1,
    min_user_voice_insights=2,
    needs_value_assessment_with_legal_basis=True,
    needs_lundy_when_children=True,
)


def _missing(world, idea):
    return selectors.evidence_for(
        world.innovation_lead, subject_type="ideas.idea", subject_id=idea.pk
    ).missing(G2)


def test_innovation_lead_journey_makes_g2_possible_only_at_the_end(world, client_for):
    lead = client_for("innovation_lead")
    idea = make_idea(world)
    sol, skollagen = legal("SoL"), legal("Skollagen")
    assert len(_missing(world, idea)) == 3  # group, insights, value (no children known yet)

    # 1. A user group of young people with high school absence, known to social services.
    response = lead.post(
        reverse("participation:group_create"),
        {
            "name": "Unga med hög skolfrånvaro kända av socialtjänsten",
            "description": "Elever på gymnasiet med mer än 50 procent frånvaro.",
            "owner_unit": world.units["unit"].pk,
            "age_min": 15,
            "age_max": 19,
            "includes_children": "on",
            "contact": "mixed",
            "third_parties": ["guardian", "teacher"],
            "legal_frames": [sol.pk, skollagen.pk],
            "size_estimate": 40,
        },
    )
    group = UserGroup.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{group.pk}/")
    lead.post(
        reverse("participation:link", args=["malgrupp", group.pk]),
        {"subject_type": "ideas.idea", "subject_id": idea.pk},
    )

    # 2. A co-design workshop with 8 participants, children, guardian consent recorded.
    response = lead.post(
        reverse("participation:activity_create"),
        {
            "title": "Samdesignverkstad: en bra skolstart",
            "unit": world.units["unit"].pk,
            "kind": "co_design",
            "method": "workshop",
            "held_on": "2026-11-10",
            "user_groups": [group.pk],
            "level": 3,
            "lundy_space": "on",
            "lundy_voice": "on",
            "lundy_audience": "on",
            "lundy_influence": "on",
            "involves_children": "on",
            "guardian_consent": "on",
            "child_consent": "on",
            "age_adapted_method": "on",
            "support_person": "on",
            "consent_rule": "under_13",
            "child_mode": "on",
            "question": "Vad gör det lätt att gå till skolan?",
            "count_16-17": 8,
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.counts.get().count == 8
    lead.post(reverse("participation:activity_invitation", args=[activity.pk]), {"open": "1"})
    activity.refresh_from_db()
    assert activity.is_open and activity.token

    # A participant takes part without an account and gets a personal code.
    public = Client()
    page = public.post(
        reverse("participation:take_part", args=[activity.token]),
        {"age_band": "16-17", "scale": 4, "text": "En vuxen som säger hej på morgonen."},
        follow=True,
    )
    assert page.status_code == 200
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", page.content.decode()).group(0)

    # 3. Insights in the users' own voice, from the workshop.
    for statement in (
        "Eleverna vill att en vuxen på skolan märker när de inte kommer.",
        "Morgnarna är svårast: eleverna orkar inte komma i tid.",
    ):
        lead.post(
            reverse("participation:insight_create"),
            {
                "statement": statement,
                "evidence": "insight",
                "perspective": "user",
                "user_groups": [group.pk],
                "activities": [activity.pk],
            },
        )
    for insight in Insight.objects.all():
        lead.post(
            reverse("participation:link", args=["insikt", insight.pk]),
            {"subject_type": "ideas.idea", "subject_id": idea.pk},
        )
    assert _missing(world, idea) == [
        "En värdebedömning med rättslig grund, inom den rättsliga ramen, saknas."
    ]

    # 4. Feedback the participants read with their code.
    lead.post(
        reverse("participation:activity_feedback", args=[activity.pk]),
        {"feedback": "Vi prövar en morgonvärd på skolan från januari."},
    )
    mine = public.get(reverse("participation:my_view", args=[code]))
    assert "Vi prövar en morgonvärd" in mine.content.decode()
    assert "En vuxen som säger hej" in mine.content.decode()

    # 5. A value assessment citing skollagen and SoL.
    response = lead.post(
        reverse("participation:value_create") + f"?subject_type=ideas.idea&subject_id={idea.pk}",
        {
            "title": "Morgonvärd för unga med hög frånvaro",
            "perspective": "user",
            "user_groups": [group.pk],
            "wellbeing": 1,
            "outcome": 2,
            "experience": 1,
            "self_management": 1,
            "collective": 1,
            "legal_references": [sol.pk, skollagen.pk],
            "within_legal_frame": "yes",
            "child_view": "Jag vill att någon frågar hur jag mår.",
            "best_interests": "Närvaro i skolan skyddar mot utanförskap.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ValueAssessment.objects.get().subject_label == idea.title

    # Only now is the G2 evidence complete.
    assert _missing(world, idea) == []
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "user_group.created",
        "activity.created",
        "contribution.submitted",
        "insight.created",
        "activity.feedback_given",
        "value_assessment.created",
        "participation.linked",
    } <= actions


def test_lundy_gap_blocks_when_children_are_involved(world):
    from vardag.participation import services
    from vardag.participation.tests.factories import make_activity, make_group, make_insight

    idea = make_idea(world)
    group = make_group(world)
    activity = make_activity(world, involves_children=True, lundy_influence=False)
    for text in ("Ett", "Två"):
        insight = make_insight(world, statement=text, user_groups=[group], activities=[activity])
        with transaction.atomic():
            services.subject_link(
                actor=world.innovation_lead,
                subject_type="ideas.idea",
                subject_id=idea.pk,
                insight=insight,
            )
    missing = _missing(world, idea)
    assert any("Lundys checklista" in m for m in missing)


def test_evidence_is_scoped_to_the_actors_organisation(world):
    idea = make_idea(world)
    with pytest.raises(Http404):  # the foreign persona cannot even name the idea
        selectors.subject_label(world.foreign, "ideas.idea", idea.pk)
    evidence = selectors.evidence_for(world.foreign, subject_type="ideas.idea", subject_id=idea.pk)
    assert evidence.user_groups == [] and evidence.insights == []


def test_contributions_store_no_code_in_clear(world):
    from vardag.participation import services
    from vardag.participation.tests.factories import make_activity

    activity = make_activity(world)
    services.activity_invitation_open(actor=world.innovation_lead, activity=activity)
    contribution, code = services.contribution_submit(activity=activity, age_band="18-25", scale=3)
    stored = Contribution.objects.filter(pk=contribution.pk).values().get()
    assert code not in str(stored)
    assert selectors.contribution_by_code(code.lower()) == contribution
    assert selectors.contribution_by_code(code.replace("-", "")) == contribution


def test_every_affected_unit_must_have_been_consulted(world):
    from vardag.participation import services
    from vardag.participation.tests.factories import make_activity

    idea = make_idea(world)
    activity = make_activity(world)  # held by world.units["unit"]
    services.subject_link(
        actor=world.innovation_lead,
        subject_type="ideas.idea",
        subject_id=idea.pk,
        activity=activity,
    )
    req = selectors.Requirements(
        min_user_groups=0,
        consulted_unit_ids=frozenset({world.units["unit"].pk, world.units["school"].pk}),
    )
    evidence = selectors.evidence_for(
        world.innovation_lead, subject_type="ideas.idea", subject_id=idea.pk
    )
    assert evidence.missing(req) == [
        "Ingen delaktighetsaktivitet från dessa berörda verksamheter: Ekbackagymnasiet."
    ]
