"""The bridge from stored answers to vardag.psychometrics (which knows nothing of Django).

Loads the submitted answers of a round into a pandas DataFrame (respondents × item codes, NaN for
a missing answer), scores each dimension and runs the pure analysis. Every figure for a group
under the organisation's suppression threshold is left out here, before it reaches a page, an
export or the API (primary and complementary suppression via `suppress_small_groups`).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext as _

from vardag.core.models import Unit
from vardag.psychometrics import (
    AlphaResult,
    ItemStatistic,
    MeanEstimate,
    OmegaResult,
    TableSuppression,
    TwoGroupComparison,
    WelchAnovaResult,
    compare_groups,
    compare_rounds,
    cronbach_alpha,
    item_statistics,
    mcdonald_omega,
    mean_with_ci,
    scale_scores,
    suppress_small_groups,
    suppress_table,
    welch_anova,
)
from vardag.surveys.models import Answer, Audience, Dimension, Item, Response, Round

META = ["response_id", "unit_id", "audience"]


def load_frame(round_: Round) -> pd.DataFrame:
    """One row per submitted response: response_id, unit_id, audience, then one column per item."""
    responses = list(
        Response.objects.filter(round=round_, submitted_on__isnull=False).values_list(
            "id", "unit_id", "audience"
        )
    )
    meta = pd.DataFrame(responses, columns=META)
    codes = list(
        Item.objects.filter(version=round_.version)
        .exclude(kind__in=[Item.Kind.OPEN, Item.Kind.MULTIPLE])
        .order_by("section__order", "order")
        .values_list("code", flat=True)
    )
    code_of = dict(Item.objects.filter(version=round_.version).values_list("id", "code"))
    rows = Answer.objects.filter(
        response__round=round_, response__submitted_on__isnull=False, value__isnull=False
    ).values_list("response_id", "item_id", "value")
    # Hundreds of thousands of rows: fetched as plain tuples through the cursor (no per-row
    # ORM work), item ids mapped to codes per distinct id.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    flat = np.fromiter(itertools.chain.from_iterable(fetched), dtype=float, count=3 * len(fetched))
    triples = flat.reshape(len(fetched), 3)
    long = pd.DataFrame(
        {
            "response_id": triples[:, 0].astype(np.int64),
            "code": pd.Series(triples[:, 1].astype(np.int64)).map(code_of),
            "value": triples[:, 2],
        }
    )
    return widen(meta, long, codes)


def widen(meta: pd.DataFrame, long: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Respondents × items from long (response_id, code, value) rows, with numpy indexing."""
    matrix = np.full((len(meta), len(codes)), np.nan)
    if len(long) and len(meta):
        row_of = pd.Index(meta["response_id"]).get_indexer(long["response_id"])
        col_of = pd.Index(codes).get_indexer(long["code"])
        keep = (row_of >= 0) & (col_of >= 0)
        matrix[row_of[keep], col_of[keep]] = long["value"].to_numpy(dtype=float)[keep]
    wide = pd.DataFrame(matrix, columns=codes, index=meta.index)
    frame = pd.concat([meta, wide], axis=1)
    return frame.set_index("response_id", drop=False)


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    name_sv: str
    name_en: str
    items: tuple[str, ...]
    reversed_items: tuple[str, ...]
    scale_max: int

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_sv


def dimension_specs(round_: Round) -> list[DimensionSpec]:
    specs = []
    dimensions = Dimension.objects.filter(version=round_.version).prefetch_related("items")
    for dim in dimensions:
        items = sorted(
            (i for i in dim.items.all() if i.is_scale), key=lambda i: (i.section_id, i.order)
        )
        if not items:
            continue
        specs.append(
            DimensionSpec(
                code=dim.code,
                name_sv=dim.name_sv,
                name_en=dim.name_en,
                items=tuple(i.code for i in items),
                reversed_items=tuple(i.code for i in items if i.is_reversed),
                scale_max=max(i.scale_points for i in items),
            )
        )
    return specs


def scores(frame: pd.DataFrame, specs: list[DimensionSpec]) -> pd.DataFrame:
    """Dimension scores per respondent (prorated mean; NaN under half the items answered)."""
    out = pd.DataFrame(index=frame.index)
    for spec in specs:
        data = frame.loc[:, list(spec.items)]
        result = scale_scores(
            data, scale_min=1, scale_max=spec.scale_max, reversed_items=spec.reversed_items
        )
        out[spec.code] = result.scores
    return out


def _reversed(frame: pd.DataFrame, spec: DimensionSpec) -> pd.DataFrame:
    data = frame.loc[:, list(spec.items)].astype(float).copy()
    for code in spec.reversed_items:
        data[code] = 1 + spec.scale_max - data[code]
    return data


@dataclass(frozen=True)
class Reliability:
    """A reliability figure as every output shows it (page, PDF, XLSX, API): a value within its
    range, or `value` None and the reason it cannot be estimated."""

    value: float | None
    lower: float | None = None
    upper: float | None = None
    reason: str = ""


def alpha_figure(alpha: AlphaResult | None) -> Reliability | None:
    if alpha is None:
        return None
    if not math.isfinite(alpha.alpha):
        return Reliability(None, reason=str(_("kan inte skattas: svaren varierar för lite")))
    if alpha.alpha < 0:
        # Alpha below 0 is not a share of variance: the items covary negatively on average.
        return Reliability(
            None,
            reason=str(
                _(
                    "kan inte skattas: negativt värde (%(value)s) – frågorna hänger inte ihop; "
                    "kontrollera att omvända frågor är vända"
                )
                % {"value": f"{alpha.alpha:.2f}"}
            ),
        )
    return Reliability(alpha.alpha, alpha.ci.lower, alpha.ci.upper)


def omega_figure(omega: OmegaResult | None) -> Reliability | None:
    if omega is None:
        return None
    if omega.is_heywood_case:
        return Reliability(
            None,
            reason=str(
                _(
                    "kan inte skattas: en fråga förklaras helt av de andra (för få svar, "
                    "eller frågor som nästan är likadana)"
                )
            ),
        )
    if not omega.is_estimable:
        return Reliability(None, reason=str(_("kan inte skattas: enfaktormodellen passar inte")))
    return Reliability(omega.omega_total)


@dataclass(frozen=True)
class DimensionResult:
    spec: DimensionSpec
    estimate: MeanEstimate | None
    alpha: AlphaResult | None = None
    omega: OmegaResult | None = None
    items: tuple[ItemStatistic, ...] = ()

    @property
    def alpha_figure(self) -> Reliability | None:
        return alpha_figure(self.alpha)

    @property
    def omega_figure(self) -> Reliability | None:
        return omega_figure(self.omega)


def _finite(values: pd.Series | np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def _rows_by(frame: pd.DataFrame, *columns: str) -> dict[Hashable, np.ndarray]:
    """Row positions per group, from one pass over the frame (instead of a mask per group).

    Keys are unit ids as ``int`` (and ``(unit_id, audience)`` for two columns); rows without a
    unit are left out, as a comparison with a unit id leaves them out.
    """
    if not len(frame):
        return {}
    indices = frame.groupby(list(columns) if len(columns) > 1 else columns[0]).indices
    if len(columns) == 1:
        return {int(key): rows for key, rows in indices.items()}
    return {(int(key[0]), str(key[1])): rows for key, rows in indices.items()}


NO_ROWS = np.zeros(0, dtype=np.intp)


def _estimate(values: pd.Series | np.ndarray, threshold: int) -> MeanEstimate | None:
    array = _finite(values)
    if len(array) < max(threshold, 2):
        return None
    return mean_with_ci(array)


def dimension_results(
    frame: pd.DataFrame,
    specs: list[DimensionSpec],
    threshold: int,
    *,
    with_reliability: bool,
    dim_scores: pd.DataFrame | None = None,
) -> list[DimensionResult]:
    dim_scores = scores(frame, specs) if dim_scores is None else dim_scores
    results = []
    for spec in specs:
        estimate = _estimate(dim_scores[spec.code], threshold)
        if estimate is None or not with_reliability or len(spec.items) < 2:
            results.append(DimensionResult(spec, estimate))
            continue
        data = _reversed(frame, spec).dropna(how="all")
        alpha = cronbach_alpha(data)
        try:
            omega: OmegaResult | None = mcdonald_omega(data) if len(spec.items) >= 3 else None
        except (ValueError, np.linalg.LinAlgError):
            omega = None
        results.append(DimensionResult(spec, estimate, alpha, omega, item_statistics(data)))
    return results


@dataclass(frozen=True)
class HeatCell:
    dimension: str
    estimate: MeanEstimate | None


@dataclass(frozen=True)
class HeatRow:
    unit: Unit
    n: int | None
    cells: tuple[HeatCell, ...]


NO_UNIT = -1  # responses without a unit are a row of their own in the unit × role table
ROLES = (Audience.MANAGER, Audience.EMPLOYEE, Audience.OTHER)


def unit_role_counts(frame: pd.DataFrame) -> dict[tuple[int, str], int]:
    """Respondents per (unit, role) over a whole round; every role is a column."""
    if not len(frame):
        return {}
    units = frame["unit_id"].fillna(NO_UNIT).astype(int)
    grouped = frame.groupby([units, frame["audience"]]).size()
    counts = {(int(uid), str(role)): int(n) for (uid, role), n in grouped.items()}
    for uid in {uid for uid, _role in counts}:
        for role in ROLES:
            counts.setdefault((uid, str(role)), 0)
    return counts


def unit_parents(organisation_id: int) -> dict[int, int | None]:
    """The organisation's unit tree as ``{unit_id: parent_id}`` (one query)."""
    return dict(Unit.objects.filter(organisation_id=organisation_id).values_list("id", "parent_id"))


def subtree_groups(
    rows: Collection[int], parents: Mapping[int, int | None]
) -> dict[frozenset[int], list[int]]:
    """For every unit, the answering units of its subtree whose total a unit page shows.

    Only groups of two or more rows that are not all of them (that is the grand total).
    """
    children: dict[int | None, list[int]] = {}
    for uid, parent in parents.items():
        children.setdefault(parent, []).append(uid)
    answering = set(rows)
    groups: dict[frozenset[int], list[int]] = {}
    for root in parents:
        found, stack = set(), [root]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(children.get(current, []))
        members = frozenset(found & answering)
        if 2 <= len(members) < len(answering):
            groups[members] = sorted(members)
    return groups


def unit_role_suppression(
    frame: pd.DataFrame, threshold: int, parents: Mapping[int, int | None] | None = None
) -> TableSuppression[int, str]:
    """Two-way suppression of the round's unit × role table, margins published.

    Every page, export and API response of a round hides by this one table, so what one shows
    cannot be subtracted from what another shows: a unit's figure is shown only if its row total
    is visible, a role's figure in a unit only if that cell is, an organisation-wide role only if
    its column total is. With ``parents`` (the unit tree) the totals of every unit's subtree, which
    its results page shows, are protected as groups of rows too.
    """
    counts = unit_role_counts(frame)
    groups: dict[Hashable, Collection[int]] | None = None
    if parents:
        groups = {}
        for key, members in subtree_groups({uid for uid, _role in counts}, parents).items():
            groups[key] = members
    # Cached by everything the result depends on (the counts and groups in their order, and the
    # threshold), so a cached table is always the one suppress_table would compute: a round's
    # table is computed once per process until its answers change.
    # (A group's key is the set of its members, which its sorted list of members gives.)
    fingerprint = repr(
        (threshold, list(counts.items()), [list(members) for members in (groups or {}).values()])
    )
    cache_key = "vardag:suppression:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    table = cache.get(cache_key)
    if table is None:
        table = suppress_table(counts, threshold=threshold, row_groups=groups)
        cache.set(cache_key, table, timeout=SUPPRESSION_CACHE_SECONDS)
    return table


SUPPRESSION_CACHE_SECONDS = 24 * 3600


def round_suppression(round_: Round) -> TableSuppression[int, str]:
    """The round's unit × role suppression from the submitted responses' unit and role only
    (two queries; for pages that show counts, such as response rates, without the answers)."""
    meta = pd.DataFrame(
        list(
            Response.objects.filter(round=round_, submitted_on__isnull=False).values_list(
                "unit_id", "audience"
            )
        ),
        columns=["unit_id", "audience"],
    )
    return unit_role_suppression(
        meta,
        round_.organisation.suppression_threshold,
        unit_parents(round_.organisation_id),
    )


def scope_visibility(
    table: TableSuppression[int, str], frame: pd.DataFrame, unit_ids: Collection[int] | None
) -> tuple[bool, Callable[[str], bool]]:
    """Whether a page's scope (all, one unit or a subtree) may be shown, and which of its roles."""
    rows = {uid for uid, _role in unit_role_counts(frame)}
    members = frozenset(rows if unit_ids is None else set(unit_ids) & rows)
    if not members:
        return True, lambda role: True  # nothing answered here: the page is empty anyway
    if len(members) == 1:
        (row,) = members
        return table.is_row_visible(row), lambda role: table.is_visible(row, role)
    if members == rows:
        return not table.is_total_hidden, table.is_column_visible
    return table.is_group_visible(members), lambda role: table.is_group_cell_visible(members, role)


def heat_map(
    frame: pd.DataFrame,
    specs: list[DimensionSpec],
    threshold: int,
    unit_ids: Collection[int],
    suppression: TableSuppression[int, str] | None = None,
    dim_scores: pd.DataFrame | None = None,
) -> list[HeatRow]:
    """Dimension means per unit; small units and their complements are hidden."""
    dim_scores = scores(frame, specs) if dim_scores is None else dim_scores
    suppression = suppression or unit_role_suppression(frame, threshold)
    by_unit = _rows_by(frame, "unit_id")
    units = Unit.objects.in_bulk([uid for uid in by_unit if uid in unit_ids])
    columns = {spec.code: dim_scores[spec.code].to_numpy(dtype=float) for spec in specs}
    rows = []
    for uid in sorted(units, key=lambda k: (units[k].name, k)):
        visible = suppression.is_row_visible(uid)
        positions = by_unit[uid]
        cells = tuple(
            HeatCell(
                spec.code,
                _estimate(columns[spec.code][positions], threshold) if visible else None,
            )
            for spec in specs
        )
        rows.append(HeatRow(units[uid], len(positions) if visible else None, cells))
    return rows


@dataclass(frozen=True)
class GapRow:
    spec: DimensionSpec
    comparison: TwoGroupComparison | None


def manager_gap(
    frame: pd.DataFrame,
    specs: list[DimensionSpec],
    threshold: int,
    dim_scores: pd.DataFrame | None = None,
    is_role_visible: Callable[[str], bool] | None = None,
) -> tuple[list[GapRow], bool]:
    """Managers − employees per dimension; hidden unless both groups reach the threshold.

    ``is_role_visible`` (from `scope_visibility`) says whether the two-way suppression of the
    round lets the page's managers and employees be shown.
    """
    counts = frame["audience"].value_counts().to_dict()
    n_managers = int(counts.get(Audience.MANAGER, 0))
    n_employees = int(counts.get(Audience.EMPLOYEE, 0))
    suppression = suppress_small_groups({"m": n_managers, "e": n_employees}, threshold=threshold)
    is_shown = suppression.is_visible("m") and suppression.is_visible("e") and n_managers > 0
    if is_role_visible is not None:
        is_shown = is_shown and all(is_role_visible(str(r)) for r in ROLES[:2])
    dim_scores = scores(frame, specs) if dim_scores is None else dim_scores
    rows = []
    for spec in specs:
        comparison = None
        if is_shown:
            managers = _finite(dim_scores.loc[frame["audience"] == Audience.MANAGER, spec.code])
            employees = _finite(dim_scores.loc[frame["audience"] == Audience.EMPLOYEE, spec.code])
            if len(managers) >= max(threshold, 2) and len(employees) >= max(threshold, 2):
                comparison = compare_groups(managers, employees)
        rows.append(GapRow(spec, comparison))
    return rows, is_shown


@dataclass(frozen=True)
class UnitGapCell:
    spec: DimensionSpec
    comparison: TwoGroupComparison | None


@dataclass(frozen=True)
class UnitGapRow:
    """Managers and employees of one unit: counts and the gap per dimension (None = hidden)."""

    unit: Unit
    managers: int | None
    employees: int | None
    cells: tuple[UnitGapCell, ...]

    @property
    def is_shown(self) -> bool:
        return self.managers is not None and self.employees is not None


def unit_gaps(
    frame: pd.DataFrame,
    specs: list[DimensionSpec],
    threshold: int,
    heat: list[HeatRow],
    table: TableSuppression[int, str],
    dim_scores: pd.DataFrame | None = None,
) -> list[UnitGapRow]:
    """Managers − employees per unit and dimension, for units whose row is shown.

    A role's count and figures in a unit are shown only when that cell of the two-way table is
    visible, so no hidden group can be derived from the unit's total or the role's total.
    """
    dim_scores = scores(frame, specs) if dim_scores is None else dim_scores
    by_role = _rows_by(frame, "unit_id", "audience")
    columns = {spec.code: dim_scores[spec.code].to_numpy(dtype=float) for spec in specs}
    rows = []
    for heat_row in heat:
        uid = heat_row.unit.pk
        if heat_row.n is None:
            continue
        in_role = {str(role): by_role.get((uid, str(role)), NO_ROWS) for role in ROLES[:2]}
        shown = {
            role: len(in_role[str(role)]) if table.is_visible(uid, str(role)) else None
            for role in ROLES[:2]
        }
        managers, employees = shown[Audience.MANAGER], shown[Audience.EMPLOYEE]
        cells = []
        for spec in specs:
            comparison = None
            if managers and employees:
                m = _finite(columns[spec.code][in_role[str(Audience.MANAGER)]])
                e = _finite(columns[spec.code][in_role[str(Audience.EMPLOYEE)]])
                if min(len(m), len(e)) >= max(threshold, 2):
                    comparison = compare_groups(m, e)
            cells.append(UnitGapCell(spec, comparison))
        rows.append(UnitGapRow(heat_row.unit, managers, employees, tuple(cells)))
    return rows


@dataclass(frozen=True)
class UnitComparison:
    """Welch's ANOVA over the visible units for one dimension (None when it cannot be made)."""

    spec: DimensionSpec
    result: WelchAnovaResult | None
    units: tuple[Unit, ...] = ()
    left_out: int = 0

    @property
    def is_different(self) -> bool:
        """Whether the units differ more than chance usually gives (p < 0.05)."""
        return self.result is not None and self.result.p_value < 0.05

    @property
    def explained_percent(self) -> int | None:
        """η² as a whole percentage: the share of the variation that lies between units."""
        return None if self.result is None else round(100 * self.result.eta_squared)


def unit_comparisons(
    frame: pd.DataFrame,
    specs: list[DimensionSpec],
    threshold: int,
    heat: list[HeatRow],
    dim_scores: pd.DataFrame | None = None,
) -> list[UnitComparison]:
    """Compare the units of the heat map per dimension (Welch's ANOVA, η²).

    Only units whose figures are shown enter: a hidden unit (too small, or hidden as a
    complement) never does, nor one with fewer than ``threshold`` scores on the dimension or no
    spread at all (Welch's test needs a variance). With fewer than two such units there is no test.
    """
    dim_scores = scores(frame, specs) if dim_scores is None else dim_scores
    by_unit = _rows_by(frame, "unit_id")
    comparisons = []
    for spec in specs:
        column = dim_scores[spec.code].to_numpy(dtype=float)
        groups: dict[str, np.ndarray] = {}
        units: list[Unit] = []
        left_out = 0
        for row in heat:
            values = _finite(column[by_unit.get(row.unit.pk, NO_ROWS)])
            if row.n is None or len(values) < max(threshold, 2) or np.var(values) == 0:
                left_out += 1
                continue
            groups[str(row.unit.pk)] = values
            units.append(row.unit)
        result = welch_anova(groups) if len(groups) >= 2 else None
        comparisons.append(UnitComparison(spec, result, tuple(units), left_out))
    return comparisons


@dataclass(frozen=True)
class ChangeRow:
    spec: DimensionSpec
    comparison: TwoGroupComparison | None


def change_since(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    specs: list[DimensionSpec],
    previous_specs: list[DimensionSpec],
    threshold: int,
    current_scores: pd.DataFrame | None = None,
) -> list[ChangeRow]:
    """Current − previous per dimension present in both rounds (independent samples)."""
    codes = {s.code for s in previous_specs}
    now = scores(current, specs) if current_scores is None else current_scores
    before = scores(previous, list(previous_specs))
    rows = []
    for spec in specs:
        comparison = None
        if spec.code in codes:
            a, b = _finite(before[spec.code]), _finite(now[spec.code])
            if len(a) >= max(threshold, 2) and len(b) >= max(threshold, 2):
                comparison = compare_rounds(a, b)
        rows.append(ChangeRow(spec, comparison))
    return rows


def restrict(frame: pd.DataFrame, unit_ids: Collection[int] | None) -> pd.DataFrame:
    if unit_ids is None:
        return frame
    return frame[frame["unit_id"].isin(list(unit_ids))]


@dataclass
class RoundResults:
    round: Round
    threshold: int
    n: int | None
    is_complement: bool = False  # hidden although large enough, to protect a small group
    dimensions: list[DimensionResult] = field(default_factory=list)
    heat: list[HeatRow] = field(default_factory=list)
    gap: list[GapRow] = field(default_factory=list)
    is_gap_shown: bool = False
    unit_gaps: list[UnitGapRow] = field(default_factory=list)
    unit_comparisons: list[UnitComparison] = field(default_factory=list)
    change: list[ChangeRow] = field(default_factory=list)
    trend: list[tuple[Round, dict[str, float | None]]] = field(default_factory=list)
    open_answers: list[str] = field(default_factory=list)

    @property
    def is_suppressed(self) -> bool:
        return self.n is None


def round_chain(round_: Round, limit: int = 8) -> list[Round]:
    chain, current, seen = [round_], round_, {round_.pk}
    while current.previous_id and len(chain) < limit:
        nxt = Round.objects.select_related("version").filter(pk=current.previous_id).first()
        if nxt is None or nxt.pk in seen:
            break
        chain.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return list(reversed(chain))


def _past_scope(
    full: pd.DataFrame,
    unit_ids: Collection[int] | None,
    threshold: int,
    parents: Mapping[int, int | None],
) -> pd.DataFrame | None:
    """An earlier round's answers in the page's scope, or None where that round hides them."""
    table = unit_role_suppression(full, threshold, parents)
    is_shown, _roles = scope_visibility(table, full, unit_ids)
    return restrict(full, unit_ids) if is_shown else None


def round_results(
    round_: Round, *, unit_ids: Collection[int] | None = None, heat_unit_ids: Collection[int] = ()
) -> RoundResults:
    """Everything a results page shows, already suppressed. `unit_ids` None = whole round."""
    threshold = round_.organisation.suppression_threshold
    parents = unit_parents(round_.organisation_id)
    full = load_frame(round_)
    frame = restrict(full, unit_ids)
    specs = dimension_specs(round_)
    n = len(frame)
    if n < threshold:
        return RoundResults(round_, threshold, None)
    table = unit_role_suppression(full, threshold, parents)
    is_scope_shown, is_role_visible = scope_visibility(table, full, unit_ids)
    if not is_scope_shown:
        return RoundResults(round_, threshold, None, is_complement=True)
    results = RoundResults(round_, threshold, n)
    current_scores = scores(frame, specs)
    results.dimensions = dimension_results(
        frame, specs, threshold, with_reliability=True, dim_scores=current_scores
    )
    full_scores = current_scores if unit_ids is None else scores(full, specs)
    results.heat = heat_map(full, specs, threshold, heat_unit_ids, table, full_scores)
    results.gap, results.is_gap_shown = manager_gap(
        frame, specs, threshold, current_scores, is_role_visible
    )
    results.unit_gaps = unit_gaps(full, specs, threshold, results.heat, table, full_scores)
    results.unit_comparisons = unit_comparisons(full, specs, threshold, results.heat, full_scores)
    # Each earlier round's answers and dimensions are loaded once (the previous round serves
    # both the change and the trend).
    past_frames: dict[int, pd.DataFrame | None] = {}
    past_specs_of: dict[int, list[DimensionSpec]] = {}

    def past_scope(past: Round) -> pd.DataFrame | None:
        if past.pk not in past_frames:
            past_frames[past.pk] = _past_scope(load_frame(past), unit_ids, threshold, parents)
        return past_frames[past.pk]

    def past_dimensions(past: Round) -> list[DimensionSpec]:
        if past.pk not in past_specs_of:
            past_specs_of[past.pk] = dimension_specs(past)
        return past_specs_of[past.pk]

    if round_.previous_id:
        previous = round_.previous
        assert previous is not None
        before = past_scope(previous)
        if before is not None:
            results.change = change_since(
                before, frame, specs, past_dimensions(previous), threshold, current_scores
            )
    for past in round_chain(round_):
        past_frame = frame if past.pk == round_.pk else past_scope(past)
        past_specs = specs if past.pk == round_.pk else past_dimensions(past)
        means = {
            r.spec.code: (r.estimate.mean if r.estimate else None)
            for r in (
                dimension_results(past_frame, past_specs, threshold, with_reliability=False)
                if past_frame is not None
                else []
            )
        }
        results.trend.append((past, means))
    # The page's respondents by the same conditions as its frame (not a list of their ids).
    in_scope = Answer.objects.filter(
        response__round=round_, response__submitted_on__isnull=False, item__kind=Item.Kind.OPEN
    )
    if unit_ids is not None:
        in_scope = in_scope.filter(response__unit_id__in=list(unit_ids))
    results.open_answers = list(
        in_scope.exclude(text="").order_by("id").values_list("text", flat=True)[:200]
    )
    return results


def fmt(value: float | None, digits: int = 2) -> str:
    """Swedish decimal comma; an en dash for a missing or hidden figure."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")
