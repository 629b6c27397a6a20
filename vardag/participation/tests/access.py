from vardag.core.testing import Case
from vardag.participation import services
from vardag.participation.models import LegalReference, Perspective, WithinFrame
from vardag.participation.tests.factories import (
    legal,
    make_activity,
    make_challenge,
    make_group,
    make_idea,
    make_insight,
)


def _setup(world):
    group = make_group(world, name="Unga med hög skolfrånvaro")
    persona = services.persona_create(
        actor=world.innovation_lead,
        user_group=group,
        name="Alex, 16",
        summary="Går sällan i skolan.",
    )
    journey = services.journey_create(
        actor=world.innovation_lead, user_group=group, title="Från frånvaro till plan"
    )
    services.journey_step_add(
        actor=world.innovation_lead,
        journey=journey,
        touchpoint="Frånvaroanmälan",
        organisation_name="Ekbackagymnasiet",
        experience="Ingen hör av sig.",
        sphere="provider",
        feeling=-1,
    )
    activity = make_activity(
        world, title="Samdesignverkstad om skolstart", involves_children=True, child_mode=True
    )
    services.activity_invitation_open(actor=world.innovation_lead, activity=activity)
    contribution, code = services.contribution_submit(
        activity=activity, age_band="16-17", text="Mer stöd på morgonen.", scale=4
    )
    insight = make_insight(
        world, statement="Morgnarna är svårast för eleverna.", user_groups=[group]
    )
    idea = make_idea(world)
    challenge = make_challenge(world)
    assessment = services.value_assessment_create(
        actor=world.innovation_lead,
        subject_type="ideas.idea",
        subject_id=idea.pk,
        title="Värde av gemensam plan",
        perspective=Perspective.USER,
        wellbeing=1,
        outcome=2,
        experience=1,
        self_management=1,
        collective=1,
        within_legal_frame=WithinFrame.YES,
        legal_references=[legal("SoL"), legal("Skollagen")],
    )
    actor_map = services.actor_map_create(
        actor=world.innovation_lead,
        subject_type="ideas.challenge",
        subject_id=challenge.pk,
        title="Aktörer kring hemmasittare",
    )
    services.legal_reference_create(
        actor=world.innovation_lead, code="Ekbacka riktlinje", title="Riktlinje för hemmasittare"
    )
    return (
        group,
        persona,
        journey,
        activity,
        contribution,
        code,
        insight,
        idea,
        challenge,
        assessment,
        actor_map,
    )


def url_cases(world):
    (
        group,
        persona,
        journey,
        activity,
        contribution,
        code,
        insight,
        idea,
        challenge,
        assessment,
        actor_map,
    ) = _setup(world)
    post = {"method": "post", "is_page": False, "expect": 302, "persona": "innovation_lead"}
    lead = {"persona": "innovation_lead"}
    return {
        "participation:home": Case(foreign="own", marker="Unga med hög skolfrånvaro"),
        "participation:groups": Case(foreign="own", marker="Unga med hög skolfrånvaro"),
        "participation:group_create": Case(foreign="own", **lead),
        "participation:group": Case(kwargs={"group_id": group.pk}, marker="Alex, 16"),
        "participation:group_edit": Case(kwargs={"group_id": group.pk}, **lead),
        "participation:persona_create": Case(
            kwargs={"group_id": group.pk},
            data={"name": "Sam, 15", "summary": "Tyst i klassen."},
            **post,
        ),
        "participation:journey_create": Case(
            kwargs={"group_id": group.pk}, data={"title": "Tillbaka till skolan"}, **post
        ),
        "participation:persona": Case(
            bystander="allowed", kwargs={"persona_id": persona.pk}, marker="Alex, 16", **lead
        ),
        "participation:journey": Case(
            bystander="allowed", kwargs={"journey_id": journey.pk}, marker="Frånvaroanmälan", **lead
        ),
        "participation:link": Case(
            kwargs={"kind": "insikt", "object_id": insight.pk},
            data={"subject_type": "ideas.idea", "subject_id": idea.pk},
            **post,
        ),
        "participation:insights": Case(
            foreign="own", marker="Morgnarna är svårast", query="q=morgnar"
        ),
        "participation:insight_create": Case(foreign="own", **lead),
        "participation:insight_export": Case(
            kwargs={"fmt": "csv"}, foreign="own", marker="Morgnarna", is_page=False
        ),
        "participation:insight": Case(
            kwargs={"insight_id": insight.pk}, marker="Morgnarna är svårast"
        ),
        "participation:insight_edit": Case(kwargs={"insight_id": insight.pk}, **lead),
        "participation:activities": Case(foreign="own", marker="Samdesignverkstad om skolstart"),
        "participation:activity_create": Case(foreign="own", **lead),
        "participation:activity": Case(
            bystander="allowed",
            kwargs={"activity_id": activity.pk},
            marker="Mer stöd på morgonen.",
            **lead,
        ),
        "participation:activity_edit": Case(kwargs={"activity_id": activity.pk}, **lead),
        "participation:activity_qr": Case(kwargs={"activity_id": activity.pk}, is_page=False),
        "participation:activity_invitation": Case(
            kwargs={"activity_id": activity.pk}, data={"open": "0"}, **post
        ),
        "participation:activity_feedback": Case(
            kwargs={"activity_id": activity.pk},
            data={"feedback": "Vi startar en morgongrupp."},
            **post,
        ),
        "participation:contribution_respond": Case(
            kwargs={"contribution_id": contribution.pk},
            data={"response": "Tack, vi tar med det."},
            **post,
        ),
        "participation:evidence": Case(
            foreign="own",
            query=f"subject_type=ideas.idea&subject_id={idea.pk}",
            marker="Värde av gemensam plan",
        ),
        "participation:values": Case(foreign="own", marker="Värde av gemensam plan"),
        "participation:value_create": Case(
            foreign="own", query=f"subject_type=ideas.idea&subject_id={idea.pk}", **lead
        ),
        "participation:value": Case(
            kwargs={"assessment_id": assessment.pk}, marker="Värde av gemensam plan"
        ),
        "participation:value_edit": Case(kwargs={"assessment_id": assessment.pk}, **lead),
        "participation:legal": Case(foreign="own", marker="Riktlinje för hemmasittare"),
        "participation:legal_edit": Case(
            kwargs={"reference_id": LegalReference.objects.get(organisation=world.org).pk},
            marker="Riktlinje för hemmasittare",
            **lead,
        ),
        "participation:actor_maps": Case(foreign="own", marker="Aktörer kring hemmasittare"),
        "participation:actor_map_create": Case(
            foreign="own", query=f"subject_type=ideas.challenge&subject_id={challenge.pk}", **lead
        ),
        "participation:actor_map": Case(
            kwargs={"map_id": actor_map.pk}, marker="Aktörer kring hemmasittare"
        ),
        "participation:take_part": Case(kwargs={"token": activity.token}, public=True),
        "participation:thanks": Case(
            kwargs={"token": activity.token}, public=True, is_page=False, expect=302
        ),
        "participation:my_view_lookup": Case(public=True),
        "participation:my_view": Case(kwargs={"code": code}, public=True),
    }


def api_cases(world):
    (
        group,
        persona,
        journey,
        activity,
        contribution,
        code,
        insight,
        idea,
        challenge,
        assessment,
        actor_map,
    ) = _setup(world)
    lead = {"persona": "innovation_lead"}
    created = {"expect": 201, **lead}
    return {
        "GET /api/v1/participation/legal-references": Case(foreign="own"),
        "GET /api/v1/participation/groups": Case(foreign="own", marker="Unga med hög skolfrånvaro"),
        "POST /api/v1/participation/groups": Case(
            foreign="own",
            data={
                "name": "Vårdnadshavare",
                "owner_unit_id": world.units["unit"].pk,
                "contact": "voluntary",
            },
            **created,
        ),
        "GET /api/v1/participation/groups/{group_id}": Case(kwargs={"group_id": group.pk}),
        "GET /api/v1/participation/journeys/{journey_id}": Case(kwargs={"journey_id": journey.pk}),
        "GET /api/v1/participation/insights": Case(foreign="own", marker="Morgnarna"),
        "POST /api/v1/participation/insights": Case(
            foreign="own",
            data={
                "statement": "Bussen går för tidigt.",
                "evidence": "assumption",
                "perspective": "user",
            },
            **created,
        ),
        "GET /api/v1/participation/insights/{insight_id}": Case(kwargs={"insight_id": insight.pk}),
        "GET /api/v1/participation/activities": Case(foreign="own", marker="Samdesignverkstad"),
        "POST /api/v1/participation/activities": Case(
            foreign="own",
            data={
                "title": "Dialogmöte",
                "unit_id": world.units["unit"].pk,
                "kind": "consultation",
                "method": "dialogue",
                "counts": {"26-64": 6},
            },
            **created,
        ),
        "GET /api/v1/participation/activities/{activity_id}": Case(
            kwargs={"activity_id": activity.pk}
        ),
        "POST /api/v1/participation/activities/{activity_id}/feedback": Case(
            kwargs={"activity_id": activity.pk}, data={"feedback": "Tack!"}, **lead
        ),
        "GET /api/v1/participation/value-assessments": Case(
            foreign="own", marker="Värde av gemensam plan"
        ),
        "POST /api/v1/participation/value-assessments": Case(
            foreign="404",
            data={
                "subject_id": idea.pk,
                "title": "Ny bedömning",
                "perspective": "organisation",
                "within_legal_frame": "unclear",
            },
            **created,
        ),
        "GET /api/v1/participation/value-assessments/{assessment_id}": Case(
            kwargs={"assessment_id": assessment.pk}
        ),
        "GET /api/v1/participation/actor-maps/{map_id}": Case(kwargs={"map_id": actor_map.pk}),
        "GET /api/v1/participation/evidence": Case(
            foreign="404", query=f"subject_type=ideas.idea&subject_id={idea.pk}"
        ),
        "POST /api/v1/participation/links": Case(
            foreign="404", data={"subject_id": idea.pk, "user_group_id": group.pk}, **created
        ),
    }
