"""API for questionnaires, rounds, response rates and (suppressed) results."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from vardag.core.access import require
from vardag.core.actors import request_actor
from vardag.core.api_types import Id
from vardag.surveys import analysis, selectors
from vardag.surveys.builder_api import router as builder_router

router = Router(tags=["surveys"])
# The questionnaire builder's writes (sections, items, dimensions, reorder, instrument).
router.add_router("", builder_router)


class QuestionnaireOut(Schema):
    id: Id
    title: str
    kind: str
    version: int


class QuestionItemOut(Schema):
    code: str
    kind: str
    text_sv: str
    text_en: str
    manager_text_sv: str
    manager_text_en: str
    dimension: str | None
    is_reversed: bool
    is_required: bool


class QuestionnaireDetailOut(QuestionnaireOut):
    items: list[QuestionItemOut]


class RoundOut(Schema):
    id: Id
    title: str
    status: str
    questionnaire_id: Id
    version: int
    previous_id: Id | None


class UnitRateOut(Schema):
    unit_id: Id
    unit: str
    invited: int | None
    answered: int | None
    rate: float | None
    is_suppressed: bool


class DimensionOut(Schema):
    code: str
    name: str
    n: int | None
    mean: float | None
    ci_lower: float | None
    ci_upper: float | None
    alpha: float | None = Field(description="null when it cannot be estimated: see alpha_note")
    alpha_note: str | None = Field(None, description="why alpha cannot be estimated")
    omega: float | None = Field(description="null when it cannot be estimated: see omega_note")
    omega_note: str | None = Field(None, description="why omega cannot be estimated")


class UnitResultOut(Schema):
    """One unit: null where the two-way (unit × role) suppression hides a figure."""

    unit_id: Id
    unit: str
    n: int | None
    managers: int | None
    employees: int | None
    means: dict[str, float | None]
    gaps: dict[str, float | None]


class UnitComparisonOut(Schema):
    """Welch's ANOVA over the visible units for one dimension (null when it cannot be made)."""

    code: str
    unit_ids: list[Id]
    f: float | None
    df_between: float | None
    df_within: float | None
    p_value: float | None
    eta_squared: float | None


class ResultsOut(Schema):
    round_id: Id
    threshold: int
    n: int | None
    dimensions: list[DimensionOut]
    units: list[UnitResultOut]
    unit_comparisons: list[UnitComparisonOut]


def _q(q) -> dict:
    return {
        "id": q.pk,
        "title": q.title,
        "kind": q.kind,
        "version": selectors.current_version(q).number,
    }


@router.get("/questionnaires", response=list[QuestionnaireOut])
def questionnaires(request: HttpRequest) -> list[dict]:
    return [
        _q(q)
        for q in selectors.questionnaire_list(request_actor(request)).prefetch_related("versions")
    ]


@router.get("/questionnaires/{questionnaire_id}", response=QuestionnaireDetailOut)
def questionnaire(request: HttpRequest, questionnaire_id: Id) -> dict:
    q = selectors.access_questionnaire(request_actor(request), questionnaire_id)
    version = selectors.version_contents(selectors.current_version(q))
    items = [
        {
            **{f: getattr(i, f) for f in QuestionItemOut.model_fields if f != "dimension"},
            "dimension": i.dimension.code if i.dimension else None,
        }
        for s in version.sections.all()
        for i in s.items.all()
    ]
    return {**_q(q), "items": items}


def _round(r) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "status": r.status,
        "questionnaire_id": r.version.questionnaire_id,
        "version": r.version.number,
        "previous_id": r.previous_id,
    }


@router.get("/rounds", response=list[RoundOut])
def rounds(request: HttpRequest) -> list[dict]:
    return [_round(r) for r in selectors.round_list(request_actor(request))]


@router.get("/rounds/{round_id}/response-rates", response=list[UnitRateOut])
def response_rates(request: HttpRequest, round_id: Id) -> list[dict]:
    round_ = selectors.access_round(request_actor(request), round_id)
    require(selectors.can_manage(request.user) or selectors.can_view_results(request.user, round_))
    rates, _invited, _answered = selectors.response_rates(round_)
    return [
        {
            "unit_id": r.unit.pk,
            "unit": r.unit.name,
            "invited": r.invited,
            "answered": r.answered,
            "rate": r.rate,
            "is_suppressed": r.is_suppressed,
        }
        for r in rates
    ]


@router.get("/rounds/{round_id}/results", response=ResultsOut)
def results(request: HttpRequest, round_id: Id, unit_id: Id | None = None) -> dict:
    round_ = selectors.access_round(request_actor(request), round_id)
    res = selectors.results_for(request_actor(request), round_, unit_id)
    dims = [
        {
            "code": d.spec.code,
            "name": d.spec.name_sv,
            "n": d.estimate.n if d.estimate else None,
            "mean": d.estimate.mean if d.estimate else None,
            "ci_lower": d.estimate.ci.lower if d.estimate else None,
            "ci_upper": d.estimate.ci.upper if d.estimate else None,
            "alpha": d.alpha_figure.value if d.alpha_figure else None,
            "alpha_note": (d.alpha_figure.reason or None) if d.alpha_figure else None,
            "omega": d.omega_figure.value if d.omega_figure else None,
            "omega_note": (d.omega_figure.reason or None) if d.omega_figure else None,
        }
        for d in res.dimensions
    ]
    return {
        "round_id": round_.pk,
        "threshold": res.threshold,
        "n": res.n,
        "dimensions": dims,
        "units": _units(res),
        "unit_comparisons": [
            {
                "code": c.spec.code,
                "unit_ids": [u.pk for u in c.units] if c.result else [],
                "f": c.result.f if c.result else None,
                "df_between": c.result.df_between if c.result else None,
                "df_within": c.result.df_within if c.result else None,
                "p_value": c.result.p_value if c.result else None,
                "eta_squared": c.result.eta_squared if c.result else None,
            }
            for c in res.unit_comparisons
        ],
    }


def _units(res: analysis.RoundResults) -> list[dict]:
    gaps = {g.unit.pk: g for g in res.unit_gaps}
    rows = []
    for row in res.heat:
        gap = gaps.get(row.unit.pk)
        rows.append(
            {
                "unit_id": row.unit.pk,
                "unit": row.unit.name,
                "n": row.n,
                "managers": gap.managers if gap else None,
                "employees": gap.employees if gap else None,
                "means": {
                    c.dimension: (c.estimate.mean if c.estimate else None) for c in row.cells
                },
                "gaps": {
                    c.spec.code: (c.comparison.difference if c.comparison else None)
                    for c in (gap.cells if gap else ())
                },
            }
        )
    return rows
