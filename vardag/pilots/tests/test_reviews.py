"""Review dates on decisions: placed on the deciding forum's agenda in time; the outcome is a
decision of its own; the daily run; reminders before a follow-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vardag.forums.models import DecisionType as D
from vardag.ideas.models import IdeaState
from vardag.ideas.services import DecisionInput, DecisionRefused
from vardag.meetings.models import AgendaItem
from vardag.meetings.services import minutes as minutes_services
from vardag.meetings.services import series as series_services
from vardag.notifications.models import Notification
from vardag.pilots import selectors, services
from vardag.pilots.models import DecisionReview
from vardag.pilots.tests.factories import (
    forum_meetings,
    idea_with_money,
    placed_review,
    scaling_pilot,
)

pytestmark = pytest.mark.django_db


def test_a_review_goes_on_the_last_meeting_before_its_date(world):
    pw = idea_with_money(world)
    g2 = pw.idea.decisions.get(decision_type=D.GRANT_MONEY)
    meetings = forum_meetings(world, g2.forum, 3)  # +3, +10, +17, +24 days
    review = services.review_set(
        actor=world.head,
        decision=g2,
        review_on=pw.today + timedelta(days=20),
        reason=DecisionReview.Reason.PILOT_END,
        note="Hur gick piloten?",
    )
    item = AgendaItem.objects.get(pk=review.agenda_item_id)
    assert item.meeting == meetings[2] and item.idea == pw.idea
    assert "Hur gick piloten?" in item.description


def test_a_review_far_ahead_waits_and_the_daily_run_places_it(world):
    pw = idea_with_money(world)
    g2 = pw.idea.decisions.get(decision_type=D.GRANT_MONEY)
    forum_meetings(world, g2.forum, 3)
    review = services.review_set(
        actor=world.head,
        decision=g2,
        review_on=pw.today + timedelta(days=100),
        reason=DecisionReview.Reason.OTHER,
    )
    assert review.agenda_item_id is None
    assert services.reviews_schedule(today=pw.today) == (0, 0, 0)
    later = pw.today + timedelta(days=70)
    meetings = forum_meetings(world, g2.forum, 90, count=2)  # +90 and +97 (after the first four)
    assert services.reviews_schedule(today=later) == (0, 0, 1)
    review.refresh_from_db()
    assert AgendaItem.objects.get(pk=review.agenda_item_id).meeting == meetings[-1]


def test_a_cancelled_meeting_sends_the_review_to_the_next_one(world):
    pw = idea_with_money(world)
    g2 = pw.idea.decisions.get(decision_type=D.GRANT_MONEY)
    meetings = forum_meetings(world, g2.forum, 3)
    review = services.review_set(
        actor=world.head,
        decision=g2,
        review_on=pw.today + timedelta(days=5),
        reason=DecisionReview.Reason.OTHER,
    )
    assert AgendaItem.objects.get(pk=review.agenda_item_id).meeting == meetings[0]
    series_services.meeting_cancel(actor=world.admin, meeting=meetings[0], reason="Sjukdom")
    assert services.reviews_schedule(today=pw.today)[2] == 1
    review.refresh_from_db()
    assert AgendaItem.objects.get(pk=review.agenda_item_id).meeting == meetings[1]


def test_an_outcome_decided_in_meeting_mode_closes_the_review(world):
    pw = idea_with_money(world)
    review = placed_review(world, pw)
    item = AgendaItem.objects.get(pk=review.agenda_item_id)
    with pytest.raises(DecisionRefused):  # a review needs what it concluded
        minutes_services.meeting_decision_record(
            actor=world.head,
            item=item,
            decision=DecisionInput(decision_type=D.REVIEW, mandate=pw.gov.management_mandate),
        )
    decision = minutes_services.meeting_decision_record(
        actor=world.head,
        item=item,
        decision=DecisionInput(
            decision_type=D.REVIEW,
            mandate=pw.gov.management_mandate,
            rationale="Beslutet står fast.",
        ),
    )
    assert services.reviews_schedule(today=pw.today)[1] == 1
    review.refresh_from_db()
    assert review.outcome == decision and review.is_done
    pw.idea.refresh_from_db()
    assert pw.idea.state == IdeaState.DESIGN  # a review keeps the state


def test_who_may_set_a_review_date(world):
    pw = idea_with_money(world)
    g2 = pw.idea.decisions.get(decision_type=D.GRANT_MONEY)
    assert selectors.can_set_review(world.head, g2)  # decided it
    assert selectors.can_set_review(world.employee, g2)  # works on the idea
    assert not selectors.can_set_review(world.researcher, g2)
    with pytest.raises(PermissionDenied):
        services.review_set(
            actor=world.researcher,
            decision=g2,
            review_on=pw.today + timedelta(days=5),
            reason="other",
        )
    with pytest.raises(ValidationError):
        services.review_set(actor=world.head, decision=g2, review_on=pw.today, reason="other")


def test_line_owners_are_reminded_once_before_the_follow_up(world):
    pw = idea_with_money(world)
    pilot = scaling_pilot(world, pw)  # follow-up in 30 days
    assert services.follow_up_remind(today=pw.today) == 0
    day = pilot.plan.follow_up_on - timedelta(days=14)
    assert services.follow_up_remind(today=day) == 1
    assert services.follow_up_remind(today=day) == 0
    reminder = Notification.objects.get(kind="pilots.follow_up_due", recipient=world.manager)
    assert pw.idea.title in reminder.subject
    # G3 got its follow-up review on the follow-up date.
    assert services.reviews_schedule(today=pw.today)[0] == 1
    review = DecisionReview.objects.get()
    assert (
        review.review_on == pilot.plan.follow_up_on and review.decision.decision_type == D.SCALE_UP
    )
