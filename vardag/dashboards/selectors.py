"""The overview's reads: one call per page, access and suppression built in.

`overview(actor, ...)` gathers every figure of one scope (the organisation or a unit's subtree,
in a period) with a fixed number of queries whatever the amount of data; `comparison(actor, ...)`
sets two units side by side. Pages, the committee report and the API all read these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.dashboards.actions import Actions, actions
from vardag.dashboards.effects import Effects, effects
from vardag.dashboards.flow import Flow, flow
from vardag.dashboards.portfolio import Portfolio, ideas_per_unit_subtree, portfolio
from vardag.dashboards.reading import compare_reading, plain_reading
from vardag.dashboards.scope import Scope, allowed_unit_ids, overview_scope
from vardag.dashboards.units import UnitRow, UnitsSideBySide, units_side_by_side
from vardag.dashboards.users import UsersPart, users_part
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.models import Idea
from vardag.ideas.selectors import waiting_filter


@dataclass
class Overview:
    scope: Scope
    portfolio: Portfolio
    flow: Flow
    units: UnitsSideBySide
    users: UsersPart
    effects: Effects
    actions: Actions
    reading: list[str] = field(default_factory=list)


def scope_ideas(actor: Actor, scope: Scope) -> QuerySet[Idea]:
    """The ideas behind every figure: the idea list's own selector and filters."""
    return IdeaFilterSet(scope.idea_data(), actor=actor).narrowed()


def overview(
    actor: Actor,
    *,
    unit_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> Overview:
    scope = overview_scope(actor, unit_id=unit_id, since=since, until=until, today=today)
    ideas = scope_ideas(actor, scope)
    per_unit = ideas_per_unit_subtree(scope, ideas)
    the_flow, facts = flow(scope, ideas)
    waiting_ids = set(waiting_filter(ideas, scope.today).values_list("pk", flat=True).order_by())
    units = units_side_by_side(scope, per_unit, facts, waiting_ids)
    result = Overview(
        scope=scope,
        portfolio=portfolio(scope, ideas, per_unit),
        flow=the_flow,
        units=units,
        users=users_part(scope, ideas, facts),
        effects=effects(scope),
        actions=actions(actor, scope, ideas, units),
    )
    result.reading = plain_reading(result)
    return result


@dataclass(frozen=True)
class RoundTable:
    """One round's conditions for the compared units: respondents and mean per dimension."""

    title: str
    n: list[int | None]
    rows: list[tuple[str, list[float | None]]]


@dataclass
class Comparison:
    rounds: list[Any]
    dimensions: list[Any]
    rows: list[UnitRow]
    reading: list[str] = field(default_factory=list)

    def round_tables(self) -> list[RoundTable]:
        tables = []
        for i, round_ in enumerate(self.rounds):
            cells = [r.conditions[i] if i < len(r.conditions) else None for r in self.rows]
            tables.append(
                RoundTable(
                    round_.title,
                    [c.n if c else None for c in cells],
                    [
                        (d.name, [c.means.get(d.code) if c else None for c in cells])
                        for d in self.dimensions
                    ],
                )
            )
        return tables


def comparison(
    actor: Actor,
    *,
    unit_ids: list[int],
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> Comparison:
    """Units side by side, each over its own subtree; refused outside what the person sees."""
    rows: list[UnitRow] = []
    rounds: list[Any] = []
    dimensions: list[Any] = []
    for unit_id in unit_ids:
        scope = overview_scope(actor, unit_id=unit_id, since=since, until=until, today=today)
        require(unit_id in allowed_unit_ids(actor, scope.parents))
        ideas = scope_ideas(actor, scope)
        per_unit = ideas_per_unit_subtree(scope, ideas)
        _flow, facts = flow(scope, ideas)
        waiting_ids = set(
            waiting_filter(ideas, scope.today).values_list("pk", flat=True).order_by()
        )
        side = units_side_by_side(scope, per_unit, facts, waiting_ids, unit_ids=[unit_id])
        rows.extend(side.rows)
        rounds, dimensions = side.rounds, side.dimensions
    return Comparison(rounds, dimensions, rows, compare_reading(rows, dimensions))


__all__ = ["Comparison", "Overview", "Scope", "comparison", "overview"]
