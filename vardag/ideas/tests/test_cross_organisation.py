"""Ideas that span organisations (DOMAIN.md F4): co-owners and a current forum per organisation,
a statement from every affected organisation before money (G2), and escalation only to a forum
whose mandate covers the idea."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.accounts import services as account_services
from vardag.accounts.testing import make_person, make_unit
from vardag.core.models import AuditEvent, CollaborationAgreement, Organisation, Unit
from vardag.core.roles import Role
from vardag.core.testing import assert_constant_queries
from vardag.forums.models import DecisionType as D
from vardag.forums.models import Forum, ForumMembership, ForumType, Mandate, MandateScope
from vardag.ideas import guide, selectors, services
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.models import Consultation, IdeaEvent, IdeaOrganisation, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import cross_organisation, governance, make_idea
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _register_and_grant_time(world, cw) -> None:
    services.decision_record(
        actor=world.manager,
        idea=cw.idea,
        meeting_forum=cw.joint,  # the joint forum decides in its meeting
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=cw.cross_mandate,
            forum=cw.joint,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    services.decision_record(
        actor=world.manager,
        idea=cw.idea,
        meeting_forum=cw.joint,  # the joint forum decides in its meeting
        decision=DecisionInput(
            decision_type=D.GRANT_TIME,
            mandate=cw.cross_mandate,
            hours=40,
            team=[world.employee],
            next_handling_on=timezone.localdate() + timedelta(days=30),
        ),
    )
    cw.idea.refresh_from_db()


def test_cross_organisation_journey_through_the_pages_and_the_api(world, client_for):
    cw = cross_organisation(world)
    idea = cw.idea
    _register_and_grant_time(world, cw)
    assert idea.state == IdeaState.EXPLORING
    detail = reverse("ideas:detail", args=[idea.pk])

    # The partner's manager was told when it was submitted, sees the idea, and that nobody in
    # Norrvik owns it yet.
    told = Notification.objects.get(recipient=cw.partner_manager, kind="idea.partner_affected")
    assert "Ekbacka kommun" in told.subject and told.url == reverse("ideas:detail", args=[idea.pk])
    partner = client_for("partner_manager")
    page = partner.get(detail).content.decode()
    assert "Medägare och forum per organisation" in page
    assert "Inte namngiven" in page and "Inte hörd än" in page
    assert reverse("ideas:organisation", args=[idea.pk]) in page
    # The initiator's side cannot act for Norrvik.
    assert (
        client_for("employee").get(reverse("ideas:organisation", args=[idea.pk])).status_code == 403
    )

    # Moving the idea is refused while Norrvik has no co-owner.
    with pytest.raises(services.DecisionRefused) as refused:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            meeting_forum=cw.joint,
            decision=DecisionInput(
                decision_type=D.TRANSFER,
                mandate=cw.cross_mandate,
                forum=cw.gov.management,
                next_handling_on=timezone.localdate() + timedelta(days=7),
            ),
        )
    assert "Medägare saknas för Norrviks kommun" in " ".join(refused.value.reasons)

    # The partner names its co-owner and its own forum.
    named = partner.post(
        reverse("ideas:organisation", args=[idea.pk]),
        {
            "co_owner": cw.partner_manager.pk,
            "forum": cw.partner_forum.pk,
            "next_handling_on": _day(10),
        },
    )
    assert named.status_code == 302
    row = IdeaOrganisation.objects.get(idea=idea)
    assert (row.organisation, row.co_owner, row.forum) == (
        world.other_org,
        cw.partner_manager,
        cw.partner_forum,
    )
    assert set(
        AuditEvent.objects.filter(action="idea.co_owner").values_list("organisation", flat=True)
    ) == {world.org.pk, world.other_org.pk}
    assert Notification.objects.filter(recipient=world.employee, kind="idea.co_owner").exists()
    # Norrvik's forum finds the idea among the ideas it handles.
    listed = partner.get(reverse("ideas:list"), {"forum": cw.partner_forum.pk}).content.decode()
    assert idea.title in listed
    # The initiator's side sees it on the idea page and in the guide.
    own_page = client_for("employee").get(detail).content.decode()
    assert "Ledningsgrupp IFO Norrvik" in own_page and "olle" in own_page.lower()
    answer_forums = {
        str(o.organisation): o.forum
        for o in guide.organisation_forums(
            idea,
            selectors.organisation_parts(selectors.access_idea(world.employee, idea.pk)),
            D.GRANT_MONEY,
        )
    }
    assert answer_forums == {"Ekbacka kommun": cw.joint, "Norrviks kommun": cw.partner_forum}

    # G2 is refused until Norrvik has been heard: on the decide form and in the API.
    money = {
        "decision_type": D.GRANT_MONEY,
        "mandate": cw.cross_mandate.pk,
        "amount_sek": 30_000,
        "hours": 0,
        "request_key": "g2-first",
    }
    # G2 is the joint forum's decision, taken in its meeting: the idea page offers it to nobody
    # on their own (the manager's own mandate does not cross organisations).
    manager_page = client_for("manager").get(detail).content.decode()
    assert reverse("ideas:decide", args=[idea.pk]) not in manager_page
    assert (
        client_for("manager").post(reverse("ideas:decide", args=[idea.pk]), money).status_code
        == 403
    )
    with pytest.raises(services.DecisionRefused) as not_heard:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            meeting_forum=cw.joint,
            decision=DecisionInput(
                decision_type=D.GRANT_MONEY, mandate=cw.cross_mandate, amount_sek=30_000
            ),
        )
    assert "Inte hörda än: Norrviks kommun" in " ".join(not_heard.value.reasons)
    token = account_services.token_create(actor=world.manager, name="t")[1]
    api = Client().post(
        f"/api/v1/ideas/ideas/{idea.pk}/decisions",
        data={
            "decision_type": D.GRANT_MONEY,
            "mandate_id": cw.cross_mandate.pk,
            "amount_sek": 30000,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert api.status_code == 422 and "Norrviks kommun" in api.json()["detail"]

    # Norrvik's statement: on the timeline, and the initiator is told.
    stated = partner.post(
        reverse("ideas:consultation", args=[idea.pk]),
        {
            "position": Consultation.Position.SUPPORTS_WITH_CONDITIONS,
            "statement": "Vi tillstyrker om Norrviks gymnasieskola får vara med i piloten.",
            "forum": cw.partner_forum.pk,
            "recorded_on": _day(0),
        },
    )
    assert stated.status_code == 302
    assert idea.events.filter(kind=IdeaEvent.Kind.CONSULTATION).exists()
    assert Notification.objects.filter(recipient=world.employee, kind="idea.consultation").exists()

    services.decision_record(
        actor=world.manager,
        idea=idea,
        meeting_forum=cw.joint,
        decision=DecisionInput(
            decision_type=D.GRANT_MONEY, mandate=cw.cross_mandate, amount_sek=30_000
        ),
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.DESIGN and idea.amount_granted_sek == 30_000
    # The co-owner in Norrvik gets the decision's feedback too.
    assert Notification.objects.filter(recipient=cw.partner_manager, kind="idea.feedback").exists()
    page = client_for("employee").get(detail).content.decode()
    assert "Tillstyrker med villkor" in page


def test_organisation_without_agreement_sees_nothing_of_it(world, client_for):
    cw = cross_organisation(world)
    third = Organisation.objects.create(name="Söderby kommun", slug="soderby", kind="municipality")
    outsider = make_person("sven", make_unit(third, "Socialtjänsten", Unit.Kind.UNIT), Role.ADMIN)
    world.people["outsider"] = outsider
    client = client_for("outsider")
    for name in ("ideas:detail", "ideas:organisation", "ideas:consultation"):
        assert client.get(reverse(name, args=[cw.idea.pk])).status_code == 404
    token = account_services.token_create(actor=outsider, name="t")[1]
    for path in ("organisations", "consultations"):
        response = Client().get(
            f"/api/v1/ideas/ideas/{cw.idea.pk}/{path}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 404
    # And the partner loses access when the agreement ends.
    cw.agreement.terminated_at = timezone.now()
    cw.agreement.save()
    assert (
        client_for("partner_manager")
        .get(reverse("ideas:consultation", args=[cw.idea.pk]))
        .status_code
        == 404
    )


def test_only_managers_or_the_co_owner_of_the_partner_act_for_it(world, client_for):
    cw = cross_organisation(world)
    staff = make_person("stina", world.units["other_unit"], Role.EMPLOYEE)
    world.people["partner_staff"] = staff
    url = reverse("ideas:consultation", args=[cw.idea.pk])
    assert client_for("partner_staff").get(url).status_code == 403
    services.idea_organisation_set(
        actor=cw.partner_manager, idea=cw.idea, co_owner=staff, forum=cw.partner_forum
    )
    # Named co-owner: may now record the statement.
    assert client_for("partner_staff").get(url).status_code == 200
    # A co-owner from elsewhere, or a forum the partner takes no part in, is refused.
    with pytest.raises(services.ValidationError):
        services.idea_organisation_set(
            actor=cw.partner_manager, idea=cw.idea, co_owner=world.employee, forum=cw.partner_forum
        )
    with pytest.raises(services.ValidationError):
        services.idea_organisation_set(
            actor=cw.partner_manager, idea=cw.idea, co_owner=staff, forum=cw.gov.management
        )
    # The joint forum (with a Norrvik unit as partner) is allowed.
    services.idea_organisation_set(
        actor=cw.partner_manager, idea=cw.idea, co_owner=staff, forum=cw.joint
    )
    assert IdeaOrganisation.objects.get(idea=cw.idea).forum == cw.joint
    assert IdeaOrganisation.objects.count() == 1


def test_escalation_needs_a_forum_whose_mandate_covers_the_next_step(world, client_for):
    gov = governance(world)
    idea = make_idea(world)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    escalate = {
        "decision_type": D.ESCALATE,
        "mandate": gov.manager_mandate.pk,
        "forum": gov.committee.pk,
        "next_handling_on": _day(14),
        "hours": 0,
        "amount_sek": 0,
        "request_key": "esc-1",
    }
    # The committee decides money and scale-up, not time: the form does not offer it, and the
    # service's reason names forum and scope.
    refused = client_for("manager").post(reverse("ideas:decide", args=[idea.pk]), escalate)
    assert refused.status_code == 422
    assert gov.committee not in refused.context["form"].fields["forum"].queryset
    with pytest.raises(services.DecisionRefused) as caught:
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.ESCALATE,
                mandate=gov.manager_mandate,
                forum=gov.committee,
                next_handling_on=timezone.localdate() + timedelta(days=14),
            ),
        )
    text = " ".join(caught.value.reasons)
    assert "Socialnämnden har inget giltigt mandat för nästa steg" in text
    assert "G1 Beslut tid" in text and "Mottagningsenheten" in text
    idea.refresh_from_db()
    assert idea.forum == gov.apt
    # A forum with a mandate that has expired does not count either (nor does a member's own
    # mandate: the unit manager, who could decide time in its meeting, leaves it here).
    gov.management_mandate.valid_until = timezone.localdate() - timedelta(days=1)
    gov.management_mandate.valid_from = timezone.localdate() - timedelta(days=60)
    gov.management_mandate.save()
    ForumMembership.objects.filter(forum=gov.management, user=world.manager).delete()
    with pytest.raises(services.DecisionRefused):
        services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.ESCALATE,
                mandate=gov.manager_mandate,
                forum=gov.management,
                next_handling_on=timezone.localdate() + timedelta(days=14),
            ),
        )
    gov.management_mandate.valid_until = None
    gov.management_mandate.save()
    ok = client_for("manager").post(
        reverse("ideas:decide", args=[idea.pk]),
        {**escalate, "forum": gov.management.pk, "request_key": "esc-2"},
    )
    assert ok.status_code == 302
    idea.refresh_from_db()
    assert idea.forum == gov.management


def test_escalating_a_cross_organisation_idea_needs_a_mandate_across_organisations(world):
    cw = cross_organisation(world)
    services.decision_record(
        actor=world.manager,
        idea=cw.idea,
        meeting_forum=cw.joint,  # the joint forum decides in its meeting
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=cw.cross_mandate,
            forum=cw.joint,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    services.idea_organisation_set(
        actor=cw.partner_manager, idea=cw.idea, co_owner=cw.partner_manager, forum=cw.partner_forum
    )
    with pytest.raises(services.DecisionRefused) as refused:
        services.decision_record(
            actor=world.manager,
            idea=cw.idea,
            meeting_forum=cw.joint,
            decision=DecisionInput(
                decision_type=D.TRANSFER,
                mandate=cw.cross_mandate,
                forum=cw.gov.management,
                next_handling_on=timezone.localdate() + timedelta(days=7),
            ),
        )
    reasons = " ".join(refused.value.reasons)
    assert "Ledningsgruppen socialförvaltningen har inget giltigt mandat" in reasons
    assert "över organisationsgränser" in reasons and "Norrviks kommun" in reasons
    council = Forum.objects.create(
        organisation=world.org,
        name="Innovationsrådet",
        type=ForumType.INNOVATION_COUNCIL,
        owner_unit=world.units["committee"],
    )
    Mandate.objects.create(
        organisation=world.org,
        title="Innovationsrådet: innovationsmedel över kommungränsen",
        holder_forum=council,
        decision_types=[D.GRANT_TIME, D.GRANT_MONEY],
        scope=MandateScope.CROSS_ORGANISATION,
        valid_from=date(2024, 1, 1),
    )
    services.decision_record(
        actor=world.manager,
        idea=cw.idea,
        meeting_forum=cw.joint,  # the joint forum decides in its meeting
        decision=DecisionInput(
            decision_type=D.TRANSFER,
            mandate=cw.cross_mandate,
            forum=council,
            next_handling_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    cw.idea.refresh_from_db()
    assert cw.idea.forum == council
    # Norrvik's own current forum is untouched: one current forum per organisation.
    assert IdeaOrganisation.objects.get(idea=cw.idea).forum == cw.partner_forum


def test_idea_page_queries_do_not_grow_with_organisations(world, client_for):
    cw = cross_organisation(world)
    idea = cw.idea
    client = client_for("employee")
    url = reverse("ideas:detail", args=[idea.pk])
    made: list[int] = []

    def grow(n: int) -> None:
        while len(made) < n:
            i = len(made)
            org = Organisation.objects.create(
                name=f"Kommun {i}", slug=f"kommun-{i}", kind="municipality"
            )
            unit = make_unit(org, f"Skolan {i}", Unit.Kind.SCHOOL)
            boss = make_person(f"chef{i}", unit, Role.UNIT_MANAGER)
            forum = Forum.objects.create(
                organisation=org, name=f"Ledningsgrupp {i}", type="management_team", owner_unit=unit
            )
            agreement = CollaborationAgreement.objects.create(
                title=f"Avtal {i}", valid_from=date(2024, 1, 1)
            )
            agreement.parties.set([world.org, org])
            idea.affected_units.add(unit)
            services.idea_organisation_set(actor=boss, idea=idea, co_owner=boss, forum=forum)
            services.consultation_record(
                actor=boss, idea=idea, position="supports", statement=f"Yttrande {i}"
            )
            made.append(org.pk)

    assert_constant_queries(lambda: client.get(url), grow, small=2, large=6)
    page = client.get(url).content.decode()
    assert "Ledningsgrupp 5" in page and "Yttrande 5" in page


def test_a_closed_idea_takes_no_more_statements(world):
    cw = cross_organisation(world)
    services.idea_withdraw(actor=world.employee, idea=cw.idea, reason="Vi väntar till hösten.")
    with pytest.raises(services.ValidationError) as refused:
        services.consultation_record(
            actor=cw.partner_manager, idea=cw.idea, position="supports", statement="Bra."
        )
    assert "avslutad" in " ".join(refused.value.messages)
    assert not Consultation.objects.exists()


def test_api_names_co_owner_and_records_the_statement(world):
    cw = cross_organisation(world)
    token = account_services.token_create(actor=cw.partner_manager, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    base = f"/api/v1/ideas/ideas/{cw.idea.pk}"
    client = Client()

    def send(method: str, path: str, data: dict):
        return client.generic(
            method, f"{base}/{path}", data=json.dumps(data), content_type="application/json", **auth
        )

    wrong_forum = send(
        "PUT", "co-owner", {"co_owner_id": cw.partner_manager.pk, "forum_id": cw.gov.apt.pk}
    )
    assert wrong_forum.status_code == 422
    named = send(
        "PUT",
        "co-owner",
        {"co_owner_id": cw.partner_manager.pk, "forum_id": cw.partner_forum.pk},
    )
    assert named.status_code == 200
    assert named.json()["forum"] == "Ledningsgrupp IFO Norrvik" and not named.json()["is_heard"]
    assert send("POST", "consultations", {"position": "maybe", "statement": "x"}).status_code == 422
    stated = send("POST", "consultations", {"position": "opposes", "statement": "Inte nu."})
    assert stated.status_code == 201 and stated.json()["organisation_id"] == world.other_org.pk
    parts = client.get(f"{base}/organisations", **auth).json()
    assert [(p["organisation"], p["is_heard"]) for p in parts] == [
        ("Ekbacka kommun", True),
        ("Norrviks kommun", True),
    ]
    detail = client.get(base, **auth).json()
    assert detail["organisations"][1]["co_owner_id"] == cw.partner_manager.pk
    guide_out = client.get(f"{base}/guide", **auth).json()
    assert [o["organisation"] for o in guide_out["organisations"]] == [
        "Ekbacka kommun",
        "Norrviks kommun",
    ]


def test_partner_managers_hear_when_their_organisation_is_added_later(world):
    cw = cross_organisation(world)
    third = Organisation.objects.create(name="Söderby kommun", slug="soderby", kind="municipality")
    unit = make_unit(third, "Söderby gymnasium", Unit.Kind.SCHOOL)
    principal = make_person("sonja", unit, Role.PRINCIPAL)
    agreement = CollaborationAgreement.objects.create(title="Avtal", valid_from=date(2024, 1, 1))
    agreement.parties.set([world.org, third])
    idea = selectors.access_idea(world.employee, cw.idea.pk)
    services.idea_update(
        actor=world.employee,
        idea=idea,
        version=idea.version,
        affected_units=[*idea.affected_units.all(), unit],
    )
    assert Notification.objects.filter(recipient=principal, kind="idea.partner_affected").exists()
    # Norrvik was already affected: told once, at submission.
    assert (
        Notification.objects.filter(
            recipient=cw.partner_manager, kind="idea.partner_affected"
        ).count()
        == 1
    )


def test_partner_form_suggests_its_forums_with_a_mandate_for_the_next_step(world, client_for):
    cw = cross_organisation(world)  # submitted: waiting for G0 (register)
    page = client_for("partner_manager").get(reverse("ideas:organisation", args=[cw.idea.pk]))
    assert "kan besluta om idéns nästa steg för era enheter: Ledningsgrupp IFO Norrvik" in (
        page.content.decode()
    )


def test_co_owned_and_team_ideas_are_among_mine_on_the_start_page(world, client_for):
    cw = cross_organisation(world)
    _register_and_grant_time(world, cw)
    services.idea_organisation_set(
        actor=cw.partner_manager, idea=cw.idea, co_owner=cw.partner_manager, forum=cw.partner_forum
    )
    for persona in ("partner_manager", "employee"):
        mine = IdeaFilterSet({"mine": True}, actor=world.people[persona]).qs
        assert list(mine) == [cw.idea], persona
    home = client_for("partner_manager").get(reverse("shell:home")).content.decode()
    assert cw.idea.title in home
    assert not IdeaFilterSet({"mine": True}, actor=world.head).qs.exists()


def test_the_partner_sees_the_challenge_an_idea_answers_but_no_dead_link(world, client_for):
    from vardag.ideas.models import Challenge

    cw = cross_organisation(world)
    challenge = Challenge.objects.create(
        organisation=world.org,
        question="Hur kan vi hålla ihop skolgången vid en placering?",
        owner_unit=world.units["administration"],
    )
    cw.idea.challenge = challenge
    cw.idea.save(update_fields=["challenge"])
    link = reverse("ideas:challenge", args=[challenge.pk])
    partner = client_for("partner_manager").get(reverse("ideas:detail", args=[cw.idea.pk]))
    assert challenge.question in partner.content.decode()
    assert link not in partner.content.decode()
    own = client_for("employee").get(reverse("ideas:detail", args=[cw.idea.pk]))
    assert link in own.content.decode()
