from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from vardag.accounts.testing import make_person, make_unit
from vardag.core.models import CollaborationAgreement, Organisation, Unit
from vardag.core.roles import Role
from vardag.core.testing import Case
from vardag.forums.models import DecisionType
from vardag.ideas import services
from vardag.ideas.models import Challenge
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance, make_idea


def _partner_idea(world):
    """An idea of a third municipality that affects our unit under an agreement: the world's
    manager acts for our organisation on it; the foreign persona (no agreement) sees nothing."""
    third, _created = Organisation.objects.get_or_create(
        slug="soderby", defaults={"name": "Söderby kommun", "kind": "municipality"}
    )
    unit = make_unit(third, "Söderby gymnasium", Unit.Kind.SCHOOL)
    initiator = make_person(f"siri{unit.pk}", unit, Role.EMPLOYEE)
    agreement = CollaborationAgreement.objects.create(
        title="Samverkan Söderby–Ekbacka", valid_from=timezone.localdate() - timedelta(days=30)
    )
    agreement.parties.set([world.org, third])
    with transaction.atomic():
        idea = services.idea_create(
            actor=initiator,
            title="Gemensam skolstart med Söderby",
            unit=unit,
            affected_units=[world.units["unit"]],
            summary="Elever som flyttar mellan kommunerna får en gemensam start.",
            user_situation="Elever som byter skola mitt i en utredning.",
            better_for_whom="Eleven behöver berätta sin historia en gång.",
        )
    services.idea_submit(actor=initiator, idea=idea)
    return idea


def _setup(world):
    services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    gov = governance(world)
    challenge = Challenge.objects.create(
        organisation=world.org,
        question="Hur kan vi korta väntan för familjer?",
        owner_unit=world.units["administration"],
    )
    idea = make_idea(world, title="Sms-påminnelser till föräldrar", challenge=challenge)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=DecisionType.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    draft = make_idea(world, title="Utkast om läxhjälp", submit=False)
    submitted = make_idea(world, title="Gemensam skolstart")
    other = make_idea(world, title="Digitala samtal med socialsekreterare")
    with transaction.atomic():
        attachment = services.attachment_add(
            actor=world.employee,
            idea=idea,
            upload=SimpleUploadedFile("underlag.txt", b"Underlag", content_type="text/plain"),
        )
        stage = idea.process_model.stages.order_by("order").last()
    return gov, challenge, idea, draft, submitted, other, attachment, stage


def url_cases(world):
    gov, challenge, idea, draft, submitted, other, attachment, stage = _setup(world)
    i = {"idea_id": idea.pk}
    partner = {"idea_id": _partner_idea(world).pk}
    post = {"method": "post", "is_page": False, "expect": 302}
    return {
        "ideas:list": Case(foreign="own", marker="Sms-påminnelser till föräldrar"),
        "ideas:board": Case(foreign="own", marker="Sms-påminnelser till föräldrar"),
        "ideas:create": Case(foreign="own"),
        "ideas:autosave_new": Case(
            foreign="own",
            method="post",
            is_page=False,
            data={"draft_key": "matrix", "title": "Autosparat", "unit": world.units["unit"].pk},
        ),
        "ideas:autosave": Case(
            kwargs={"idea_id": draft.pk},
            method="post",
            is_page=False,
            data={"version": draft.version, "title": "Utkast om läxhjälp", "summary": "Mer text"},
        ),
        "ideas:drafts": Case(foreign="own", marker="Utkast om läxhjälp"),
        "ideas:draft_delete": Case(kwargs={"idea_id": draft.pk}, marker="Utkast om läxhjälp"),
        "ideas:similar": Case(
            foreign="own",
            query="title=påminnelse+sms&summary=föräldrarna",
            marker="Sms-påminnelser till föräldrar",
        ),
        "ideas:guide": Case(
            foreign="own",
            query=f"units={world.units['unit'].pk}&decision_type=register&hours=0&amount_sek=0",
            marker="Enhetschef: registrera och bevilja tid",
        ),
        "ideas:detail": Case(kwargs=i, marker="Sms-påminnelser till föräldrar"),
        "ideas:edit": Case(kwargs=i, marker="Sms-påminnelser till föräldrar"),
        "ideas:submit": Case(kwargs={"idea_id": draft.pk}, **post),
        "ideas:decide": Case(kwargs=i, persona="manager", marker="Registrera beslut"),
        "ideas:feedback": Case(
            kwargs=i, persona="manager", data={"body": "Vi tar upp den på APT."}, **post
        ),
        "ideas:comment": Case(kwargs=i, data={"body": "Bra idé!"}, **post),
        "ideas:organisation": Case(
            kwargs=partner, persona="manager", marker="Gemensam skolstart med Söderby"
        ),
        "ideas:consultation": Case(
            kwargs=partner, persona="manager", marker="Gemensam skolstart med Söderby"
        ),
        "ideas:support": Case(bystander="allowed", kwargs=i, persona="manager", **post),
        "ideas:follow": Case(bystander="allowed", kwargs=i, persona="manager", **post),
        "ideas:stage": Case(kwargs=i, data={"stage": stage.pk}, **post),
        "ideas:publish": Case(kwargs=i, persona="manager", **post),
        "ideas:attachment_upload": Case(kwargs=i, **post),
        "ideas:attachment": Case(
            kwargs={"idea_id": idea.pk, "attachment_id": attachment.pk}, is_page=False
        ),
        "ideas:withdraw": Case(kwargs={"idea_id": submitted.pk}, marker="Gemensam skolstart"),
        "ideas:merge": Case(kwargs={"idea_id": other.pk}, persona="manager"),
        "ideas:challenges": Case(foreign="own", marker="Hur kan vi korta väntan för familjer?"),
        "ideas:challenge_create": Case(foreign="own", persona="manager"),
        "ideas:challenge": Case(
            kwargs={"challenge_id": challenge.pk}, marker="Sms-påminnelser till föräldrar"
        ),
        "ideas:process_models": Case(foreign="own", marker="Utforska upplägg"),
        "ideas:process_model_install": Case(
            foreign="own", persona="admin", data={"preset": "skr"}, **post
        ),
        "ideas:process_model_default": Case(
            kwargs={"model_id": idea.process_model_id}, persona="admin", **post
        ),
        "ideas:process_model_evidence": Case(
            kwargs={"model_id": idea.process_model_id}, persona="admin", **post
        ),
        "ideas:stage_edit": Case(kwargs={"stage_id": stage.pk}, persona="admin"),
        "ideas:stage_add": Case(kwargs={"model_id": idea.process_model_id}, persona="admin"),
        "ideas:stage_move": Case(
            kwargs={"stage_id": stage.pk},
            persona="admin",
            data={"position": stage.order},
            **post,
        ),
        "ideas:stage_delete": Case(
            kwargs={"stage_id": stage.pk}, persona="admin", marker=stage.name
        ),
        "ideas:lessons": Case(foreign="own"),
        "ideas:portfolio": Case(kwargs={"slug": world.org.slug}, public=True),
    }


def api_cases(world):
    gov, challenge, idea, draft, submitted, other, attachment, stage = _setup(world)
    i = {"idea_id": idea.pk}
    partner = {"idea_id": _partner_idea(world).pk}
    base = "/api/v1/ideas"
    return {
        f"GET {base}/ideas": Case(foreign="own", marker="Sms-påminnelser till föräldrar"),
        f"POST {base}/ideas": Case(
            foreign="own",
            expect=201,
            data={"title": "Ny idé via API", "unit_id": world.units["unit"].pk},
        ),
        f"GET {base}/ideas/{{idea_id}}": Case(kwargs=i),
        f"PATCH {base}/ideas/{{idea_id}}": Case(
            kwargs=i, data={"version": idea.version + 1, "summary": "Ny sammanfattning"}
        ),
        f"POST {base}/ideas/{{idea_id}}/submit": Case(kwargs={"idea_id": draft.pk}),
        f"GET {base}/ideas/{{idea_id}}/decisions": Case(kwargs=i),
        f"POST {base}/ideas/{{idea_id}}/decisions": Case(
            kwargs=i,
            persona="manager",
            expect=201,
            data={
                "decision_type": "grant_time",
                "mandate_id": gov.manager_mandate.pk,
                "hours": 20,
                "team_ids": [world.employee.pk],
            },
        ),
        f"GET {base}/ideas/{{idea_id}}/feedback": Case(kwargs=i),
        f"GET {base}/ideas/{{idea_id}}/guide": Case(kwargs=i),
        f"POST {base}/ideas/{{idea_id}}/feedback": Case(
            kwargs=i, persona="manager", expect=201, data={"body": "Vi tar upp den i maj."}
        ),
        f"POST {base}/ideas/{{idea_id}}/comments": Case(
            kwargs=i, expect=201, data={"body": "Bra idé!"}
        ),
        f"GET {base}/ideas/{{idea_id}}/timeline": Case(kwargs=i),
        f"GET {base}/ideas/{{idea_id}}/organisations": Case(kwargs=partner),
        f"PUT {base}/ideas/{{idea_id}}/co-owner": Case(
            kwargs=partner,
            persona="manager",
            data={"co_owner_id": world.manager.pk, "forum_id": gov.apt.pk},
        ),
        f"GET {base}/ideas/{{idea_id}}/consultations": Case(kwargs=partner),
        f"POST {base}/ideas/{{idea_id}}/consultations": Case(
            kwargs=partner,
            persona="manager",
            expect=201,
            data={"position": "supports", "statement": "Vi tillstyrker."},
        ),
        f"GET {base}/similar": Case(
            foreign="own", query="text=sms+påminnelser", marker="Sms-påminnelser"
        ),
        f"GET {base}/challenges": Case(foreign="own", marker="korta väntan"),
        f"GET {base}/challenges/{{challenge_id}}": Case(kwargs={"challenge_id": challenge.pk}),
        f"POST {base}/challenges": Case(
            foreign="own",
            persona="manager",
            expect=201,
            data={"question": "Hur kan vi …?", "owner_unit_id": world.units["unit"].pk},
        ),
    }
