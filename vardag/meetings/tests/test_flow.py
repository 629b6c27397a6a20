"""The meeting journey as a new user would try it (issue 5, "Done when")."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.forums.models import ForumMembership
from vardag.ideas import services as idea_services
from vardag.ideas.models import Decision, Feedback, IdeaState
from vardag.ideas.services import DecisionInput
from vardag.meetings import selectors, services
from vardag.meetings.models import ItemSource, MeetingStatus, Purpose
from vardag.meetings.tests.factories import at, make_idea, meeting_day_is, meeting_world
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=False)


def _registered(world, gov, title, days):
    idea = make_idea(world, title=title)
    idea_services.decision_record(
        actor=world.manager,
        idea=idea,
        decision=DecisionInput(
            decision_type=D.REGISTER,
            mandate=gov.manager_mandate,
            forum=gov.apt,
            next_handling_on=timezone.localdate() + timedelta(days=days),
        ),
    )
    idea.refresh_from_db()
    return idea


def test_series_creates_meetings_with_the_standing_item(world):
    mw = meeting_world(world, count=3)
    assert len(mw.meetings) == 3
    assert [m.starts_at for m in mw.meetings] == [at(7), at(14), at(21)]
    for meeting in mw.meetings:
        titles = [i.title for i in meeting.items.all()]
        assert titles == [services.STANDING_TITLE]


def test_from_agenda_to_approved_minutes_and_feedback(world, django_capture_on_commit_callbacks):
    mw = meeting_world(world)
    meeting = mw.next
    first = _registered(world, mw.gov, "Digital väntrumsinformation", 5)
    second = _registered(world, mw.gov, "Sms-påminnelse före besök", 6)
    later = _registered(world, mw.gov, "Gemensam introduktion", 30)

    # The agenda already proposes the two ideas due before the meeting, not the later one.
    agenda = selectors.agenda_for(world.manager, meeting)
    assert {i.pk for i in agenda.proposed_ideas} == {first.pk, second.pk}
    assert later.pk not in {i.pk for i in agenda.proposed_ideas}
    # ... and not again on the following meeting.
    assert not selectors.agenda_for(world.manager, mw.meetings[1]).proposed_ideas

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.item_propose(
            actor=world.employee, meeting=meeting, title="Schema för sommaren", purpose="dialog"
        )
        services.agenda_send(actor=world.manager, meeting=meeting)
    items = list(meeting.items.order_by("order"))
    assert [i.source for i in items].count(ItemSource.IDEA_DUE) == 2
    assert any(i.title == "Schema för sommaren" for i in items)
    # Agenda notification and one invitation per member, with a parseable .ics.
    assert Notification.objects.filter(kind="meeting.agenda", recipient=world.employee).exists()
    invitations = [m for m in mail.outbox if m.attachments]
    assert len(invitations) == 2
    name, ics, mimetype = invitations[0].attachments[0]
    assert mimetype.startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(ics)
    event = next(c for c in cal.walk("VEVENT"))
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["dtstart"].params["TZID"]) == "Europe/Stockholm"
    assert any(c.name == "VTIMEZONE" for c in cal.walk())

    # The meeting's day comes. Meeting mode: a member without the mandate is refused; the
    # manager records the decision.
    meeting_day_is(meeting, 0)
    item = meeting.items.get(idea=first)
    with pytest.raises(idea_services.MandateRefused), transaction.atomic():
        services.meeting_decision_record(
            actor=world.employee,
            item=item,
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=mw.gov.manager_mandate,
                hours=20,
                team=[world.employee],
            ),
        )
    assert not Decision.objects.filter(agenda_item_id=item.pk).exists()
    with transaction.atomic():
        decision = services.meeting_decision_record(
            actor=world.manager,
            item=item,
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=mw.gov.manager_mandate,
                hours=20,
                team=[world.employee],
                rationale="Prova under våren.",
            ),
        )
        services.notes_save(actor=world.manager, item=item, notes="Bra förslag.", version=0)
        services.action_item_create(
            actor=world.manager,
            meeting=meeting,
            agenda_item=item,
            title="Boka möte med IT",
            owner=world.employee,
            due_on=timezone.localdate() + timedelta(days=10),
        )
    first.refresh_from_db()
    assert first.state == IdeaState.EXPLORING
    assert decision.decided_on == timezone.localtime(meeting.starts_at).date()
    item.refresh_from_db()
    assert "20 timmar" in item.feedback_draft
    # The decision's feedback is held back until the minutes are approved: sent once.
    assert not Feedback.objects.filter(decision=decision).exists()

    # The open action item reappears on the next agenda.
    next_agenda = selectors.agenda_for(world.manager, mw.meetings[1])
    assert [a.title for a in next_agenda.open_actions] == ["Boka möte med IT"]

    # The employee initiated the idea decided here (jäv): a colleague approves the minutes.
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=mw.gov.apt, user=colleague)
    with transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=colleague)
    paragraphs = list(meeting.items.order_by("order").values_list("paragraph", flat=True))
    assert paragraphs == list(range(1, len(paragraphs) + 1))
    before = Feedback.objects.filter(idea=first).count()
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.minutes_approve(actor=world.manager, meeting=meeting)
    with transaction.atomic():
        services.minutes_approve(actor=colleague, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED and meeting.is_locked
    sent = Feedback.objects.filter(idea=first).order_by("-created_at").first()
    assert Feedback.objects.filter(idea=first).count() == before + 1
    assert "justerat protokoll" in sent.body and "§ " in sent.body
    assert sent.decision == decision
    assert Feedback.objects.filter(decision=decision).count() == 1
    assert Notification.objects.filter(
        recipient=world.employee, kind="idea.feedback", body__contains="justerat protokoll"
    ).exists()

    # The locked protocol refuses every edit.
    item.refresh_from_db()
    with pytest.raises(ValidationError), transaction.atomic():
        services.notes_save(actor=world.manager, item=item, notes="Ändrat", version=1)
    with pytest.raises(ValidationError), transaction.atomic():
        services.meeting_decision_record(
            actor=world.manager,
            item=meeting.items.get(idea=second),
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=mw.gov.manager_mandate,
                hours=5,
                team=[world.employee],
            ),
        )


def test_two_secretaries_editing_notes_lose_nothing(world):
    mw = meeting_world(world)
    item = mw.next.items.get()
    with transaction.atomic():
        services.notes_save(actor=world.manager, item=item, notes="Först", version=0)
    with pytest.raises(services.StaleNotes) as stale, transaction.atomic():
        services.notes_save(actor=world.manager, item=item, notes="Samtidigt", version=0)
    assert stale.value.current == "Först"
    item.refresh_from_db()
    assert item.notes == "Först" and item.notes_version == 1


def test_members_propose_only_before_the_deadline(world):
    mw = meeting_world(world)
    meeting = mw.next
    meeting.starts_at = at(1)
    meeting.ends_at = at(1, 10)
    meeting.save()
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.item_propose(actor=world.employee, meeting=meeting, title="Sent")
    with transaction.atomic():
        item = services.item_propose(
            actor=world.manager, meeting=meeting, title="Chair may", purpose=Purpose.DECISION
        )
    assert item.purpose == Purpose.DECISION


def test_cancel_and_move(world, django_capture_on_commit_callbacks):
    mw = meeting_world(world)
    first, second = mw.meetings[0], mw.meetings[1]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.meeting_move(
            actor=world.manager, meeting=first, starts_at=at(8, 13), ends_at=at(8, 14)
        )
        services.meeting_cancel(actor=world.manager, meeting=second, reason="Studiedag")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.moved_from == at(7) and first.starts_at == at(8, 13) and first.sequence == 1
    assert second.status == MeetingStatus.CANCELLED
    cancel = [m for m in mail.outbox if m.attachments]
    assert cancel and "METHOD:CANCEL" in str(cancel[0].attachments[0][1])
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.meeting_cancel(actor=world.employee, meeting=first, reason="x")


def test_escalation_puts_the_idea_on_the_next_agenda_above(world):
    mw = meeting_world(world)
    with transaction.atomic():
        above = services.series_create(
            actor=world.head,
            forum=mw.gov.management,
            name="Ledningsgrupp",
            cadence="biweekly",
            first_starts_at=at(10),
            place="Stadshuset",
            count=2,
        )
    idea = _registered(world, mw.gov, "Gemensam introduktion", 5)
    item_meeting = mw.next
    with transaction.atomic():
        services.agenda_fill(actor=world.manager, meeting=item_meeting)
        meeting_day_is(item_meeting, 0)
        services.meeting_decision_record(
            actor=world.manager,
            item=item_meeting.items.get(idea=idea),
            decision=DecisionInput(
                decision_type=D.ESCALATE, mandate=mw.gov.manager_mandate, forum=mw.gov.management
            ),
        )
    target = above.meetings.order_by("starts_at").first()
    idea.refresh_from_db()
    assert idea.forum == mw.gov.management
    assert idea.next_handling_on == timezone.localtime(target.starts_at).date()
    assert [i.pk for i in selectors.agenda_for(world.head, target).proposed_ideas] == [idea.pk]


def test_the_guide_names_the_forums_next_meeting(world):
    from vardag.ideas import guide

    mw = meeting_world(world)
    assert guide.next_meeting(mw.gov.apt) == mw.next.starts_at


def test_delegated_decisions_are_reported_to_the_committee(world):
    mw = meeting_world(world)
    with transaction.atomic():
        committee = services.series_create(
            actor=world.admin,
            forum=mw.gov.committee,
            name="Socialnämndens sammanträden",
            cadence="monthly",
            first_starts_at=at(20, 14),
            place="Sessionssalen",
            count=1,
        )
    idea = _registered(world, mw.gov, "Digital väntrumsinformation", 5)
    with transaction.atomic():
        # Management team decides money under its mandate, which reports to the committee.
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=mw.gov.manager_mandate,
                hours=10,
                team=[world.employee],
            ),
        )
        idea.refresh_from_db()
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            meeting_forum=mw.gov.management,
            decision=DecisionInput(
                decision_type=D.GRANT_MONEY, mandate=mw.gov.management_mandate, amount_sek=20_000
            ),
        )
    meeting = committee.meetings.get()
    agenda = selectors.agenda_for(world.admin, meeting)
    assert [d.decision_type for d in agenda.delegation] == [D.GRANT_MONEY]
    with transaction.atomic():
        services.agenda_fill(actor=world.admin, meeting=meeting)
    report = meeting.items.get(source=ItemSource.DELEGATION_REPORT)
    assert [d.decision_type for d in report.decisions.all()] == [D.GRANT_MONEY]


def test_personal_data_lists_own_actions_items_and_feeds(world):
    mw = meeting_world(world)
    with transaction.atomic():
        services.item_propose(actor=world.employee, meeting=mw.next, title="Min punkt")
        services.action_item_create(
            actor=world.manager,
            meeting=mw.next,
            title="Ringa IT",
            owner=world.employee,
            due_on=timezone.localdate() + timedelta(days=3),
        )
        feed = services.calendar_feed_get(actor=world.employee, forum=mw.gov.apt)
    assert [r["title"] for r in selectors.personal_agenda_items(world.employee)] == ["Min punkt"]
    assert [r["title"] for r in selectors.personal_action_items(world.employee)] == ["Ringa IT"]
    feeds = selectors.personal_calendar_feeds(world.employee)
    assert feeds == [{"forum__name": "APT Mottagningen", "created_at": feed.created_at}]
    assert not selectors.personal_action_items(world.manager)
