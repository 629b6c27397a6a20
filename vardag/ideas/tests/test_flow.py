"""The whole journey of an idea, as a new user would try it (issue 4, "Done when")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vardag.forums.models import DecisionType as D
from vardag.ideas import guide, services
from vardag.ideas.models import Decision, IdeaEvent, IdeaState, Lesson
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import governance, make_idea
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_idea_from_submission_to_archive(world):
    gov = governance(world)
    idea = make_idea(world)
    assert idea.state == IdeaState.SUBMITTED
    assert idea.feedback_due_on == timezone.localdate() + timedelta(days=14)
    assert Notification.objects.filter(recipient=world.manager, kind="idea.submitted").exists()

    answer = guide.route(world.employee, unit_ids=[idea.unit_id], decision_type=D.REGISTER)
    assert answer.routes[0].mandate == gov.manager_mandate
    assert any("Manager" in p for p in answer.routes[0].people)

    next_week = timezone.localdate() + timedelta(days=7)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=next_week,
        ),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.IN_PREPARATION
    assert idea.forum == gov.apt
    assert idea.feedback_due_on == next_week
    feedback = Notification.objects.get(recipient=world.employee, kind="idea.feedback")
    assert "är registrerad" in feedback.body and "APT Mottagningen" in feedback.body

    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.GRANT_TIME,
            mandate=gov.manager_mandate,
            hours=30,
            team=[world.employee],
            rationale="Prova under våren.",
        ),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.EXPLORING and idea.hours_granted == 30

    # Money above the management team's mandate is refused, with the reason.
    with pytest.raises(services.MandateRefused) as refused:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            meeting_forum=gov.management,  # decided in the management team's meeting
            decision=DecisionInput(
                decision_type=D.GRANT_MONEY, mandate=gov.management_mandate, amount_sek=80_000
            ),
        )
    assert "över mandatets gräns på 50 000 kr" in " ".join(refused.value.reasons)
    # The unit manager's own mandate does not cover money at all.
    with pytest.raises(services.MandateRefused) as refused:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.GRANT_MONEY, mandate=gov.manager_mandate, amount_sek=10_000
            ),
        )
    assert "omfattar inte beslutstypen" in " ".join(refused.value.reasons)
    services.decision_record(
        actor=world.head,
        idea=idea,
        meeting_forum=gov.management,
        decision=DecisionInput(
            decision_type=D.GRANT_MONEY,
            mandate=gov.management_mandate,
            amount_sek=30_000,
            registry_number="SN 2026/123",
        ),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.DESIGN and idea.amount_granted_sek == 30_000

    services.decision_record(
        actor=world.head,
        idea=idea,
        meeting_forum=gov.management,
        decision=DecisionInput(
            decision_type=D.ARCHIVE,
            mandate=gov.management_mandate,
            rationale="Behovet täcks av den nya e-tjänsten.",
            lesson="Fråga användarna tidigt om vilka kanaler de redan använder.",
            publish_lesson=True,
        ),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.ARCHIVED
    assert Lesson.objects.get(idea=idea).is_published
    assert Decision.objects.filter(idea=idea).count() == 4
    kinds = list(idea.events.values_list("kind", flat=True))
    assert kinds.count(IdeaEvent.Kind.DECISION) == 4
    assert kinds.count(IdeaEvent.Kind.FEEDBACK) == 4


def test_decision_recorded_once_on_double_click(world):
    gov = governance(world)
    idea = make_idea(world)
    kwargs = {
        "actor": world.manager,
        "idea": idea,
        "decision": DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=3),
        ),
        "request_key": "abc123",
    }
    first = services.decision_record(**kwargs)
    second = services.decision_record(**kwargs)
    assert first.pk == second.pk
    assert Decision.objects.filter(idea=idea).count() == 1
    assert Notification.objects.filter(recipient=world.employee, kind="idea.feedback").count() == 1


def test_role_without_mandate_is_refused(world):
    gov = governance(world)
    idea = make_idea(world)
    with pytest.raises(services.MandateRefused) as refused:
        services.decision_record(
            actor=world.employee,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=3),
            ),
        )
    assert "Du har inte rollen" in refused.value.reasons[0]
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED


def test_guards_and_wrong_state(world):
    gov = governance(world)
    idea = make_idea(world)
    with pytest.raises(services.DecisionRefused) as refused:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(decision_type=D.REGISTER, mandate=gov.manager_mandate),
        )
    assert len(refused.value.reasons) == 2  # forum and next handling date
    with pytest.raises(services.DecisionRefused):
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=gov.manager_mandate,
                hours=5,
                team=[world.employee],
            ),
        )


def test_on_hold_and_resume_returns_to_previous_state(world):
    gov = governance(world)
    idea = make_idea(world)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=3),
        ),
    )
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.ON_HOLD,
            mandate=gov.manager_mandate,
            revisit_on=timezone.localdate() + timedelta(days=90),
            rationale="Vänta på ny budget.",
        ),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.ON_HOLD and idea.revisit_on is not None
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(decision_type=D.RESUME, mandate=gov.manager_mandate),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.IN_PREPARATION and idea.revisit_on is None


def test_overdue_feedback_is_flagged_once_to_the_manager(world):
    governance(world)
    idea = make_idea(world)
    later = timezone.localdate() + timedelta(days=15)
    assert services.feedback_overdue_flag(today=later) == 1
    assert services.feedback_overdue_flag(today=later) == 0
    assert Notification.objects.filter(
        recipient=world.manager, kind="idea.feedback_overdue"
    ).exists()
    assert idea.events.filter(kind=IdeaEvent.Kind.OVERDUE).exists()


def test_submit_requires_minimal_canvas(world):
    from django.db import transaction

    with transaction.atomic():
        idea = services.idea_create(actor=world.employee, title="Tom", unit=world.units["unit"])
    with pytest.raises(services.DecisionRefused) as refused:
        services.idea_submit(actor=world.employee, idea=idea)
    assert len(refused.value.reasons) == 3


def test_concurrent_edit_is_refused_without_losing_anything(world):
    from django.db import transaction

    idea = make_idea(world, submit=False)
    version = idea.version
    with transaction.atomic():
        services.idea_update(actor=world.employee, idea=idea, version=version, title="Ny rubrik")
    with pytest.raises(services.StaleEdit), transaction.atomic():
        services.idea_update(actor=world.manager, idea=idea, version=version, summary="Annan text")
    idea.refresh_from_db()
    assert idea.title == "Ny rubrik"
    assert idea.summary != "Annan text"


def test_overdue_task_and_command(world):
    from datetime import date

    from django.core.management import call_command

    from vardag.ideas.models import Idea
    from vardag.ideas.tasks import flag_overdue_feedback

    governance(world)
    idea = make_idea(world)
    Idea.objects.filter(pk=idea.pk).update(feedback_due_on=date(2020, 1, 1))
    flag_overdue_feedback.enqueue()
    idea.refresh_from_db()
    assert idea.overdue_flagged_on is not None
    call_command("ideas_flag_overdue")  # idempotent: nothing new to flag
    assert Notification.objects.filter(kind="idea.feedback_overdue").count() == 1


def test_guide_names_next_meeting_from_a_registered_provider(world):
    from datetime import datetime

    from vardag.ideas.guide import _next_meeting_providers, register_next_meeting

    gov = governance(world)
    when = datetime(2031, 5, 6, 9, 0)
    provider = lambda forum: when if forum == gov.management else None  # noqa: E731
    register_next_meeting(provider)
    try:
        answer = guide.route(
            world.employee, unit_ids=[world.units["unit"].pk], decision_type=D.GRANT_MONEY
        )
    finally:
        _next_meeting_providers.remove(provider)
    route = next(r for r in answer.routes if r.forum == gov.management)
    assert route.next_meeting == when


def test_guide_routes_upward_when_no_mandate_covers(world):
    gov = governance(world)
    from vardag.forums.models import Forum, ForumType

    upper = Forum.objects.create(
        organisation=world.org,
        name="Förvaltningsledningen",
        type=ForumType.ADMINISTRATION_MANAGEMENT,
        owner_unit=world.units["administration"],
    )
    answer = guide.route(
        world.employee,
        unit_ids=[world.units["unit"].pk],
        decision_type=D.GRANT_TIME,
        hours=5000,
    )
    assert not answer.is_covered
    assert answer.upward_forum in (upper, gov.management)


def test_guide_names_only_roles_held_above_the_idea_and_ignores_money_for_g0(world):
    from vardag.core.roles import Role
    from vardag.forums.models import Mandate

    gov = governance(world)
    Mandate.objects.create(
        organisation=world.org,
        title="Rektor: registrera",
        holder_role=Role.PRINCIPAL,
        decision_types=[D.REGISTER],
    )
    answer = guide.route(
        world.employee,
        unit_ids=[world.units["unit"].pk],
        decision_type=D.REGISTER,
        amount_sek=90_000,  # what the idea asks for later does not change who registers it
    )
    assert [r.mandate for r in answer.routes] == [gov.manager_mandate]


def test_on_hold_idea_is_brought_back_on_its_revisit_date(world):
    gov = governance(world)
    idea = make_idea(world)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=3),
        ),
    )
    revisit = timezone.localdate() + timedelta(days=30)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.ON_HOLD,
            mandate=gov.manager_mandate,
            revisit_on=revisit,
            rationale="Budgeten är slut i år.",
        ),
    )
    assert services.revisit_due_flag(today=revisit - timedelta(days=1)) == 0
    assert services.revisit_due_flag(today=revisit) == 1
    assert services.revisit_due_flag(today=revisit) == 0
    assert Notification.objects.filter(recipient=world.manager, kind="idea.revisit_due").exists()


def test_money_gate_asks_for_user_evidence_when_the_process_model_requires_it(world):
    from vardag.ideas.models import Idea
    from vardag.participation import services as participation
    from vardag.participation.tests.factories import legal as legal_reference

    gov = governance(world)
    model = services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    idea = make_idea(world)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=3),
        ),
    )
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.GRANT_TIME, mandate=gov.manager_mandate, hours=10, team=[world.employee]
        ),
    )
    services.process_model_set_evidence(actor=world.admin, model=model, enforce=True)
    money = {
        "actor": world.head,
        "idea": idea,
        "decision": DecisionInput(
            decision_type=D.GRANT_MONEY, mandate=gov.management_mandate, amount_sek=20_000
        ),
        "meeting_forum": gov.management,
    }
    with pytest.raises(services.DecisionRefused) as refused:
        services.decision_record(**money)
    assert len(refused.value.reasons) == 3  # user group, insights, value assessment
    lead = world.innovation_lead
    group = participation.user_group_create(
        actor=lead,
        owner_unit=world.units["unit"],
        name="Föräldrar efter en orosanmälan",
        contact="voluntary",
    )
    insight = participation.insight_create(
        actor=lead,
        statement="”Jag visste inte vem jag skulle ringa.”",
        evidence="indication",
        perspective="user",
        user_groups=[group],
    )
    for target in ({"user_group": group}, {"insight": insight}):
        participation.subject_link(
            actor=lead, subject_type="ideas.idea", subject_id=idea.pk, **target
        )
    legal = legal_reference("SoL")
    participation.value_assessment_create(
        actor=lead,
        subject_type="ideas.idea",
        subject_id=idea.pk,
        title="Värdebedömning",
        perspective="user",
        user_groups=[group],
        wellbeing=1,
        outcome=1,
        experience=1,
        self_management=1,
        collective=1,
        legal_references=[legal],
        within_legal_frame="yes",
    )
    services.decision_record(**money)
    assert Idea.objects.get(pk=idea.pk).state == "design"
