"""API for research: studies, sources (metadata only), codes, excerpts and themes.

Source texts are not in the API (they are pseudonymised, but still research material); excerpts
carry their own text. Writes: codes and excerpts, through the same services as the pages.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from vardag.core.actors import request_actor
from vardag.core.api_types import Count, Id, Page, path_id, query_id
from vardag.core.filters import api_data, api_filtered, query_schema
from vardag.research import filters, selectors, services
from vardag.research.models import Code, Study

router = Router(tags=["research"])


class StudyOut(Schema):
    id: Id
    title: str
    questions: str
    approach: str
    funder: str
    starts_on: date | None
    ends_on: date | None
    coding_visibility: str
    owner_id: Id


class SourceOut(Schema):
    id: Id
    title: str
    kind: str
    activity_id: Id | None
    speaker_role: str
    unit_id: Id | None
    recorded_on: date | None
    length: int
    created_at: datetime

    @staticmethod
    def resolve_length(obj: Any) -> int:
        return len(obj.text)


class CodeOut(Schema):
    id: Id
    guid: str
    name: str
    definition: str
    colour: str
    parent_id: Id | None

    @staticmethod
    def resolve_guid(obj: Code) -> str:
        return str(obj.guid)


class CodeIn(Schema):
    name: str
    definition: str = ""
    colour: str = "#1f6feb"
    parent_id: Id | None = None


class ExcerptOut(Schema):
    id: Id
    source_id: Id
    code_id: Id
    coder_id: Id | None
    start: int
    end: int
    text: str


class ExcerptIn(Schema):
    source_id: Id
    code_ids: list[Id]
    start: Count
    end: Count


class ThemeOut(Schema):
    id: Id
    name: str
    description: str
    code_ids: list[Id]
    condition_kind: str
    condition_level: str

    @staticmethod
    def resolve_code_ids(obj: Any) -> list[int]:
        return [c.pk for c in obj.codes.all()]


class ErrorOut(Schema):
    detail: str


@router.get("/studies", response=list[StudyOut])
@paginate(Page)
def list_studies(request: HttpRequest):  # noqa: ANN201
    return selectors.study_list(request_actor(request)).order_by("-created_at", "-id")


@router.get("/studies/{study_id}", response=StudyOut)
def get_study(request: HttpRequest, study_id: Id) -> Study:
    return selectors.access_study(request_actor(request), study_id)


@router.get("/studies/{study_id}/sources", response=list[SourceOut])
def list_sources(request: HttpRequest, study_id: Id):  # noqa: ANN201
    return selectors.sources_of(selectors.access_study(request_actor(request), study_id))


@router.get("/studies/{study_id}/codes", response=list[CodeOut])
def list_codes(request: HttpRequest, study_id: Id) -> list[Code]:
    study = selectors.access_study(request_actor(request), study_id)
    return [node.code for node in selectors.code_tree(study)]


@router.post("/studies/{study_id}/codes", response={201: CodeOut, 422: ErrorOut})
def create_code(request: HttpRequest, study_id: Id, payload: CodeIn):  # noqa: ANN201
    from vardag.research.forms import COLOUR

    study = selectors.access_study(request_actor(request), study_id)
    parent = (
        get_object_or_404(Code, pk=payload.parent_id, study=study) if payload.parent_id else None
    )
    name = payload.name.strip()[:200]
    if not name or not COLOUR.match(payload.colour):
        return Status(422, {"detail": "name and colour (#rrggbb) are required"})
    if study.codes.filter(name=name, parent=parent).exists():
        return Status(422, {"detail": "a code with that name exists at that level"})
    code = services.code_create(
        actor=request_actor(request),
        study=study,
        name=name,
        parent=parent,
        definition=payload.definition,
        colour=payload.colour.lower(),
    )
    return Status(201, code)


# A study's excerpts take the filters of a code's page (`filters.ExcerptFilterSet`).
ExcerptQuery = query_schema(filters.ExcerptFilterSet, "ExcerptQuery")


@router.get("/studies/{study_id}/excerpts", response=list[ExcerptOut])
@paginate(Page)
def list_excerpts(
    request: HttpRequest,
    params: Query[ExcerptQuery],  # type: ignore[valid-type]
    study_id: int = path_id(),
    code_id: int | None = query_id(),
):  # noqa: ANN201
    actor = request_actor(request)
    study = selectors.access_study(actor, study_id)
    shown = filters.ExcerptFilterSet(api_data(params), actor=actor, study=study)
    qs = api_filtered(shown).order_by("source_id", "start", "id")
    if code_id:
        qs = qs.filter(code_id=code_id)
    return [
        {
            **{
                f: getattr(e, f) for f in ("id", "source_id", "code_id", "coder_id", "start", "end")
            },
            "text": e.source.text[e.start : e.end],
        }
        for e in selectors.with_texts(list(qs))
    ]


@router.post("/studies/{study_id}/excerpts", response={201: list[ExcerptOut], 422: ErrorOut})
def create_excerpts(request: HttpRequest, study_id: Id, payload: ExcerptIn):  # noqa: ANN201
    study = selectors.access_study(request_actor(request), study_id)
    selectors.require_coder(study)
    source = get_object_or_404(study.sources, pk=payload.source_id)
    source.study_obj = study  # type: ignore[attr-defined]  # study_obj: the study checked for access (selectors._in_study)
    codes = list(study.codes.filter(pk__in=payload.code_ids))
    if not codes or len(codes) != len(set(payload.code_ids)):
        return Status(422, {"detail": "unknown code"})
    if not 0 <= payload.start < payload.end <= len(source.text):
        return Status(422, {"detail": "span outside the text"})
    created = services.excerpt_create(
        actor=request_actor(request),
        source=source,
        codes=codes,
        start=payload.start,
        end=payload.end,
    )
    return Status(
        201,
        [
            {
                **{
                    f: getattr(e, f)
                    for f in ("id", "source_id", "code_id", "coder_id", "start", "end")
                },
                "text": source.text[e.start : e.end],
            }
            for e in created
        ],
    )


@router.get("/studies/{study_id}/themes", response=list[ThemeOut])
def list_themes(request: HttpRequest, study_id: Id):  # noqa: ANN201
    return selectors.theme_list(selectors.access_study(request_actor(request), study_id))
