"""API for organisation admins: the unit tree, people with memberships, and HR import status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from vardag.accounts.models import User
from vardag.orgadmin import selectors
from vardag.orgadmin.models import HrImport

router = Router(tags=["orgadmin"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    parent_id: int | None
    closed_at: date | None


class MembershipOut(Schema):
    id: int
    unit_id: int
    role: str
    starts_on: date
    ends_on: date | None
    source: str


class PersonOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    external_id: str
    is_active: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: User) -> list[Any]:
        return list(obj.memberships.all())


class RejectedRowOut(Schema):
    line: int
    reason: str


class ImportOut(Schema):
    id: int
    file_name: str
    status: str
    row_count: int
    counts: dict[str, int]
    rejected: list[RejectedRowOut]
    job_id: str | None
    created_at: datetime
    applied_at: datetime | None

    @staticmethod
    def resolve_counts(obj: HrImport) -> dict[str, int]:
        return dict(obj.summary.get("counts", {}))

    @staticmethod
    def resolve_job_id(obj: HrImport) -> str | None:
        return str(obj.job_id) if obj.job_id else None


@router.get("/units", response=list[UnitOut])
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest):  # noqa: ANN201
    return selectors.unit_admin_list(request.user).order_by("name", "pk")


@router.get("/people", response=list[PersonOut])
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, search: str = "", include_inactive: bool = False):  # noqa: ANN201
    return selectors.person_list(
        request.user, search=search[:100], include_inactive=include_inactive
    )


@router.get("/imports/{import_id}", response=ImportOut)
def get_import(request: HttpRequest, import_id: int) -> HrImport:
    return selectors.access_import(request.user, import_id)
