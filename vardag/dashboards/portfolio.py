"""The portfolio: how many ideas, where, of what kind, from where. Counted in SQL; every count
carries the idea list's query that shows exactly the ideas behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from vardag.core.models import Unit
from vardag.dashboards.scope import Scope
from vardag.ideas.models import Challenge, Idea, IdeaOrigin, IdeaState, in_language
from vardag.ideas.selectors import DRIVER_NONE, AffectedUnit, cross_organisation_q


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    n: int
    query: str | None = None  # the idea list's query string; None where no filter exists


@dataclass
class Portfolio:
    total: Row
    cross_organisation: Row
    by_state: list[Row] = field(default_factory=list)
    by_stage: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    by_driver: list[Row] = field(default_factory=list)
    by_origin: list[Row] = field(default_factory=list)
    by_organisation: list[Row] = field(default_factory=list)
    by_challenge: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)
    by_administration: list[Row] = field(default_factory=list)

    def tables(self) -> list[tuple[str, str, list[Row]]]:
        """(key, heading, rows) for pages, the report and the API, in one order."""
        return [
            ("state", _("Status"), self.by_state),
            ("stage", _("Fas"), self.by_stage),
            ("kind", _("Typ"), self.by_kind),
            ("driver", _("Drivkraft"), self.by_driver),
            ("origin", _("Ny, anpassad eller kopierad"), self.by_origin),
            ("unit", _("Enhet (med enheterna under)"), self.by_unit),
            ("administration", _("Förvaltning"), self.by_administration),
            ("organisation", _("Organisation"), self.by_organisation),
            ("challenge", _("Utmaning"), self.by_challenge),
        ]


def _grouped(ideas: QuerySet[Idea], *fields: str) -> list[dict[str, Any]]:
    return list(ideas.values(*fields).annotate(n=Count("pk")).order_by())


def _choice_rows(
    scope: Scope, ideas: QuerySet[Idea], name: str, choices: Iterable[tuple[str, Any]]
) -> list[Row]:
    counts = {r[name]: r["n"] for r in _grouped(ideas, name)}
    return [
        Row(str(value), str(label), counts.get(value, 0), scope.ideas_query(**{name: value}))
        for value, label in choices
        if counts.get(value, 0)
    ]


def ancestors_map(parents: dict[int, int | None]) -> dict[int, list[int]]:
    """Each unit with itself and every unit above it."""
    out: dict[int, list[int]] = {}
    for uid in parents:
        chain: list[int] = []
        current: int | None = uid
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        out[uid] = chain
    return out


def ideas_per_unit_subtree(scope: Scope, ideas: QuerySet[Idea]) -> dict[int, set[int]]:
    """For every unit of the organisation, the ideas (of `ideas`) whose home unit or an affected
    unit lies in its subtree: the idea list's unit filter with "units below". Two queries."""
    pairs = list(ideas.values_list("pk", "unit_id").order_by())
    pairs += list(
        AffectedUnit.objects.filter(idea_id__in=ideas.values("pk")).values_list(
            "idea_id", "unit_id"
        )
    )
    up = ancestors_map(scope.parents)
    found: dict[int, set[int]] = defaultdict(set)
    for idea_id, unit_id in pairs:
        for uid in up.get(unit_id, ()):
            found[uid].add(idea_id)
    return found


def _unit_rows(scope: Scope, per_unit: dict[int, set[int]], units: list[Unit]) -> list[Row]:
    return [
        Row(str(u.pk), u.name, len(per_unit.get(u.pk, ())), scope.ideas_query(unit=u.pk))
        for u in units
    ]


def portfolio(scope: Scope, ideas: QuerySet[Idea], per_unit: dict[int, set[int]]) -> Portfolio:
    total = ideas.order_by().count()
    cross = ideas.filter(cross_organisation_q()).order_by().count()
    result = Portfolio(
        total=Row("total", _("Idéer"), total, scope.ideas_query()),
        cross_organisation=Row(
            "cross_organisation",
            _("Idéer som spänner över organisationer"),
            cross,
            scope.ideas_query(cross_organisation=True),
        ),
    )
    states = [(v, lbl) for v, lbl in IdeaState.choices if v != IdeaState.DRAFT]
    result.by_state = _choice_rows(scope, ideas, "state", states)
    result.by_kind = _choice_rows(scope, ideas, "kind", Idea.Kind.choices)
    result.by_origin = _choice_rows(scope, ideas, "origin", IdeaOrigin.choices)
    drivers = {r["challenge__driver"]: r["n"] for r in _grouped(ideas, "challenge__driver")}
    result.by_driver = [
        Row(value, str(label), drivers.get(key, 0), scope.ideas_query(driver=value))
        for key, value, label in [
            *((v, v, lbl) for v, lbl in Challenge.Driver.choices),
            (None, DRIVER_NONE, _("Utan utmaning")),
        ]
        if drivers.get(key, 0)
    ]
    result.by_stage = [
        Row(
            str(r["stage_id"] or ""),
            (
                in_language(r["stage__name"], r["stage__name_en"] or "")
                if r["stage_id"]
                else _("Utan fas")
            ),
            r["n"],
            scope.ideas_query(stage=r["stage_id"]) if r["stage_id"] else None,
        )
        for r in sorted(
            _grouped(ideas, "stage_id", "stage__name", "stage__name_en", "stage__order"),
            key=lambda r: (
                r["stage__order"] is None,
                r["stage__order"] or 0,
                r["stage__name"] or "",
            ),
        )
    ]
    result.by_organisation = [
        Row(
            str(r["organisation_id"]),
            r["organisation__name"],
            r["n"],
            scope.ideas_query(organisation=r["organisation_id"]),
        )
        for r in sorted(
            _grouped(ideas, "organisation_id", "organisation__name"),
            key=lambda r: r["organisation__name"],
        )
    ]
    result.by_challenge = [
        Row(
            str(r["challenge_id"]),
            r["challenge__question"],
            r["n"],
            scope.ideas_query(challenge=r["challenge_id"]),
        )
        for r in sorted(
            _grouped(ideas.filter(challenge__isnull=False), "challenge_id", "challenge__question"),
            key=lambda r: (-r["n"], r["challenge__question"]),
        )
    ]
    units = Unit.objects.filter(pk__in=scope.unit_ids).order_by("name")
    unit_list = list(units)
    if scope.unit is None:
        shown = [u for u in unit_list if scope.parents.get(u.pk) is None]
    else:
        shown = [scope.unit] + [u for u in unit_list if scope.parents.get(u.pk) == scope.unit.pk]
    result.by_unit = _unit_rows(scope, per_unit, shown)
    admins = [u for u in unit_list if u.kind == Unit.Kind.ADMINISTRATION]
    result.by_administration = _unit_rows(scope, per_unit, admins)
    return result
