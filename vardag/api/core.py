"""API endpoints of the kernel: who am I, and which units can I see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from vardag.accounts.models import User
from vardag.accounts.selectors import membership_list
from vardag.core.api_types import Id, Page
from vardag.core.selectors import unit_list

router = Router(tags=["core"])


class MembershipOut(Schema):
    unit_id: Id
    unit_name: str
    role: str


class MeOut(Schema):
    id: Id
    username: str
    name: str
    email: str
    organisation_id: Id | None
    organisation_name: str | None
    memberships: list[MembershipOut]


class UnitOut(Schema):
    id: Id
    name: str
    kind: str
    parent_id: Id | None
    code: str
    is_open: bool


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    user: User = request.user  # type: ignore[assignment]
    memberships = [
        MembershipOut(unit_id=m.unit_id, unit_name=m.unit.name, role=m.role)
        for m in membership_list(user, user=user)
    ]
    org = user.organisation
    return MeOut(
        id=user.id,
        username=user.username,
        name=user.get_full_name(),
        email=user.email,
        organisation_id=org.pk if org else None,
        organisation_name=org.name if org else None,
        memberships=memberships,
    )


@router.get("/units", response=list[UnitOut])
@paginate(Page)
def units(request: HttpRequest):  # noqa: ANN201 - paginate wraps the queryset
    return unit_list(request.user).order_by("name")
