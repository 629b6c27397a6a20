"""Who approves minutes, and when (issue 12, items 8 and 9).

The adjuster (justerare) is a second pair of eyes: never the chair, the secretary or the person
closing the minutes. Nothing is decided, closed or approved before the meeting's day. If the
adjuster cannot approve, the chair, the secretary or the forum's admin names another, audited,
and the approval then sends the feedback to the idea's initiator.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core.models import AuditEvent
from vardag.core.roles import Role
from vardag.forums.models import DecisionType as D
from vardag.forums.models import ForumMembership
from vardag.ideas import services as idea_services
from vardag.ideas.models import Feedback
from vardag.ideas.services import DecisionInput
from vardag.meetings import selectors, services
from vardag.meetings.models import AgendaItem, MeetingStatus
from vardag.meetings.tests.factories import make_idea, meeting_day_is, meeting_world
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=False)


def _idea_on(world, mw, meeting):
    idea = make_idea(world, title="Sms-påminnelse före besök")
    with transaction.atomic():
        idea_services.decision_record(
            actor=world.manager,
            idea=idea,
            decision=DecisionInput(
                decision_type=D.REGISTER,
                mandate=mw.gov.manager_mandate,
                forum=mw.gov.apt,
                next_handling_on=timezone.localdate() + timedelta(days=1),
            ),
        )
        item = services.item_propose(
            actor=world.manager, meeting=meeting, title=idea.title, purpose="decision", idea=idea
        )
    return idea, item


def _grant(world, mw, item):
    item = AgendaItem.objects.get(pk=item.pk)
    with transaction.atomic():
        return services.meeting_decision_record(
            actor=world.manager,
            item=item,
            decision=DecisionInput(
                decision_type=D.GRANT_TIME,
                mandate=mw.gov.manager_mandate,
                hours=10,
                team=[world.employee],
            ),
        )


def test_the_chair_and_secretary_cannot_approve_their_own_minutes(world):
    mw = meeting_world(world)
    meeting = meeting_day_is(mw.next, 0)
    # The manager is chair and secretary of the series: not offered, and refused.
    assert world.manager not in selectors.adjuster_candidates(world.manager, meeting)
    assert list(selectors.adjuster_candidates(world.manager, meeting)) == [world.employee]
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=world.manager)
    assert "någon annan än ordföranden" in str(refused.value)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.adjuster_id is None


def test_a_forum_chair_who_is_not_the_series_chair_cannot_adjust(world):
    mw = meeting_world(world)
    meeting = meeting_day_is(mw.next, 0)
    ForumMembership.objects.filter(forum=mw.gov.apt, user=world.employee).update(role="secretary")
    assert not selectors.adjuster_candidates(world.manager, meeting).exists()
    with pytest.raises(ValidationError), transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=world.employee)


def test_nothing_is_decided_closed_or_approved_before_the_meeting_day(world, client):
    mw = meeting_world(world)
    meeting = mw.next  # a week ahead
    _idea, item = _idea_on(world, mw, meeting)
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        _grant(world, mw, item)
    assert "fattar beslut på mötet den" in str(refused.value)
    with pytest.raises(ValidationError), transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=world.employee)
    # The pages offer neither before the day: no decision button, no close button.
    client.force_login(world.manager)
    page = client.get(reverse("meetings:run", args=[meeting.pk])).content.decode()
    assert reverse("meetings:item_decide", args=[meeting.pk, item.pk]) not in page
    assert reverse("meetings:close", args=[meeting.pk]) not in page
    assert "från mötesdagen" in page
    decide = client.get(reverse("meetings:item_decide", args=[meeting.pk, item.pk]))
    assert b'name="decision_type"' not in decide.content
    # On the day, the decision carries the meeting's date, which is today.
    meeting_day_is(meeting, 0)
    decision = _grant(world, mw, item)
    assert decision.decided_on == timezone.localdate()
    page = client.get(reverse("meetings:run", args=[meeting.pk])).content.decode()
    assert reverse("meetings:item_decide", args=[meeting.pk, item.pk]) in page
    assert reverse("meetings:close", args=[meeting.pk]) in page


def test_minutes_of_a_meeting_moved_to_the_future_cannot_be_approved(world):
    mw = meeting_world(world)
    meeting = meeting_day_is(mw.next, 0)
    with transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=world.employee)
    meeting_day_is(meeting, 3)  # e.g. a wrongly entered date corrected afterwards
    with pytest.raises(ValidationError), transaction.atomic():
        services.minutes_approve(actor=world.employee, meeting=meeting)


def test_the_adjuster_is_changed_after_closing_and_the_feedback_reaches_the_initiator(
    world, client
):
    mw = meeting_world(world)
    meeting = meeting_day_is(mw.next, -1)
    idea, item = _idea_on(world, mw, meeting)
    decision = _grant(world, mw, item)
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=mw.gov.apt, user=colleague)
    with transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=colleague)
    # The colleague falls ill. The employee may not name an adjuster; the chair may.
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.meeting_adjuster_change(
            actor=world.employee, meeting=meeting, adjuster=world.employee, reason="Sjuk"
        )
    with pytest.raises(ValidationError), transaction.atomic():
        services.meeting_adjuster_change(
            actor=world.manager, meeting=meeting, adjuster=world.manager, reason="Sjuk"
        )
    # The employee initiated the idea the minutes decide: not offered, and refused (jäv).
    with pytest.raises(ValidationError), transaction.atomic():
        services.meeting_adjuster_change(
            actor=world.manager, meeting=meeting, adjuster=world.employee, reason="Sjuk"
        )
    second = make_person("kollega2", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=mw.gov.apt, user=second)
    client.force_login(world.manager)
    minutes_url = reverse("meetings:minutes", args=[meeting.pk])
    page = client.get(minutes_url).content.decode()
    assert "Byt justerare" in page
    response = client.post(
        reverse("meetings:adjuster_change", args=[meeting.pk]),
        {"adjuster": second.pk, "reason": "Kollegan är sjukskriven."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.adjuster == second
    event = AuditEvent.objects.get(action="meeting.adjuster_changed")
    assert event.data == {
        "from": colleague.pk,
        "to": second.pk,
        "reason": "Kollegan är sjukskriven.",
    }
    assert Notification.objects.filter(recipient=second, kind="meeting.minutes_to_approve").exists()
    # The former adjuster can no longer approve; the new one can, and the feedback goes out.
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.minutes_approve(actor=colleague, meeting=meeting)
    client.force_login(second)
    assert "Justera protokollet" in client.get(minutes_url).content.decode()
    client.post(reverse("meetings:approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    assert Feedback.objects.filter(idea=idea, decision=decision).count() == 1
    # Approved minutes: the adjuster cannot be changed any more.
    with pytest.raises(ValidationError), transaction.atomic():
        services.meeting_adjuster_change(
            actor=world.manager, meeting=meeting, adjuster=colleague, reason="x"
        )


def test_no_one_adjusts_minutes_that_decide_her_own_idea(world, client):
    """Jäv: the initiator or a co-owner of an idea decided in the minutes is not offered as
    adjuster, is refused as one, and cannot approve if named before the decision."""
    mw = meeting_world(world)
    meeting = meeting_day_is(mw.next, 0)
    assert world.employee in selectors.adjuster_candidates(world.manager, meeting)
    idea, item = _idea_on(world, mw, meeting)
    _grant(world, mw, item)
    assert idea.initiator == world.employee
    assert world.employee not in selectors.adjuster_candidates(world.manager, meeting)
    client.force_login(world.manager)
    close = client.get(reverse("meetings:close", args=[meeting.pk]))
    assert world.employee not in close.context["form"].fields["adjuster"].queryset
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=world.employee)
    assert "jäv" in str(refused.value)
    # Named before her idea came up (an older close), she cannot approve: no button, refused.
    colleague = make_person("kollega", world.units["unit"], Role.EMPLOYEE)
    ForumMembership.objects.create(forum=mw.gov.apt, user=colleague)
    with transaction.atomic():
        services.meeting_close(actor=world.manager, meeting=meeting, adjuster=colleague)
    type(meeting).objects.filter(pk=meeting.pk).update(adjuster=world.employee)
    client.force_login(world.employee)
    page = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Justera protokollet" not in page and "egen idé (jäv)" in page
    client.post(reverse("meetings:approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.approved_by is None
