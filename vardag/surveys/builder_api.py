"""API of the questionnaire builder: sections, items, dimensions, reorder, the instrument.

The same services and rules as the pages: an edit of a version with answers makes a new version,
and every answer says which version the object now belongs to (ids change with a new version;
read them again from `GET …/builder`). Refusals answer 422 with the reason.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from vardag.core.access import require
from vardag.core.actors import request_actor
from vardag.core.api_types import MAX_INT, Id
from vardag.core.selectors import organisation_of
from vardag.surveys import builder, selectors
from vardag.surveys import builder_selectors as bs
from vardag.surveys.models import Dimension, Item, Questionnaire, Section

router = Router(tags=["surveys builder"])
CODE = r"^[-a-zA-Z0-9_]+$"


class SectionIn(Schema):
    title_sv: str = Field(min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    condition_item_code: str = Field("", max_length=40)
    condition_value: str = Field("", max_length=50)


class SectionOut(Schema):
    id: Id
    version: int
    order: int
    title_sv: str
    title_en: str
    condition_item_code: str | None
    condition_value: str


class BuilderItemIn(Schema):
    section_order: int = Field(ge=1, le=MAX_INT)
    code: str = Field(min_length=1, max_length=40, pattern=CODE)
    kind: Item.Kind
    text_sv: str = Field(min_length=1, max_length=5000)
    text_en: str = Field("", max_length=5000)
    manager_text_sv: str = Field("", max_length=5000)
    manager_text_en: str = Field("", max_length=5000)
    dimension_code: str = Field("", max_length=40)
    choices: list[list[str]] = Field(default_factory=list, max_length=100)
    is_reversed: bool = False
    is_required: bool = False


class BuilderItemOut(Schema):
    id: Id
    version: int
    section_order: int
    order: int
    code: str
    kind: str
    text_sv: str
    text_en: str
    manager_text_sv: str
    manager_text_en: str
    dimension_code: str | None
    choices: list[list[str]]
    is_reversed: bool
    is_required: bool


class DimensionUpdateIn(Schema):
    name_sv: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    description_sv: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)


class DimensionIn(DimensionUpdateIn):
    code: str = Field(min_length=1, max_length=40, pattern=CODE)


class BuilderDimensionOut(Schema):
    id: Id
    version: int
    order: int
    code: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    item_codes: list[str]


class MoveIn(Schema):
    direction: Literal["up", "down"]


class VersionOut(Schema):
    version: int


class BuilderOut(Schema):
    id: Id
    title: str
    version: int
    is_frozen: bool
    next_edit_makes_new_version: bool
    sections: list[SectionOut]
    items: list[BuilderItemOut]
    dimensions: list[BuilderDimensionOut]


class InstrumentOut(Schema):
    questionnaire_id: Id
    created: bool


def _section(s: Section) -> dict[str, Any]:
    return {
        "id": s.pk,
        "version": s.version.number,
        "order": s.order,
        "title_sv": s.title_sv,
        "title_en": s.title_en,
        "condition_item_code": s.condition_item.code if s.condition_item else None,
        "condition_value": s.condition_value,
    }


def _item(i: Item) -> dict[str, Any]:
    fields = ("code", "kind", "text_sv", "text_en", "manager_text_sv", "manager_text_en")
    return {
        **{name: getattr(i, name) for name in fields},
        "id": i.pk,
        "version": i.version.number,
        "section_order": i.section.order,
        "order": i.order,
        "dimension_code": i.dimension.code if i.dimension else None,
        "choices": i.choices,
        "is_reversed": i.is_reversed,
        "is_required": i.is_required,
    }


def _dimension(d: Dimension) -> dict[str, Any]:
    names = ("code", "name_sv", "name_en", "description_sv", "description_en")
    return {
        **{name: getattr(d, name) for name in names},
        "id": d.pk,
        "version": d.version.number,
        "order": d.order,
        "item_codes": [i.code for i in d.items.all()],
    }


def _managed(request: HttpRequest, questionnaire_id: Id) -> Questionnaire:
    q = selectors.access_questionnaire(request_actor(request), questionnaire_id)
    require(selectors.can_manage(request.user))
    return q


@router.post("/instrument", response=InstrumentOut)
def instrument_install(request: HttpRequest) -> dict[str, Any]:
    """Install Vardag's conditions instrument; idempotent (created=false when it exists)."""
    require(selectors.can_manage(request.user))
    q, created = builder.instrument_ensure(
        actor=request_actor(request), organisation=organisation_of(request_actor(request))
    )
    return {"questionnaire_id": q.pk, "created": created}


@router.get("/questionnaires/{questionnaire_id}/builder", response=BuilderOut)
def questionnaire_builder(request: HttpRequest, questionnaire_id: Id) -> dict[str, Any]:
    q = selectors.access_questionnaire(request_actor(request), questionnaire_id)
    version = bs.builder_contents(q)
    sections = list(version.sections.all())
    return {
        "id": q.pk,
        "title": q.title,
        "version": version.number,
        "is_frozen": version.is_frozen,
        "next_edit_makes_new_version": bool(bs.next_version_notice(q)),
        "sections": [_section(s) for s in sections],
        "items": [_item(i) for s in sections for i in s.items.all()],
        "dimensions": [_dimension(d) for d in version.dimensions.all()],
    }


@router.post("/questionnaires/{questionnaire_id}/sections", response={201: SectionOut})
def section_add(request: HttpRequest, questionnaire_id: Id, payload: SectionIn) -> Status:
    q = _managed(request, questionnaire_id)
    section = builder.section_add(actor=request_actor(request), questionnaire=q, **payload.dict())
    return Status(201, _section(section))


@router.put("/questionnaires/{questionnaire_id}/sections/{section_id}", response=SectionOut)
def section_update(
    request: HttpRequest, questionnaire_id: Id, section_id: Id, payload: SectionIn
) -> dict[str, Any]:
    q = _managed(request, questionnaire_id)
    section = bs.access_section(request_actor(request), q, section_id)
    return _section(
        builder.section_update(actor=request_actor(request), section=section, **payload.dict())
    )


@router.delete("/questionnaires/{questionnaire_id}/sections/{section_id}", response=VersionOut)
def section_delete(request: HttpRequest, questionnaire_id: Id, section_id: Id) -> dict:
    q = _managed(request, questionnaire_id)
    section = bs.access_section(request_actor(request), q, section_id)
    return {"version": builder.section_delete(actor=request_actor(request), section=section).number}


@router.post("/questionnaires/{questionnaire_id}/sections/{section_id}/move", response=SectionOut)
def section_move(
    request: HttpRequest, questionnaire_id: Id, section_id: Id, payload: MoveIn
) -> dict[str, Any]:
    q = _managed(request, questionnaire_id)
    section = bs.access_section(request_actor(request), q, section_id)
    moved = builder.section_move(
        actor=request_actor(request), section=section, direction=payload.direction
    )
    return _section(moved)


@router.post("/questionnaires/{questionnaire_id}/items", response={201: BuilderItemOut})
def item_add(request: HttpRequest, questionnaire_id: Id, payload: BuilderItemIn) -> Status:
    q = _managed(request, questionnaire_id)
    item = builder.item_add(actor=request_actor(request), questionnaire=q, **payload.dict())
    return Status(201, _item(item))


@router.put("/questionnaires/{questionnaire_id}/items/{item_id}", response=BuilderItemOut)
def item_update(
    request: HttpRequest, questionnaire_id: Id, item_id: Id, payload: BuilderItemIn
) -> dict[str, Any]:
    q = _managed(request, questionnaire_id)
    item = bs.access_item(request_actor(request), q, item_id)
    return _item(builder.item_update(actor=request_actor(request), item=item, **payload.dict()))


@router.delete("/questionnaires/{questionnaire_id}/items/{item_id}", response=VersionOut)
def item_delete(request: HttpRequest, questionnaire_id: Id, item_id: Id) -> dict:
    q = _managed(request, questionnaire_id)
    item = bs.access_item(request_actor(request), q, item_id)
    return {"version": builder.item_delete(actor=request_actor(request), item=item).number}


@router.post("/questionnaires/{questionnaire_id}/items/{item_id}/move", response=BuilderItemOut)
def item_move(
    request: HttpRequest, questionnaire_id: Id, item_id: Id, payload: MoveIn
) -> dict[str, Any]:
    q = _managed(request, questionnaire_id)
    item = bs.access_item(request_actor(request), q, item_id)
    return _item(
        builder.item_move(actor=request_actor(request), item=item, direction=payload.direction)
    )


@router.get("/questionnaires/{questionnaire_id}/dimensions", response=list[BuilderDimensionOut])
def dimensions(request: HttpRequest, questionnaire_id: Id) -> list[dict[str, Any]]:
    q = selectors.access_questionnaire(request_actor(request), questionnaire_id)
    return [_dimension(d) for d in bs.builder_contents(q).dimensions.all()]


@router.post("/questionnaires/{questionnaire_id}/dimensions", response={201: BuilderDimensionOut})
def dimension_add(request: HttpRequest, questionnaire_id: Id, payload: DimensionIn) -> Status:
    q = _managed(request, questionnaire_id)
    dim = builder.dimension_add(actor=request_actor(request), questionnaire=q, **payload.dict())
    return Status(201, _dimension(dim))


@router.put(
    "/questionnaires/{questionnaire_id}/dimensions/{dimension_id}",
    response=BuilderDimensionOut,
)
def dimension_update(
    request: HttpRequest, questionnaire_id: Id, dimension_id: Id, payload: DimensionUpdateIn
) -> dict[str, Any]:
    q = _managed(request, questionnaire_id)
    dim = bs.access_dimension(request_actor(request), q, dimension_id)
    return _dimension(
        builder.dimension_update(actor=request_actor(request), dimension=dim, **payload.dict())
    )


@router.delete("/questionnaires/{questionnaire_id}/dimensions/{dimension_id}", response=VersionOut)
def dimension_delete(request: HttpRequest, questionnaire_id: Id, dimension_id: Id) -> dict:
    q = _managed(request, questionnaire_id)
    dim = bs.access_dimension(request_actor(request), q, dimension_id)
    return {"version": builder.dimension_delete(actor=request_actor(request), dimension=dim).number}
