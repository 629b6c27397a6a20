"""Proposing an idea for a forum's agenda from the idea's page (new-user tryout).

A chair or member told to put an idea on the agenda looks for it on the idea page. The page
offers "Anmäl till dagordningen" for the next planned meeting of the idea's forum exactly when
the service would take the proposal (`selectors.can_propose_item`), says which meeting the idea
is already on instead of offering it twice, and says so when the forum has no planned meeting.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core.once import new_one_time_key
from vardag.core.roles import Role
from vardag.core.testing import assert_constant_queries
from vardag.forums.models import DecisionType as D
from vardag.forums.models import ForumMembership
from vardag.ideas import services as idea_services
from vardag.ideas.services import DecisionInput
from vardag.ideas.tests.test_offered_means_allowed import act, parse
from vardag.meetings import selectors, services
from vardag.meetings.models import AgendaItem, Meeting, Purpose
from vardag.meetings.tests.factories import make_idea, meeting_day_is, meeting_world

pytestmark = pytest.mark.django_db

PROPOSE = re.compile(r'href="(/moten/(\d+)/punkt/ny/\?idea=(\d+))"')


def _registered_idea(world, gov, *, title="Digital väntrumsinformation"):
    idea = make_idea(world, title=title)
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=20),
            ),
        )
    idea.refresh_from_db()
    return idea


@pytest.fixture
def scene(world):
    """The APT with three planned weekly meetings (the first in 7 days, its agenda deadline 2
    days before), a colleague of the initiator in the APT, and an idea registered to the APT."""
    mw = meeting_world(world)
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=mw.gov.apt, user=colleague)
    world.people["colleague"] = colleague
    return world, mw, _registered_idea(world, mw.gov)


def _page(user, idea) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("ideas:detail", args=[idea.pk]))
    return response.content.decode() if response.status_code == 200 else ""


def _offered(user, idea) -> list[tuple[int, int]]:
    return [(int(m), int(i)) for _url, m, i in PROPOSE.findall(_page(user, idea))]


def _accepted(user, meeting: Meeting, idea) -> bool:
    """Whether the service takes the proposal (tried in a savepoint that is rolled back)."""
    try:
        with transaction.atomic():
            services.item_propose(
                actor=user,
                meeting=meeting,
                title=idea.title,
                idea=idea,
                request_key=new_one_time_key(),
            )
            transaction.set_rollback(True)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _check_every_role(world, meeting: Meeting, idea) -> tuple[set[str], set[str]]:
    shown, accepted = set(), set()
    for key, user in world.people.items():
        offered = _offered(user, idea)
        assert offered in ([], [(meeting.pk, idea.pk)]), (key, offered)
        if offered:
            shown.add(key)
        if _accepted(user, meeting, idea):
            accepted.add(key)
    assert shown == accepted
    return shown, accepted


def test_offered_for_every_role_exactly_when_the_service_accepts(scene):
    world, mw, idea = scene
    shown, _accepted_by = _check_every_role(world, mw.next, idea)
    # The chair (the unit manager), the organisation's admin and the APT's members before the
    # deadline; not those outside the forum, nor anyone of another municipality.
    assert shown == {"manager", "admin", "employee", "colleague"}


def test_after_the_agenda_deadline_only_those_who_run_the_meeting_are_offered_it(scene):
    world, mw, idea = scene
    meeting = meeting_day_is(mw.next, 1)  # the deadline (2 days before) has passed
    shown, _accepted_by = _check_every_role(world, meeting, idea)
    assert shown == {"manager", "admin"}
    page = _page(world.employee, idea)
    assert "Sista dag att anmäla punkter till mötet var" in page


def test_following_the_link_and_sending_the_form_adds_one_item_and_returns_to_the_idea(scene):
    world, mw, idea = scene
    client = Client()
    client.force_login(world.employee)
    page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    url = PROPOSE.search(page).group(1).replace("&amp;", "&")
    form_page = client.get(url)
    assert form_page.status_code == 200
    form = [f for f in parse(form_page, url).forms if f.method == "post"][-1]
    assert form.fields["idea"] == [str(idea.pk)] and form.fields["title"] == [idea.title]
    assert form.fields["purpose"] == [Purpose.DECISION]  # the APT holds the idea: for decision
    data = {k: v for k, v in form.fields.items() if v}
    data["presenter"] = []
    first = client.post(url, data, follow=True)
    again = client.post(url, data, follow=True)  # a double click sends the same one-time key
    for response in (first, again):
        assert response.redirect_chain[-1][0] == reverse("ideas:detail", args=[idea.pk])
    items = AgendaItem.objects.filter(idea=idea)
    assert items.count() == 1
    item = items.get()
    assert item.meeting_id == mw.next.pk and item.proposed_by_id == world.employee.pk
    # The idea page now says where the idea is, and offers it to no one again.
    after = first.content.decode()
    assert "Idén står på dagordningen för" in after
    assert reverse("meetings:meeting", args=[mw.next.pk]) in after
    assert all(_offered(user, idea) == [] for user in world.people.values())


@pytest.mark.parametrize("role", ["manager", "employee", "admin"])
def test_the_offered_link_succeeds_as_a_person_would_use_it(scene, role):
    """As the ideas' offered-means-allowed test does: follow the link, fill in the form a person
    finds (what is filled in stays, the first choice of each list), send it; no problem."""
    world, mw, idea = scene
    client = Client()
    client.force_login(world.people[role])
    url = PROPOSE.search(_page(world.people[role], idea)).group(1).replace("&amp;", "&")
    assert act(client, url, None) == []
    assert AgendaItem.objects.filter(idea=idea, meeting=mw.next).count() == 1


def test_an_idea_on_a_later_planned_agenda_is_named_not_offered_again(scene):
    world, mw, idea = scene
    later = mw.meetings[1]
    with transaction.atomic():
        services.item_propose(actor=world.manager, meeting=later, title=idea.title, idea=idea)
    page = _page(world.employee, idea)
    assert "Idén står på dagordningen för" in page
    assert reverse("meetings:meeting", args=[later.pk]) in page
    assert _offered(world.manager, idea) == []


def test_no_planned_meeting_is_said_not_linked(scene):
    world, mw, idea = scene
    Meeting.objects.filter(forum=mw.gov.apt).update(status="cancelled")
    page = _page(world.manager, idea)
    assert "APT Mottagningen har inget planerat möte." in page
    assert reverse("meetings:forum", args=[mw.gov.apt.pk]) in page
    assert _offered(world.manager, idea) == []


def test_nothing_is_offered_for_an_idea_that_is_not_active(scene):
    world, mw, idea = scene
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.ON_HOLD,
                mandate=mw.gov.manager_mandate,
                rationale="Väntar på budget.",
                revisit_on=timezone.localdate() + timedelta(days=60),
            ),
        )
    assert _offered(world.manager, idea) == []
    assert 'id="agenda-title"' not in _page(world.manager, idea)


def test_a_partner_organisation_proposes_the_idea_to_its_own_forum():
    """Cross-organisation idea: the partner's own forum (IdeaOrganisation.forum) is offered to
    the partner's chair; the joint forum without a planned meeting is said so."""
    from vardag.accounts.testing import make_world
    from vardag.meetings.tests.test_partner_forum import _partner_meeting

    world = make_world()
    cw, meeting = _partner_meeting(world)
    partner = cw.partner_manager
    page = _page(partner, cw.idea)
    assert PROPOSE.findall(page) == [
        (f"/moten/{meeting.pk}/punkt/ny/?idea={cw.idea.pk}", str(meeting.pk), str(cw.idea.pk))
    ]
    assert f"{cw.joint.name} har inget planerat möte." in page
    assert _accepted(partner, meeting, cw.idea)
    # The owner organisation's manager sees the partner's forum? No: it is Norrvik's own forum.
    assert _offered(world.manager, cw.idea) == []
    assert not _accepted(world.manager, meeting, cw.idea)
    client = Client()
    client.force_login(partner)
    url = f"/moten/{meeting.pk}/punkt/ny/?idea={cw.idea.pk}"
    form = [f for f in parse(client.get(url), url).forms if f.method == "post"][-1]
    # In the partner's own forum the idea comes up before the owner's decision, shared.
    assert form.fields["purpose"] == [Purpose.BEFORE_DECISION]
    assert act(client, url, None) == []
    item = AgendaItem.objects.get(idea=cw.idea)
    assert item.meeting_id == meeting.pk and item.organisation_id == world.other_org.pk


def test_the_form_ignores_an_idea_the_person_may_not_link(scene):
    world, mw, idea = scene
    client = Client()
    client.force_login(world.manager)
    for value in ("999999", "x", "12345678901234567890"):
        page = client.get(reverse("meetings:item_add", args=[mw.next.pk]), {"idea": value})
        assert page.status_code == 200
        assert page.context["from_idea"] is None


def test_the_agenda_fill_and_the_form_start_an_idea_item_alike(scene):
    world, mw, idea = scene
    initial = selectors.idea_item_initial(mw.next, idea)
    with transaction.atomic():
        services.agenda_fill(actor=world.manager, meeting=mw.meetings[2])
    filled = AgendaItem.objects.get(idea=idea)
    assert (filled.purpose, filled.is_shared, filled.title) == (
        initial["purpose"],
        initial["is_shared"],
        initial["title"],
    )


def test_idea_page_queries_do_not_grow_with_meetings_and_items(scene, client_for):
    world, mw, idea = scene
    client = client_for("employee")

    def grow(n: int) -> None:
        while AgendaItem.objects.filter(meeting__forum=mw.gov.apt).count() < n:
            other = make_idea(world, title=f"Annan idé {AgendaItem.objects.count()}")
            for meeting in mw.meetings:
                with transaction.atomic():
                    services.item_propose(
                        actor=world.manager, meeting=meeting, title=other.title, idea=other
                    )

    assert_constant_queries(
        lambda: client.get(reverse("ideas:detail", args=[idea.pk])), grow, small=3, large=12
    )


def test_the_agenda_section_reads_in_english(scene):
    world, mw, idea = scene
    world.employee.language = "en"
    world.employee.save(update_fields=["language"])
    client = Client()
    client.force_login(world.employee)
    url = reverse("ideas:detail", args=[idea.pk])
    page = client.get(url).content.decode()
    assert "Propose for the agenda" in page and "Next meeting of APT Mottagningen" in page
    with transaction.atomic():
        services.item_propose(actor=world.manager, meeting=mw.next, title=idea.title, idea=idea)
    page = client.get(url).content.decode()
    assert "The idea is on the agenda of" in page


def test_the_chair_asked_to_put_a_submitted_idea_on_the_agenda_finds_it_on_the_idea_page(world):
    """The tryout's case: a forum whose mandate covers registering the idea is asked through its
    chair to "ta upp den på forumets dagordning"; the idea has no forum yet. The idea page offers
    the proposal for that forum's next meeting to its chair."""
    from vardag.forums.models import Mandate, MandateScope
    from vardag.meetings.tests.factories import at
    from vardag.notifications.models import Notification

    mw = meeting_world(world)
    Mandate.objects.create(
        organisation=world.org,
        title="Ledningsgruppen: registrera idéer i hela kommunen",
        holder_forum=mw.gov.management,
        decision_types=[D.REGISTER],
        scope=MandateScope.ORGANISATION,
        valid_from=timezone.localdate() - timedelta(days=1),
    )
    with transaction.atomic():
        series = services.series_create(
            actor=world.head,
            forum=mw.gov.management,
            name="Ledningsgruppens möten",
            cadence="weekly",
            first_starts_at=at(5),
            place="Stadshuset",
            chair=world.head,
            count=2,
        )
    idea = make_idea(world, affected_units=[world.units["school"]])
    assert idea.forum is None
    notice = Notification.objects.get(kind="idea.submitted", recipient=world.head)
    assert "dagordning" in notice.body
    first = series.meetings.order_by("starts_at").first()
    assert _offered(world.head, idea) == [(first.pk, idea.pk)]
    assert _accepted(world.head, first, idea)
    client = Client()
    client.force_login(world.head)
    url = f"/moten/{first.pk}/punkt/ny/?idea={idea.pk}"
    assert act(client, url, None) == []
    assert AgendaItem.objects.filter(idea=idea, meeting=first).count() == 1


def _form_data(client: Client, url: str) -> dict:
    """The proposal form as the page shows it (a fresh one-time key each time it is opened)."""
    form = [f for f in parse(client.get(url), url).forms if f.method == "post"][-1]
    data = {k: v for k, v in form.fields.items() if v}
    data["presenter"] = []
    return data


def test_the_form_sent_again_after_back_returns_to_the_idea_calmly(scene):
    """Back to the form (the page is fetched again: a new one-time key), send it once more: the
    person's own item is there already, so the answer is where the first one went, no error."""
    world, mw, idea = scene
    client = Client()
    client.force_login(world.employee)
    url = f"/moten/{mw.next.pk}/punkt/ny/?idea={idea.pk}"
    first = client.post(url, _form_data(client, url), follow=True)
    again = client.post(url, _form_data(client, url), follow=True)
    assert again.redirect_chain[-1][0] == reverse("ideas:detail", args=[idea.pk])
    page = again.content.decode()
    assert "Det finns fel i formuläret" not in page
    when = timezone.localtime(mw.next.starts_at).strftime("%Y-%m-%d %H:%M")
    meeting_url = reverse("meetings:meeting", args=[mw.next.pk])
    assert (
        f'Idén står redan på dagordningen för <a href="{meeting_url}">'
        f"{mw.gov.apt.name}, {when}</a>." in page
    )
    assert first.status_code == 200
    assert AgendaItem.objects.filter(idea=idea).count() == 1


def test_someone_elses_item_refuses_the_form_naming_and_linking_the_meeting(scene):
    world, mw, idea = scene
    with transaction.atomic():
        services.item_propose(actor=world.manager, meeting=mw.next, title=idea.title, idea=idea)
    client = Client()
    client.force_login(world.people["colleague"])
    url = f"/moten/{mw.next.pk}/punkt/ny/?idea={idea.pk}"
    response = client.post(url, _form_data(client, url))
    assert response.status_code == 200
    page = response.content.decode()
    meeting_url = reverse("meetings:meeting", args=[mw.next.pk])
    assert f'Idén står redan på dagordningen för <a href="{meeting_url}">' in page
    assert AgendaItem.objects.filter(idea=idea).count() == 1


def test_the_service_names_the_meeting_when_it_refuses_a_second_item(scene):
    world, mw, idea = scene
    with transaction.atomic():
        services.item_propose(actor=world.manager, meeting=mw.next, title=idea.title, idea=idea)
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.item_propose(actor=world.manager, meeting=mw.next, title="Igen", idea=idea)
    assert str(mw.next) in refused.value.messages[0]


def test_a_repeat_with_the_same_key_is_answered_even_after_the_deadline(scene):
    world, mw, idea = scene
    client = Client()
    client.force_login(world.employee)
    url = f"/moten/{mw.next.pk}/punkt/ny/?idea={idea.pk}"
    data = _form_data(client, url)
    client.post(url, data)
    meeting_day_is(mw.next, 1)  # the deadline has passed: a new proposal would be refused
    again = client.post(url, data)
    assert again.status_code == 302 and again.url == reverse("ideas:detail", args=[idea.pk])


def _agenda_card(page: str) -> str:
    start = page.find('id="agenda-title"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_who_may_not_propose_is_told_who_may_by_the_same_rule(scene):
    """Everyone who sees the next meeting either is offered the proposal or is told, in one
    sentence, who proposes items: never the bare date that reads as "already scheduled"."""
    world, mw, idea = scene
    deadline = mw.next.agenda_deadline.isoformat()
    told = (
        "Forumets ordförande Manager Testsson eller sekreterare anmäler punkter, forumets "
        f"ledamöter till och med {deadline}."
    )
    for key, user in world.people.items():
        card = _agenda_card(_page(user, idea))
        if not card:
            assert key == "foreign"
            continue
        offered = bool(PROPOSE.search(card))
        assert offered == selectors.can_propose_item(user, mw.next), key
        assert (told in card) != offered, key
    assert told in _agenda_card(_page(world.people["head"], idea))


def test_after_the_deadline_those_outside_the_forum_are_told_only_the_officers_propose(scene):
    world, mw, idea = scene
    meeting = meeting_day_is(mw.next, 1)
    card = _agenda_card(_page(world.people["head"], idea))
    assert "Forumets ordförande Manager Testsson eller sekreterare anmäler punkter." in card
    assert "ledamöter" not in card
    # A member past the deadline keeps the deadline sentence, not a second explanation.
    card = _agenda_card(_page(world.people["colleague"], idea))
    assert "Sista dag att anmäla punkter till mötet var" in card
    assert "anmäler punkter." not in card
    assert not selectors.can_propose_item(world.people["colleague"], meeting)


def test_the_sentence_names_chair_and_secretary_and_reads_in_english(scene):
    world, mw, idea = scene
    mw.next.series.secretary = world.people["innovation_lead"]
    mw.next.series.save(update_fields=["secretary"])
    head = world.people["head"]
    card = _agenda_card(_page(head, idea))
    assert (
        "Forumets ordförande Manager Testsson eller sekreterare Innovation_lead Testsson "
        "anmäler punkter" in card
    )
    head.language = "en"
    head.save(update_fields=["language"])
    card = _agenda_card(_page(head, idea))
    english = "chair Manager Testsson or secretary Innovation_lead Testsson can propose items, "
    assert english + "and the forum&#x27;s members until" in card


def test_the_repeat_and_the_refusal_read_in_english(scene):
    world, mw, idea = scene
    url = f"/moten/{mw.next.pk}/punkt/ny/?idea={idea.pk}"
    for key in ("employee", "colleague"):
        world.people[key].language = "en"
        world.people[key].save(update_fields=["language"])
    client = Client()
    client.force_login(world.employee)
    client.post(url, _form_data(client, url))
    again = client.post(url, _form_data(client, url), follow=True).content.decode()
    assert "The idea is already on the agenda of <a href=" in again
    other = Client()
    other.force_login(world.people["colleague"])
    refused = other.post(url, _form_data(other, url)).content.decode()
    assert "A meeting takes an idea up once." in refused


def test_sent_again_after_back_past_the_deadline_is_still_answered_calmly(scene):
    world, mw, idea = scene
    client = Client()
    client.force_login(world.employee)
    url = f"/moten/{mw.next.pk}/punkt/ny/?idea={idea.pk}"
    data = _form_data(client, url)
    client.post(url, data)
    meeting_day_is(mw.next, 1)  # the deadline has passed: the form could not be fetched again
    data["request_key"] = [new_one_time_key()]
    again = client.post(url, data)
    assert again.status_code == 302 and again.url == reverse("ideas:detail", args=[idea.pk])
    assert AgendaItem.objects.filter(idea=idea).count() == 1
