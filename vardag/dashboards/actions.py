"""For a manager: where the gaps are and the next thing to do, as links to pages that exist
(the forum's next meeting to put waiting ideas on, the feedback form, an action from a weak
dimension). Offered only where the person may act (the same rules as those pages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from vardag.core.actors import Actor
from vardag.core.roles import MANAGER_ROLES
from vardag.dashboards.scope import Scope, subtree
from vardag.dashboards.units import UnitsSideBySide
from vardag.ideas.models import Idea
from vardag.ideas.selectors import overdue_filter, waiting_filter
from vardag.meetings.models import Meeting, MeetingStatus
from vardag.meetings.selectors import forums_for_actions
from vardag.surveys.selectors import has_wide_access, result_dimension_url

SHOWN = 10


@dataclass(frozen=True)
class IdeaAction:
    idea_id: int
    title: str
    due_on: date | None
    forum: str
    url: str  # where to act
    meeting_starts: datetime | None = None


@dataclass(frozen=True)
class WeakDimension:
    code: str
    name: str
    mean: float
    round_title: str
    action_url: str | None  # hand a forum an action from the result (None: no forum to hand it)
    result_url: str | None  # None: the survey results are not this person's to see


@dataclass
class Actions:
    waiting: list[IdeaAction] = field(default_factory=list)
    overdue: list[IdeaAction] = field(default_factory=list)
    weak: WeakDimension | None = None


def _next_meetings(forum_ids: set[int]) -> dict[int, Meeting]:
    found: dict[int, Meeting] = {}
    meetings = Meeting.objects.filter(
        forum_id__in=forum_ids, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    for meeting in meetings:
        found.setdefault(meeting.forum_id, meeting)
    return found


def _rows(qs: QuerySet[Idea], order: str) -> list[Idea]:
    return list(qs.select_related("forum", "organisation").order_by(order, "id")[:SHOWN])


def actions(actor: Actor, scope: Scope, ideas: QuerySet[Idea], units: UnitsSideBySide) -> Actions:
    result = Actions()
    waiting = _rows(waiting_filter(ideas, scope.today), "next_handling_on")
    meetings = _next_meetings({i.forum_id for i in waiting if i.forum_id})
    for idea in waiting:
        meeting = meetings.get(idea.forum_id) if idea.forum_id else None
        if meeting is not None:
            url = reverse("meetings:meeting", args=[meeting.pk])
        elif idea.forum_id:
            url = reverse("meetings:forum", args=[idea.forum_id])
        else:
            url = idea.get_absolute_url()
        result.waiting.append(
            IdeaAction(
                idea.pk,
                idea.title,
                idea.next_handling_on,
                idea.forum.name if idea.forum else "",
                url,
                meeting.starts_at if meeting else None,
            )
        )
    # The idea page: it holds the feedback form for those who may give feedback (ideas.policy).
    # (The feedback route itself only takes a POST: a link to it answers 405.)
    for idea in _rows(overdue_filter(ideas, scope.today), "feedback_due_on"):
        url = idea.get_absolute_url()
        result.overdue.append(
            IdeaAction(
                idea.pk,
                idea.title,
                idea.feedback_due_on,
                idea.forum.name if idea.forum else "",
                url,
            )
        )
    result.weak = weak_dimension(actor, scope, units)
    return result


def weak_dimension(actor: Actor, scope: Scope, units: UnitsSideBySide) -> WeakDimension | None:
    latest = units.scope_latest
    if latest is None or not latest.means or not units.rounds:
        return None
    means = [(m, code) for code, m in latest.means.items() if m is not None]
    if not means:
        return None
    mean, code = min(means)
    name = next((d.name for d in units.dimensions if d.code == code), code)
    round_ = units.rounds[-1]
    unit_id = scope.unit.pk if scope.unit else None
    if not _may_see_results(actor, scope, unit_id):
        return WeakDimension(code, name, mean, round_.title, None, None)
    result_url = result_dimension_url(round_.pk, code, unit_id)
    action_url = None
    if forums_for_actions(actor).exists():
        label = f"{name} – {round_.title}"
        action_url = (
            reverse("meetings:action_give")
            + "?"
            + urlencode({"fran": result_url, "underlag": label})
        )
    return WeakDimension(code, name, mean, round_.title, action_url, result_url)


def _may_see_results(actor: Actor, scope: Scope, unit_id: int | None) -> bool:
    """The rule of vardag.surveys.selectors.results_for: the whole round for the wide roles,
    a unit's subtree for its managers; anyone else (a committee member) is refused there, so
    the overview offers no link to it."""
    if has_wide_access(actor):
        return True
    if unit_id is None:
        return False
    return any(
        unit_id in subtree(scope.parents, root)
        for root in actor.unit_ids_with_role(*MANAGER_ROLES)
        if root in scope.parents
    )
