"""Issue 12's traps in the ideas app and the decision engine, each with the rule that removes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.accounts import services as account_services
from vardag.accounts.testing import make_person
from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.ideas import drafts, policy, services
from vardag.ideas.models import Decision, Idea, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.factories import cross_organisation, governance, make_idea

pytestmark = pytest.mark.django_db


def _registered(world, gov):
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
    idea.refresh_from_db()
    return idea


# --- Item 4: a second new idea in the same browser ----------------------------------------------


def test_a_new_idea_under_the_key_of_a_submitted_one_becomes_its_own_draft(world, client_for):
    client = client_for("employee")
    first = {
        "unit": world.units["unit"].pk,
        "kind": "service",
        "draft_key": "same-browser",
        "title": "Sms till familjer",
        "summary": "Familjer får ett sms.",
        "user_situation": "Föräldrar väntar.",
        "better_for_whom": "Föräldrarna.",
        "action": "submit",
    }
    assert client.post(reverse("ideas:create"), first).status_code == 302
    submitted = Idea.objects.get()
    assert submitted.state == IdeaState.SUBMITTED
    # The same form again (a double click): already submitted, nothing new, no error.
    again = client.post(reverse("ideas:create"), first, follow=True)
    assert Idea.objects.count() == 1
    assert "Idén är redan inlämnad." in again.content.decode()
    # A new idea written into a form that still carries the old key (the browser's copy).
    second = {**first, "title": "Läxhjälp", "summary": "Elever får läxhjälp."}
    response = client.post(reverse("ideas:create"), second)
    assert response.status_code == 302
    new = Idea.objects.exclude(pk=submitted.pk).get()
    assert new.title == "Läxhjälp" and new.state == IdeaState.SUBMITTED
    assert new.draft_key and new.draft_key != "same-browser"
    # The autosave of such a copy: the old text is recognised, the new text gets a draft.
    copy = {**first, "action": ""}
    told = client.post(reverse("ideas:autosave_new"), copy)
    assert told.status_code == 409 and told.json()["submitted"] is True
    saved = client.post(reverse("ideas:autosave_new"), {**copy, "title": "Tredje idén"})
    assert saved.status_code == 200
    assert Idea.objects.get(pk=saved.json()["id"]).state == IdeaState.DRAFT


def test_a_doubled_first_save_still_makes_one_draft(world):
    with transaction.atomic():
        one = drafts.idea_draft_save(actor=world.employee, idea=None, draft_key="k", title="A")
        two = drafts.idea_draft_save(actor=world.employee, idea=None, draft_key="k", title="A")
    assert one.pk == two.pk and Idea.objects.count() == 1


# --- Item 7: one rule per action --------------------------------------------------------------


def test_nobody_supports_their_own_idea(world):
    idea = make_idea(world)
    with pytest.raises(ValidationError):
        services.support_toggle(actor=world.employee, idea=idea)
    assert services.support_toggle(actor=world.manager, idea=idea) is True


def test_the_next_stage_waits_for_the_decision_that_ends_the_stage(world):
    gov = governance(world)
    model = services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)
    idea = _registered(world, gov)
    explore_setup = model.stages.get(order=2)
    assert not policy.can_change_stage(world.employee, idea)
    with pytest.raises(ValidationError) as refused:
        services.stage_set(actor=world.employee, idea=idea, stage=explore_setup)
    assert "G1 Beslut tid" in " ".join(refused.value.messages)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.GRANT_TIME, mandate=gov.manager_mandate, hours=20, team=[world.employee]
        ),
    )
    idea.refresh_from_db()
    assert policy.can_change_stage(world.employee, idea)
    services.stage_set(actor=world.employee, idea=idea, stage=explore_setup)
    idea.refresh_from_db()
    assert idea.stage == explore_setup
    # G2 ends "Utforska upplägg": the pilot stage is not offered yet.
    assert [s.order for s in policy.stage_choices(idea).stages] == [1, 2]


def test_merge_and_decisions_are_not_offered_or_done_by_an_employee(world, client_for):
    gov = governance(world)
    idea = _registered(world, gov)
    client = client_for("employee")
    assert client.get(reverse("ideas:decide", args=[idea.pk])).status_code == 403
    assert client.get(reverse("ideas:merge", args=[idea.pk])).status_code == 403
    assert not policy.can_decide(world.employee, idea)  # an APT member, not a decision maker
    assert policy.can_decide(world.manager, idea)


# --- Item 10: a forum's mandate, only in its own meeting -----------------------------------------


def test_a_forums_mandate_is_used_only_in_its_own_meeting(world):
    gov = governance(world)
    idea = _registered(world, gov)
    grant = {
        "actor": world.manager,  # member of both the APT and the management team
        "idea": idea,
        "decision": DecisionInput(
            decision_type=D.GRANT_TIME,
            mandate=gov.management_mandate,
            hours=20,
            team=[world.employee],
        ),
    }
    with pytest.raises(services.MandateRefused) as alone:
        services.decision_record(**grant)
    assert "används bara när forumet beslutar i sitt möte" in alone.value.reasons[0]
    # In the APT's meeting the management team's mandate is not the APT's to use.
    with pytest.raises(services.MandateRefused) as apt:
        services.decision_record(**grant, meeting_forum=gov.apt)
    assert "ett forum beslutar bara med sina egna mandat" in apt.value.reasons[0]
    assert not Decision.objects.exclude(decision_type=D.REGISTER).exists()
    # The form lists only what may be used here.
    alone_choices = policy.decision_choices(world.manager, idea)
    assert {m.pk for ms in alone_choices.values() for m in ms} == {gov.manager_mandate.pk}
    in_apt = policy.decision_choices(world.manager, idea, meeting_forum=gov.apt)
    assert gov.management_mandate.pk not in {m.pk for ms in in_apt.values() for m in ms}
    in_team = policy.decision_choices(world.manager, idea, meeting_forum=gov.management)
    assert gov.management_mandate in in_team[D.GRANT_TIME]
    services.decision_record(**grant, meeting_forum=gov.management)
    idea.refresh_from_db()
    assert idea.state == IdeaState.EXPLORING


# --- Item 11: an escalation without a date ----------------------------------------------------


def test_an_escalation_without_a_date_gets_the_organisations_deadline(world):
    gov = governance(world)
    idea = _registered(world, gov)
    services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.ESCALATE, mandate=gov.manager_mandate, forum=gov.management
        ),
    )
    idea.refresh_from_db()
    due = timezone.localdate() + timedelta(days=world.org.feedback_deadline_days)
    assert idea.next_handling_on == due and idea.feedback_due_on == due
    text = idea.feedback.order_by("-id").first().body
    assert f"som behandlar den senast {due}." in text
    assert " ." not in text


def test_feedback_text_never_has_a_hole_for_a_missing_date(world):
    gov = governance(world)
    idea = _registered(world, gov)
    decision = Decision.objects.get(idea=idea)
    decision.decision_type = D.ESCALATE
    idea.next_handling_on = None
    text = services.feedback_text(decision, idea)
    assert text.startswith(f"Idén ”{idea.title}” har lyfts till APT Mottagningen.")
    assert " ." not in text


# --- Item 12: the decision form and the team picker -------------------------------------------


def test_the_decision_form_shows_only_the_chosen_decisions_fields(world, client_for):
    gov = governance(world)
    idea = _registered(world, gov)
    for n in range(3):  # two people of the same name in different units
        make_person(f"anna{n}", world.units["school" if n else "unit"], Role.EMPLOYEE)
    page = client_for("manager").get(reverse("ideas:decide", args=[idea.pk]) + "?typ=grant_time")
    form = page.context["form"]
    assert set(form.fields) == {
        "decision_type",
        "mandate",
        "request_key",
        "hours",
        "team",
        "next_handling_on",
        "rationale",
        "conditions",
        "registry_number",
    }
    groups = form.team_groups()
    assert groups[0].unit == "Mottagningsenheten" and groups[0].is_open
    labels = [c.label for g in groups for c in g.choices]
    assert "Employee Testsson, Medarbetare" in labels
    assert "Manager Testsson, Enhetschef" in labels
    html = page.content.decode()
    assert "<details" in html and 'name="lesson"' not in html and 'name="amount_sek"' not in html
    archive = client_for("manager").get(reverse("ideas:decide", args=[idea.pk]) + "?typ=archive")
    assert set(archive.context["form"].fields) >= {"lesson", "publish_lesson"}
    assert "team" not in archive.context["form"].fields


# --- Item 21: the API accepts what the pages accept, or says why not ---------------------------


def _api(user):
    token = account_services.token_create(actor=user, name="t")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_creates_ideas_with_partner_units_and_refuses_unknown_ones(world):
    cw = cross_organisation(world)
    api = _api(world.employee)
    body = {
        "title": "Trygg övergång",
        "unit_id": world.units["unit"].pk,
        "affected_unit_ids": [world.units["other_unit"].pk],
    }
    made = api.post("/api/v1/ideas/ideas", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["affected_unit_ids"] == [world.units["other_unit"].pk]
    unknown = api.post(
        "/api/v1/ideas/ideas",
        {**body, "affected_unit_ids": [999_999]},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "999999" in unknown.json()["detail"]
    assert cw.idea.pk  # the partner world is in place


def test_api_grants_time_with_the_idea_team_and_refuses_unknown_people(world):
    gov = governance(world)
    idea = _registered(world, gov)
    api = _api(world.manager)
    url = f"/api/v1/ideas/ideas/{idea.pk}/decisions"
    g1 = {
        "decision_type": "grant_time",
        "mandate_id": gov.manager_mandate.pk,
        "hours": 20,
        "team_ids": [world.employee.pk, world.foreign.pk],
    }
    refused = api.post(url, g1, content_type="application/json")
    assert refused.status_code == 422 and str(world.foreign.pk) in refused.json()["detail"]
    done = api.post(url, {**g1, "team_ids": [world.employee.pk]}, content_type="application/json")
    assert done.status_code == 201, done.content
    idea.refresh_from_db()
    assert idea.state == IdeaState.EXPLORING
    assert list(idea.team.all()) == [world.employee]
