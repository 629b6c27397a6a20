"""Who is asked to register (G0) a submitted idea: those whom the decision page offers it and the
service lets record it, never a manager whose mandate does not cover the idea's units (the
tryout found the home unit's manager asked to register an idea that also concerned a school)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.forums.models import ForumMembership, Mandate, MandateScope
from vardag.ideas import policy, services
from vardag.ideas.tests.factories import governance, make_idea
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _asked(kind: str = "idea.submitted") -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _register_anywhere(world, title: str, **holder) -> Mandate:
    """A mandate to register ideas anywhere in the organisation, valid since yesterday."""
    return Mandate.objects.create(
        organisation=world.org,
        title=title,
        decision_types=[D.REGISTER],
        scope=MandateScope.ORGANISATION,
        valid_from=timezone.localdate() - timedelta(days=1),
        **holder,
    )


def test_the_manager_whose_mandate_covers_the_idea_is_asked(world):
    gov = governance(world)
    idea = make_idea(world)
    assert _asked() == {"manager"}
    # The same person the decision page offers the registration to, with her mandate.
    assert policy.decision_choices(world.manager, idea)[D.REGISTER] == [gov.manager_mandate]
    assert _asked("idea.unroutable") == set()


def test_a_manager_whose_mandate_does_not_cover_the_units_is_not_asked(world):
    governance(world)
    # The idea's home unit is the manager's, but it also concerns the school, outside her
    # subtree: her mandate does not cover it and the page does not offer her the decision.
    idea = make_idea(world, affected_units=[world.units["school"]])
    assert D.REGISTER not in policy.decision_choices(world.manager, idea)
    assert "manager" not in _asked()
    # Nobody's mandate covers it: the innovation lead and the admin hear why.
    assert _asked() == set()
    assert _asked("idea.unroutable") == {"innovation_lead", "admin"}
    notice = Notification.objects.get(kind="idea.unroutable", recipient=world.innovation_lead)
    assert "inget mandat" in notice.body and "Ekbackagymnasiet" in notice.body


def test_the_holder_of_a_covering_mandate_is_asked_instead(world):
    governance(world)
    head_mandate = _register_anywhere(
        world,
        "Förvaltningschef: registrera idéer i hela kommunen",
        holder_role=Role.ADMINISTRATION_HEAD,
    )
    idea = make_idea(world, affected_units=[world.units["school"]])
    assert _asked() == {"head"}
    assert policy.decision_choices(world.head, idea)[D.REGISTER] == [head_mandate]
    assert _asked("idea.unroutable") == set()
    # The daily flag of overdue feedback goes to the same person, not the home unit's manager.
    later = timezone.localdate() + timedelta(days=15)
    assert services.feedback_overdue_flag(today=later) == 1
    assert _asked("idea.feedback_overdue") == {"head"}


def test_a_forum_whose_mandate_covers_the_idea_is_asked_through_its_chair(world):
    gov = governance(world)
    _register_anywhere(
        world, "Ledningsgruppen: registrera idéer i hela kommunen", holder_forum=gov.management
    )
    make_idea(world, affected_units=[world.units["school"]])
    # The management team's chair (the head) puts it on the agenda; the manager, a plain member
    # of that forum with a mandate too small, is not asked.
    assert _asked() == {"head"}
    notice = Notification.objects.get(kind="idea.submitted", recipient=world.head)
    assert str(gov.management) in notice.subject and "dagordning" in notice.body


def test_a_forum_without_a_chair_is_asked_through_its_secretary(world):
    gov = governance(world)
    ForumMembership.objects.filter(forum=gov.management, role="chair").delete()
    ForumMembership.objects.create(forum=gov.management, user=world.researcher, role="secretary")
    _register_anywhere(
        world, "Ledningsgruppen: registrera idéer i hela kommunen", holder_forum=gov.management
    )
    make_idea(world, affected_units=[world.units["school"]])
    assert _asked() == {"researcher"}


@override_settings(LANGUAGE_CODE="sv")
def test_the_notice_to_the_innovation_lead_is_in_her_language(world):
    governance(world)
    world.innovation_lead.language = "en"
    world.innovation_lead.save(update_fields=["language"])
    make_idea(world, affected_units=[world.units["school"]])
    english = Notification.objects.get(kind="idea.unroutable", recipient=world.innovation_lead)
    swedish = Notification.objects.get(kind="idea.unroutable", recipient=world.admin)
    assert english.subject.startswith("Nobody has the mandate to register")
    assert swedish.subject.startswith("Ingen har mandat att registrera")


def test_an_ended_innovation_lead_assignment_does_not_count(world):
    from vardag.accounts.models import Membership

    governance(world)
    yesterday = timezone.localdate() - timedelta(days=1)
    Membership.objects.filter(user=world.innovation_lead).update(
        starts_on=yesterday - timedelta(days=30), ends_on=yesterday
    )
    make_idea(world, affected_units=[world.units["school"]])
    assert _asked("idea.unroutable") == {"admin"}


def test_the_revisit_reminder_goes_to_those_who_can_resume(world):
    gov = governance(world)
    idea = make_idea(world)
    revisit = timezone.localdate() + timedelta(days=10)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=services.DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.management,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=services.DecisionInput(
            decision_type=D.ON_HOLD,
            mandate=gov.manager_mandate,
            revisit_on=revisit,
            rationale="Budgeten är slut i år.",
        ),
    )
    assert services.revisit_due_flag(today=revisit) == 1
    # The manager may resume it herself; the head chairs the forum that holds it.
    assert _asked("idea.revisit_due") == {"manager", "head"}


def _confirmation(client, idea) -> str:
    from django.urls import reverse

    response = client.post(reverse("ideas:submit", args=[idea.pk]), follow=True)
    assert response.redirect_chain == [(reverse("ideas:detail", args=[idea.pk]), 302)]
    return " ".join(str(m) for m in response.context["messages"])


def test_the_confirmation_names_those_told_to_register_the_idea(world, client_for):
    """The tryout: "Din chef får en avisering" even when the notice went elsewhere. The
    confirmation names those the notices went to, from the same list."""
    gov = governance(world)
    client = client_for("employee")
    # The manager whose mandate covers the idea.
    said = _confirmation(client, make_idea(world, submit=False))
    assert _asked() == {"manager"}
    assert said == (
        f"Idén är inlämnad. {world.manager.get_full_name()} (enhetschef) får en avisering om "
        "att registrera den."
    )
    # Nobody's mandate covers it: the innovation lead and the admin, who help it on.
    Notification.objects.all().delete()
    said = _confirmation(
        client, make_idea(world, submit=False, affected_units=[world.units["school"]])
    )
    assert _asked("idea.unroutable") == {"innovation_lead", "admin"}
    assert "Inget mandat täcker registrering" in said
    assert world.innovation_lead.get_full_name() in said and "chef" not in said
    # A forum whose mandate covers it: its name (its chair puts it on the agenda).
    _register_anywhere(
        world, "Ledningsgruppen: registrera idéer i hela kommunen", holder_forum=gov.management
    )
    Notification.objects.all().delete()
    said = _confirmation(
        client, make_idea(world, submit=False, affected_units=[world.units["school"]])
    )
    assert _asked() == {"head"}
    assert said == f"Idén är inlämnad. {gov.management} får en avisering om att registrera den."


def test_a_joint_forum_is_asked_only_about_ideas_that_span_its_organisations(world):
    """The tryout: Samverkansgrupp Ekbacka–Norrvik was asked to register an idea that affected
    no unit of Norrvik. Its mandate reaches across organisations; such ideas are its business,
    an idea of one organisation is registered in that organisation's own forums (DOMAIN.md)."""
    from vardag.ideas.services.common import registrars
    from vardag.ideas.tests.factories import cross_organisation

    cross = cross_organisation(world)
    assert cross.cross_mandate.scope == MandateScope.CROSS_ORGANISATION
    # The idea that affects the partner's unit: the joint forum's chair is asked.
    assert cross.joint in registrars(cross.idea).forums
    # An idea of Ekbacka alone (the home unit and the school): not the joint forum.
    own = make_idea(world, title="Bara Ekbacka", affected_units=[world.units["school"]])
    asked = registrars(own)
    assert cross.joint not in asked.forums
    assert not Notification.objects.filter(
        kind="idea.submitted", recipient=world.head, subject__contains="Bara Ekbacka"
    ).exists()
    assert _asked("idea.unroutable") >= {"innovation_lead"}  # nobody else's mandate covers it
