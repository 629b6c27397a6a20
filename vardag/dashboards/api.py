"""API for every figure of the overview (issue 17), under the same access and suppression as the
pages: the same selectors. `ideas_url` is the idea list behind a count (the page's drill-down)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from vardag.core.actors import request_actor
from vardag.core.api_types import Id
from vardag.dashboards import selectors
from vardag.dashboards.portfolio import Row
from vardag.dashboards.stats import Share, Spread
from vardag.dashboards.units import UnitRow, UnitsSideBySide

router = Router(tags=["dashboards"])


class RowOut(Schema):
    key: str
    label: str
    n: int
    ideas_url: str | None


class TableOut(Schema):
    key: str
    heading: str
    rows: list[RowOut]


class PortfolioOut(Schema):
    total: RowOut
    cross_organisation: RowOut
    tables: list[TableOut]


class SpreadOut(Schema):
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    low: float | None
    high: float | None
    mean: float | None
    excluded: int = Field(
        description="Durations left out because they end before they start (a decision or "
        "feedback dated before the submission): a data inconsistency, never a negative figure."
    )


class ShareOut(Schema):
    part: int
    whole: int
    value: float | None


class GateOut(Schema):
    key: str
    label: str
    days: SpreadOut
    reached: RowOut


class StateOut(Schema):
    key: str
    label: str
    days: SpreadOut


class TallyOut(Schema):
    label: str
    n: int


class EscalationOut(Schema):
    idea_id: int
    title: str
    kind: str
    forum: str
    reason: str
    decided_on: date


class FlowOut(Schema):
    submitted: int
    gates: list[GateOut]
    states: list[StateOut]
    waiting: RowOut
    overdue: RowOut
    decisions: int
    feedback_in_time: ShareOut
    first_feedback: SpreadOut
    first_feedback_in_time: ShareOut
    by_forum: list[TallyOut]
    by_level: list[TallyOut]
    escalated: RowOut
    escalations: list[EscalationOut]
    lesson_share: ShareOut


class ConditionOut(Schema):
    round_id: int
    round_title: str
    n: int | None = Field(
        description="Respondents: submitted anonymous responses in the round from the unit's "
        "subtree (every employee is invited, also those without an account); null when hidden."
    )
    means: dict[str, float | None]


class UnitFiguresOut(Schema):
    unit_id: int
    name: str
    depth: int
    employees: int = Field(
        description="People with an active membership (an account) in the unit's subtree."
    )
    ideas: RowOut
    ideas_per_employee: float | None
    first_feedback: SpreadOut
    reached_g1: ShareOut
    reached_g2: ShareOut
    waiting: int
    conditions: list[ConditionOut]


class OverviewDimensionOut(Schema):
    code: str
    name: str


class UnitsOut(Schema):
    dimensions: list[OverviewDimensionOut]
    rows: list[UnitFiguresOut]
    scope_conditions: list[ConditionOut]  # the scope as a whole, one per round


class KindOut(Schema):
    key: str
    label: str
    activities: int
    participants: int | None


class ValueOut(Schema):
    n: int
    means: dict[str, float | None]
    with_legal_basis: ShareOut
    conflicts: int


class UsersOut(Schema):
    past_g2_with_user_voice: ShareOut
    activities: int
    by_kind: list[KindOut]
    by_level: list[KindOut]
    children_heard: int
    children_fed_back: ShareOut
    children_fed_back_in_time: ShareOut
    value: ValueOut | None


class EffectsOut(Schema):
    pilots_by_phase: dict[str, int]
    goals_total: int
    goals_measurable: int
    goals_reached: ShareOut
    implementations_total: int
    follow_ups_done: int
    follow_ups_overdue: int
    follow_ups_pending: int
    adoptions_of_ours: int
    adoptions_by_us: int
    lessons_total: int
    helped: dict[str, int]
    hindered: dict[str, int]
    effects: dict[str, int]


class OverviewOut(Schema):
    organisation_id: int
    unit_id: int | None
    since: date | None
    until: date | None
    threshold: int
    feedback_deadline_days: int
    reading: list[str]
    portfolio: PortfolioOut
    flow: FlowOut
    units: UnitsOut
    users: UsersOut
    effects: EffectsOut


class ScopeIn(Schema):
    unit: Id | None = None
    since: date | None = None
    until: date | None = None


class CompareIn(Schema):
    a: Id
    b: Id
    since: date | None = None
    until: date | None = None


def _row(row: Row) -> dict[str, Any]:
    url = f"{reverse('ideas:list')}?{row.query}" if row.query else None
    return {"key": row.key, "label": row.label, "n": row.n, "ideas_url": url}


def _spread(s: Spread) -> dict[str, Any]:
    return {
        k: getattr(s, k) for k in ("n", "median", "q1", "q3", "low", "high", "mean", "excluded")
    }


def _share(s: Share) -> dict[str, Any]:
    return {"part": s.part, "whole": s.whole, "value": s.value}


def _unit(r: UnitRow, units: UnitsSideBySide | selectors.Comparison) -> dict[str, Any]:
    return {
        "unit_id": r.unit.pk,
        "name": r.unit.name,
        "depth": r.depth,
        "employees": r.employees,
        "ideas": _row(r.ideas),
        "ideas_per_employee": r.ideas_per_employee,
        "first_feedback": _spread(r.first_feedback),
        "reached_g1": _share(r.reached_g1),
        "reached_g2": _share(r.reached_g2),
        "waiting": r.waiting,
        "conditions": [
            {"round_id": round_.pk, "round_title": round_.title, "n": c.n, "means": c.means}
            for round_, c in zip(units.rounds, r.conditions, strict=False)
        ],
    }


def _flow(o: selectors.Overview) -> dict[str, Any]:
    f = o.flow
    return {
        "submitted": f.submitted,
        "gates": [
            {"key": g.key, "label": g.label, "days": _spread(g.days), "reached": _row(g.reached)}
            for g in f.gates
        ],
        "states": [{"key": s.key, "label": s.label, "days": _spread(s.days)} for s in f.states],
        "waiting": _row(f.waiting),
        "overdue": _row(f.overdue),
        "decisions": f.decisions,
        "feedback_in_time": _share(f.feedback_in_time),
        "first_feedback": _spread(f.first_feedback),
        "first_feedback_in_time": _share(f.first_feedback_in_time),
        "by_forum": [t.__dict__ for t in f.by_forum],
        "by_level": [t.__dict__ for t in f.by_level],
        "escalated": _row(f.escalated),
        "escalations": [e.__dict__ for e in f.escalations],
        "lesson_share": _share(f.lesson_share),
    }


def _users(o: selectors.Overview) -> dict[str, Any]:
    u, v = o.users, o.users.value
    return {
        "past_g2_with_user_voice": _share(u.past_g2),
        "activities": u.activities,
        "by_kind": [k.__dict__ for k in u.by_kind],
        "by_level": [k.__dict__ for k in u.by_level],
        "children_heard": u.children_heard,
        "children_fed_back": _share(u.children_fed_back),
        "children_fed_back_in_time": _share(u.children_in_time),
        "value": None
        if v is None
        else {
            "n": v.n,
            "means": v.means,
            "with_legal_basis": _share(v.with_legal_basis),
            "conflicts": v.conflicts,
        },
    }


def _effects(o: selectors.Overview) -> dict[str, Any]:
    f = o.effects.figures
    return {
        "pilots_by_phase": f.pilots_by_phase,
        "goals_total": f.goals_total,
        "goals_measurable": f.goals_measurable,
        "goals_reached": _share(o.effects.goals_reached),
        "implementations_total": f.implementations_total,
        "follow_ups_done": f.follow_ups_done,
        "follow_ups_overdue": f.follow_ups_overdue,
        "follow_ups_pending": f.follow_ups_pending,
        "adoptions_of_ours": f.adoptions_of_ours,
        "adoptions_by_us": f.adoptions_by_us,
        "lessons_total": f.lessons_total,
        "helped": f.helped,
        "hindered": f.hindered,
        "effects": f.effects,
    }


def overview_data(o: selectors.Overview) -> dict[str, Any]:
    s = o.scope
    return {
        "organisation_id": s.organisation.pk,
        "unit_id": s.unit.pk if s.unit else None,
        "since": s.since,
        "until": s.until,
        "threshold": s.threshold,
        "feedback_deadline_days": s.deadline_days,
        "reading": o.reading,
        "portfolio": {
            "total": _row(o.portfolio.total),
            "cross_organisation": _row(o.portfolio.cross_organisation),
            "tables": [
                {"key": key, "heading": str(heading), "rows": [_row(r) for r in rows]}
                for key, heading, rows in o.portfolio.tables()
            ],
        },
        "flow": _flow(o),
        "units": {
            "dimensions": [d.__dict__ for d in o.units.dimensions],
            "rows": [_unit(r, o.units) for r in o.units.rows],
            "scope_conditions": [
                {"round_id": round_.pk, "round_title": round_.title, "n": c.n, "means": c.means}
                for round_, c in zip(o.units.rounds, o.units.scope_conditions, strict=False)
            ],
        },
        "users": _users(o),
        "effects": _effects(o),
    }


@router.get("/overview", response=OverviewOut)
def overview(request: HttpRequest, scope: Query[ScopeIn]) -> dict[str, Any]:
    data = selectors.overview(
        request_actor(request), unit_id=scope.unit, since=scope.since, until=scope.until
    )
    return overview_data(data)


@router.get("/compare", response=list[UnitFiguresOut])
def compare(request: HttpRequest, units: Query[CompareIn]) -> list[dict[str, Any]]:
    result = selectors.comparison(
        request_actor(request), unit_ids=[units.a, units.b], since=units.since, until=units.until
    )
    return [_unit(r, result) for r in result.rows]
