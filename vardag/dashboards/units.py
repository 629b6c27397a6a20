"""Units side by side: each unit's conditions index per dimension over rounds (from
vardag.surveys, already suppressed there) next to its flow figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import translation

from vardag.accounts.models import Membership
from vardag.core.models import Unit
from vardag.dashboards.flow import IdeaFacts
from vardag.dashboards.portfolio import Row, ancestors_map
from vardag.dashboards.scope import Scope, tree_order
from vardag.dashboards.stats import Share, Spread, durations
from vardag.forums.models import DecisionType
from vardag.surveys.selectors import SubtreeIndex, latest_round_chain, subtree_condition_index


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str


@dataclass(frozen=True)
class RoundInfo:
    pk: int
    title: str


@dataclass
class UnitRow:
    unit: Unit
    depth: int
    employees: int
    ideas: Row
    first_feedback: Spread
    reached_g1: Share
    reached_g2: Share
    waiting: int
    conditions: list[SubtreeIndex] = field(default_factory=list)  # one per round, oldest first

    @property
    def ideas_per_employee(self) -> float | None:
        return self.ideas.n / self.employees if self.employees else None

    @property
    def latest(self) -> SubtreeIndex | None:
        return self.conditions[-1] if self.conditions else None


@dataclass
class UnitsSideBySide:
    rounds: list[RoundInfo]
    dimensions: list[Dimension]
    rows: list[UnitRow]
    # The scope as a whole (its unit's subtree, or the whole organisation), one per round.
    scope_conditions: list[SubtreeIndex] = field(default_factory=list)

    @property
    def scope_latest(self) -> SubtreeIndex | None:
        return self.scope_conditions[-1] if self.scope_conditions else None

    def scope_table(self) -> list[tuple[str, list[float | None]]]:
        """Dimension → the scope's mean in each round (None: hidden or missing)."""
        return [
            (d.name, [c.means.get(d.code) for c in self.scope_conditions]) for d in self.dimensions
        ]

    def row(self, unit_id: int) -> UnitRow | None:
        return next((r for r in self.rows if r.unit.pk == unit_id), None)


def employees_per_subtree(scope: Scope) -> dict[int, int]:
    """People with an active membership in each unit's subtree (one query)."""
    today = scope.today
    pairs = (
        Membership.objects.filter(unit__organisation_id=scope.organisation.pk, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .values_list("unit_id", "user_id")
        .distinct()
    )
    up = ancestors_map(scope.parents)
    people: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in pairs:
        for uid in up.get(unit_id, ()):
            people[uid].add(user_id)
    return {uid: len(users) for uid, users in people.items()}


def conditions(
    scope: Scope, unit_ids: list[int]
) -> tuple[list[RoundInfo], list[Dimension], dict[int | None, list[SubtreeIndex]]]:
    """Per round (oldest first): each unit's subtree and, under the key None, the scope as a
    whole (its unit's subtree, or the whole organisation)."""
    rounds = latest_round_chain(scope.organisation.pk)
    language = translation.get_language() or "sv"
    keys: list[int | None] = [*unit_ids, None]
    per_unit: dict[int | None, list[SubtreeIndex]] = {key: [] for key in keys}
    dimensions: list[Dimension] = []
    whole = scope.unit.pk if scope.unit else None
    for round_ in rounds:
        specs, index = subtree_condition_index(round_, [*unit_ids, whole])
        if round_ is rounds[-1]:
            dimensions = [Dimension(s.code, s.name(language[:2])) for s in specs]
        for key in keys:
            found = index.get(whole if key is None else key)
            per_unit[key].append(found or SubtreeIndex(0, {}))
    return [RoundInfo(r.pk, r.title) for r in rounds], dimensions, per_unit


def units_side_by_side(
    scope: Scope,
    per_unit_ideas: dict[int, set[int]],
    facts: dict[int, IdeaFacts],
    waiting_ids: set[int],
    *,
    unit_ids: list[int] | None = None,
) -> UnitsSideBySide:
    wanted = set(unit_ids) if unit_ids is not None else set(scope.unit_ids)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=wanted)}
    ordered = tree_order(units, scope.parents) if unit_ids is None else [units[u] for u in unit_ids]
    employees = employees_per_subtree(scope)
    rounds, dimensions, index = conditions(scope, [u.pk for u in ordered])
    rows = []
    for unit in ordered:
        ideas = [facts[i] for i in per_unit_ideas.get(unit.pk, ()) if i in facts]
        days = durations(
            float((i.first_feedback_on - i.submitted_on).days)
            for i in ideas
            if i.submitted_on and i.first_feedback_on
        )
        rows.append(
            UnitRow(
                unit=unit,
                depth=getattr(unit, "depth", 0),
                employees=employees.get(unit.pk, 0),
                ideas=Row(str(unit.pk), unit.name, len(ideas), scope.ideas_query(unit=unit.pk)),
                first_feedback=days,
                reached_g1=Share(
                    sum(1 for i in ideas if DecisionType.GRANT_TIME in i.gates), len(ideas)
                ),
                reached_g2=Share(
                    sum(1 for i in ideas if DecisionType.GRANT_MONEY in i.gates), len(ideas)
                ),
                waiting=sum(1 for i in ideas if i.pk in waiting_ids),
                conditions=index.get(unit.pk, []),
            )
        )
    return UnitsSideBySide(rounds, dimensions, rows, index.get(None, []))
