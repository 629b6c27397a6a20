"""Effects and spreading, read from vardag.pilots' `pilot_figures` (organisation-wide)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vardag.dashboards.scope import Scope
from vardag.dashboards.stats import Share
from vardag.pilots.models import Effect, Factor, Phase
from vardag.pilots.selectors import PilotFigures, pilot_figures


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    n: int


@dataclass
class Effects:
    figures: PilotFigures
    phases: list[Tally]
    goals_reached: Share
    helped: list[Tally]
    hindered: list[Tally]
    effects: list[Tally]

    @property
    def pilots(self) -> int:
        return sum(t.n for t in self.phases)


def _tallies(counts: dict[str, int], choices: list[tuple[str, Any]]) -> list[Tally]:
    rows = [Tally(value, str(label), counts.get(value, 0)) for value, label in choices]
    return sorted((r for r in rows if r.n), key=lambda r: -r.n)


def effects(scope: Scope) -> Effects:
    figures = pilot_figures(scope.organisation.pk, today=scope.today)
    return Effects(
        figures=figures,
        phases=[
            Tally(value, str(label), figures.pilots_by_phase.get(value, 0))
            for value, label in Phase.choices
        ],
        goals_reached=Share(figures.goals_reached, figures.goals_measurable),
        helped=_tallies(figures.helped, list(Factor.choices)),
        hindered=_tallies(figures.hindered, list(Factor.choices)),
        effects=_tallies(figures.effects, list(Effect.choices)),
    )
