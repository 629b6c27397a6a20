"""The flow: how long ideas take through the forums, whether feedback comes in time, who decides.

Two queries whatever the number of ideas: one row per idea (submission, first feedback) and one
row per decision (type, states, date, forum, mandate holder, its feedback's time). Medians and
quartiles are computed from those rows (SQLite has no percentile function).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core.roles import Role
from vardag.dashboards.portfolio import Row
from vardag.dashboards.scope import Scope
from vardag.dashboards.stats import Share, Spread, durations
from vardag.forums.models import DecisionType, ForumType
from vardag.ideas.models import Decision, Feedback, Idea, IdeaState
from vardag.ideas.selectors import ENDED_STATES, ESCALATING, overdue_filter, waiting_filter

GATES = (
    (DecisionType.REGISTER, "G0"),
    (DecisionType.GRANT_TIME, "G1"),
    (DecisionType.GRANT_MONEY, "G2"),
    (DecisionType.SCALE_UP, "G3"),
)


@dataclass(frozen=True)
class GateRow:
    key: str
    label: str
    days: Spread  # from submission to the first decision of this type
    reached: Row


@dataclass(frozen=True)
class StateRow:
    key: str
    label: str
    days: Spread  # completed stays in the state


@dataclass(frozen=True)
class Tally:
    label: str
    n: int


@dataclass(frozen=True)
class Escalation:
    idea_id: int
    title: str
    kind: str
    forum: str
    reason: str
    decided_on: date


@dataclass
class Flow:
    submitted: int
    gates: list[GateRow]
    states: list[StateRow]
    waiting: Row
    overdue: Row
    decisions: int
    feedback_in_time: Share
    first_feedback: Spread
    first_feedback_in_time: Share
    by_forum: list[Tally]
    by_level: list[Tally]
    escalated: Row
    escalations: list[Escalation] = field(default_factory=list)
    ended: Row | None = None
    with_lesson: Row | None = None
    lesson_share: Share = field(default_factory=lambda: Share(0, 0))


@dataclass(frozen=True)
class IdeaFacts:
    """What the flow and the unit comparison need of one idea."""

    pk: int
    unit_id: int
    submitted_on: date | None
    first_feedback_on: date | None
    gates: dict[str, date]


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def idea_facts(ideas: QuerySet[Idea]) -> dict[int, IdeaFacts]:
    first_feedback = Feedback.objects.filter(idea_id=OuterRef("pk")).order_by("created_at", "id")
    rows = ideas.annotate(
        first_feedback_at=Subquery(first_feedback.values("created_at")[:1])
    ).values_list("pk", "unit_id", "submitted_at", "first_feedback_at")
    return {
        pk: IdeaFacts(pk, unit_id, _day(submitted), _day(feedback), {})
        for pk, unit_id, submitted, feedback in rows.order_by()
    }


@dataclass(frozen=True)
class DecisionFact:
    idea_id: int
    decision_type: str
    from_state: str
    to_state: str
    decided_on: date
    forum: str
    level: str
    feedback_on: date | None
    reason: str
    title: str


def decision_facts(ideas: QuerySet[Idea]) -> list[DecisionFact]:
    rows = (
        Decision.objects.filter(idea_id__in=ideas.values("pk"))
        .order_by("idea_id", "decided_on", "created_at", "id")
        .values_list(
            "idea_id",
            "decision_type",
            "from_state",
            "to_state",
            "decided_on",
            "forum__name",
            "mandate__holder_forum__type",
            "mandate__holder_role",
            "feedback__created_at",
            "rationale",
            "idea__title",
        )
    )
    facts = []
    for idea_id, kind, from_, to, on, forum, forum_type, role, fb, reason, title in rows:
        facts.append(
            DecisionFact(
                idea_id,
                kind,
                from_,
                to,
                on,
                forum or _("Utan forum"),
                mandate_level(forum_type, role),
                _day(fb),
                reason,
                title,
            )
        )
    return facts


def mandate_level(forum_type: str | None, role: str | None) -> str:
    """The level a mandate sits at: the holding forum's type or the holding role."""
    if forum_type:
        return str(ForumType(forum_type).label)
    if role:
        return str(Role(role).label)
    return _("Okänd")


def attach_gates(facts: dict[int, IdeaFacts], decisions: list[DecisionFact]) -> None:
    for d in decisions:
        idea = facts.get(d.idea_id)
        if idea is not None and d.decision_type not in idea.gates:
            idea.gates[d.decision_type] = d.decided_on


def state_stays(
    facts: dict[int, IdeaFacts], decisions: list[DecisionFact]
) -> dict[str, list[float]]:
    """Completed stays per state: from entering a state (submission or a decision) to the
    decision that took the idea out of it. Escalation and transfer keep the state."""
    by_idea: dict[int, list[DecisionFact]] = defaultdict(list)
    for d in decisions:
        by_idea[d.idea_id].append(d)
    stays: dict[str, list[float]] = defaultdict(list)
    for pk, idea in facts.items():
        if idea.submitted_on is None:
            continue
        state, since = str(IdeaState.SUBMITTED), idea.submitted_on
        for d in by_idea.get(pk, []):
            if d.to_state == d.from_state:
                continue
            if d.from_state == state:
                stays[state].append(float((d.decided_on - since).days))
            state, since = d.to_state, d.decided_on
    return stays


def _days(start: date | None, end: date | None) -> float | None:
    if start is None or end is None:
        return None
    return float((end - start).days)


def flow(scope: Scope, ideas: QuerySet[Idea]) -> tuple[Flow, dict[int, IdeaFacts]]:
    facts = idea_facts(ideas)
    decisions = decision_facts(ideas)
    attach_gates(facts, decisions)
    gates = []
    for dtype, short in GATES:
        days = durations(_days(i.submitted_on, i.gates.get(dtype)) for i in facts.values())
        reached = sum(1 for i in facts.values() if dtype in i.gates)
        label = f"{short} {DecisionType(dtype).label.split(' ', 1)[-1]}"
        gates.append(
            GateRow(
                str(dtype),
                label,
                days,
                Row(str(dtype), label, reached, scope.ideas_query(reached=dtype)),
            )
        )
    stays = state_stays(facts, decisions)
    states = [
        StateRow(value, str(label), durations(stays[value]))
        for value, label in IdeaState.choices
        if stays.get(value)
    ]
    deadline = scope.deadline_days
    first = [
        v for i in facts.values() if (v := _days(i.submitted_on, i.first_feedback_on)) is not None
    ]
    submitted = sum(1 for i in facts.values() if i.submitted_on)
    fed_back_in_time = sum(1 for v in first if 0 <= v <= deadline)
    decided_in_time = sum(
        1
        for d in decisions
        if d.feedback_on is not None and (d.feedback_on - d.decided_on).days <= deadline
    )
    escalating = [d for d in decisions if d.decision_type in ESCALATING]
    escalated_ids = {d.idea_id for d in escalating}
    ended = ideas.filter(state__in=ENDED_STATES)
    ended_n = ended.order_by().count()
    with_lesson_n = ended.filter(lessons__isnull=False).values("pk").distinct().order_by().count()
    result = Flow(
        submitted=submitted,
        gates=gates,
        states=states,
        waiting=Row(
            "waiting",
            _("Väntar förbi nästa behandling"),
            waiting_filter(ideas, scope.today).order_by().count(),
            scope.ideas_query(waiting=True),
        ),
        overdue=Row(
            "overdue",
            _("Återkoppling försenad"),
            overdue_filter(ideas, scope.today).order_by().count(),
            scope.ideas_query(overdue=True),
        ),
        decisions=len(decisions),
        feedback_in_time=Share(decided_in_time, len(decisions)),
        first_feedback=durations(first),
        first_feedback_in_time=Share(fed_back_in_time, submitted),
        by_forum=_tally(d.forum for d in decisions),
        by_level=_tally(d.level for d in decisions),
        escalated=Row(
            "escalated",
            _("Lyfta eller överlämnade idéer"),
            len(escalated_ids),
            scope.ideas_query(escalated=True),
        ),
        escalations=[
            Escalation(
                d.idea_id,
                d.title,
                str(DecisionType(d.decision_type).label),
                d.forum,
                d.reason,
                d.decided_on,
            )
            for d in sorted(escalating, key=lambda d: d.decided_on, reverse=True)[:10]
        ],
        ended=Row("ended", _("Avslutade idéer"), ended_n, scope.ideas_query(ended=True)),
        with_lesson=Row(
            "with_lesson",
            _("Avslutade med en lärdom"),
            with_lesson_n,
            scope.ideas_query(ended=True, with_lesson=True),
        ),
        lesson_share=Share(with_lesson_n, ended_n),
    )
    return result, facts


def _tally(labels: object) -> list[Tally]:
    counts = Counter(labels)  # type: ignore[call-overload]
    return [Tally(label, n) for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
