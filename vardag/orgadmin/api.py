"""API for organisation admins: the unit tree, people with memberships, and HR import status.

The writes go through the same services as the admin pages (same checks, same audit events), so
an IT department can keep Vardag in step with its own systems between HR imports. A refusal is
422 with the Swedish reason, an object of another organisation 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vardag.accounts.models import User
from vardag.core.actors import request_actor
from vardag.core.api_types import Id, Page
from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.orgadmin import selectors, services
from vardag.orgadmin.models import HrImport

router = Router(tags=["orgadmin"])


class OrgUnitOut(Schema):
    id: Id
    name: str
    kind: str
    code: str
    parent_id: Id | None
    closed_at: date | None


class OrgMembershipOut(Schema):
    id: Id
    unit_id: Id
    role: str
    starts_on: date
    ends_on: date | None
    source: str


class PersonOut(Schema):
    id: Id
    username: str
    first_name: str
    last_name: str
    email: str
    external_id: str
    is_active: bool
    memberships: list[OrgMembershipOut]

    @staticmethod
    def resolve_memberships(obj: User) -> list[Any]:
        return list(obj.memberships.all())


class UnitIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str
    code: str = Field("", max_length=50)
    parent_id: Id | None = None


class UnitPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: str | None = None
    code: str | None = Field(None, max_length=50)
    parent_id: Id | None = None
    move_to_top: bool = False


class UnitCloseIn(Schema):
    closed_at: date | None = None


class PersonIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    email: str = Field("", max_length=254)
    title: str = Field("", max_length=200)
    external_id: str = Field("", max_length=100)


class PersonPatch(Schema):
    first_name: str | None = Field(None, min_length=1, max_length=150)
    last_name: str | None = Field(None, min_length=1, max_length=150)
    email: str | None = Field(None, max_length=254)
    title: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class MembershipIn(Schema):
    unit_id: Id
    role: str
    starts_on: date | None = None
    ends_on: date | None = None


class MembershipPatch(Schema):
    starts_on: date
    ends_on: date | None = None


class RejectedRowOut(Schema):
    line: int
    reason: str


class ImportOut(Schema):
    id: Id
    file_name: str
    status: str
    row_count: int
    counts: dict[str, int]
    scope: str = Field(
        description="organisation: what is missing from the file is closed; file: only units "
        "below the file's units are closed; empty until the import is started."
    )
    needs_scope: bool = Field(description="Starting the import needs a choice of scope.")
    closes_by_scope: dict[str, dict[str, int]]
    rejected: list[RejectedRowOut]
    job_id: str | None
    created_at: datetime
    applied_at: datetime | None

    @staticmethod
    def resolve_counts(obj: HrImport) -> dict[str, int]:
        return dict(obj.summary.get("counts", {}))

    @staticmethod
    def resolve_closes_by_scope(obj: HrImport) -> dict[str, dict[str, int]]:
        return {scope: dict(data.get("counts", {})) for scope, data in obj.scopes.items()}

    @staticmethod
    def resolve_job_id(obj: HrImport) -> str | None:
        return str(obj.job_id) if obj.job_id else None


@router.get("/units", response=list[OrgUnitOut])
@paginate(Page)
def list_units(request: HttpRequest):  # noqa: ANN201
    return selectors.unit_admin_list(request_actor(request)).order_by("name", "pk")


@router.get("/people", response=list[PersonOut])
@paginate(Page)
def list_people(request: HttpRequest, search: str = "", include_inactive: bool = False):  # noqa: ANN201
    return selectors.person_list(
        request_actor(request), search=search[:100], include_inactive=include_inactive
    )


@router.get("/imports/{import_id}", response=ImportOut)
def get_import(request: HttpRequest, import_id: Id) -> HrImport:
    return selectors.access_import(request_actor(request), import_id)


# --- Writes -----------------------------------------------------------------------------------


def _admin(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # signed in: the API authenticates


def _unit(request: HttpRequest, unit_id: Id | None) -> Unit | None:
    return None if unit_id is None else selectors.access_admin_unit(request_actor(request), unit_id)


def _check_kind(kind: str) -> None:
    if kind not in Unit.Kind.values:
        raise ValidationError(_("Okänd typ av enhet: %(kind)s.") % {"kind": kind})


@router.post("/units", response={201: OrgUnitOut})
def create_unit(request: HttpRequest, payload: UnitIn) -> Any:
    _check_kind(payload.kind)
    unit = services.unit_add(
        actor=_admin(request),
        name=payload.name,
        kind=payload.kind,
        code=payload.code,
        parent=_unit(request, payload.parent_id),
    )
    return Status(201, unit)


@router.patch("/units/{unit_id}", response=OrgUnitOut)
def update_unit(request: HttpRequest, unit_id: Id, payload: UnitPatch) -> Unit:
    """Only the fields sent change; `move_to_top` makes the unit a top unit."""
    unit = selectors.access_admin_unit(request_actor(request), unit_id)
    kind = payload.kind if payload.kind is not None else unit.kind
    _check_kind(kind)
    if payload.move_to_top:
        parent = None
    elif payload.parent_id is not None:
        parent = _unit(request, payload.parent_id)
    else:
        parent = unit.parent
    return services.unit_update(
        actor=_admin(request),
        unit=unit,
        name=payload.name if payload.name is not None else unit.name,
        kind=kind,
        code=payload.code if payload.code is not None else unit.code,
        parent=parent,
    )


@router.post("/units/{unit_id}/close", response=OrgUnitOut)
def close_unit(request: HttpRequest, unit_id: Id, payload: UnitCloseIn) -> Unit:
    unit = selectors.access_admin_unit(request_actor(request), unit_id)
    return services.unit_close(
        actor=_admin(request),
        unit=unit,
        on=payload.closed_at,
    )


@router.post("/people", response={201: PersonOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    selectors.unit_admin_list(request_actor(request))  # admins only
    person = services.person_add(actor=_admin(request), **payload.dict())
    return Status(201, selectors.access_person(request_actor(request), person.pk))


@router.patch("/people/{user_id}", response=PersonOut)
def update_person(request: HttpRequest, user_id: Id, payload: PersonPatch) -> User:
    person = selectors.access_person(request_actor(request), user_id)
    changes = payload.dict(exclude_none=True)
    services.person_update(actor=_admin(request), person=person, **changes)
    return selectors.access_person(request_actor(request), user_id)


@router.post("/people/{user_id}/memberships", response={201: OrgMembershipOut})
def add_membership(request: HttpRequest, user_id: Id, payload: MembershipIn) -> Any:
    person = selectors.access_person(request_actor(request), user_id)
    if payload.role not in Role.values:
        raise ValidationError(_("Okänd roll: %(role)s.") % {"role": payload.role})
    unit = get_object_or_404(selectors.unit_admin_list(request_actor(request)), pk=payload.unit_id)
    membership = services.membership_add(
        actor=_admin(request),
        person=person,
        unit=unit,
        role=payload.role,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, membership)


@router.patch("/memberships/{membership_id}", response=OrgMembershipOut)
def change_membership(request: HttpRequest, membership_id: Id, payload: MembershipPatch) -> Any:
    membership = selectors.access_membership(request_actor(request), membership_id)
    return services.membership_change(
        actor=_admin(request),
        membership=membership,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
