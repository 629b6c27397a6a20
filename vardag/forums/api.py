"""API for forums and the mandate register (read; writes are made in the organisation UI)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from vardag.core.actors import request_actor
from vardag.core.api_types import Id, Page
from vardag.forums import selectors
from vardag.forums.models import Forum

router = Router(tags=["forums"])


class MemberOut(Schema):
    user_id: Id
    name: str
    role: str


class ForumOut(Schema):
    id: Id
    name: str
    type: str
    owner_unit_id: Id
    organisation_id: Id
    cadence: str


class ForumDetailOut(ForumOut):
    description: str
    partner_unit_ids: list[Id]
    members: list[MemberOut]

    @staticmethod
    def resolve_partner_unit_ids(obj: Forum) -> list[int]:
        return [u.pk for u in obj.partner_units.all()]

    @staticmethod
    def resolve_members(obj: Forum) -> list[MemberOut]:
        return [
            MemberOut(user_id=m.user_id, name=str(m.user), role=m.role)
            for m in obj.memberships.all()
        ]


class MandateOut(Schema):
    id: Id
    title: str
    holder_forum_id: Id | None
    holder_role: str
    holder_unit_id: Id | None
    decision_types: list[str]
    max_amount_sek: int | None
    max_hours: int | None
    scope: str
    source_paragraph: str
    report_to_id: Id | None
    valid_from: date
    valid_until: date | None


@router.get("/forums", response=list[ForumOut])
@paginate(Page)
def list_forums(request: HttpRequest, type: str = ""):  # noqa: ANN201
    return selectors.forum_list(request_actor(request), type=type)


@router.get("/forums/{forum_id}", response=ForumDetailOut)
def get_forum(request: HttpRequest, forum_id: Id) -> Forum:
    return selectors.access_forum(request_actor(request), forum_id)


@router.get("/mandates", response=list[MandateOut])
@paginate(Page)
def list_mandates(request: HttpRequest, decision_type: str = ""):  # noqa: ANN201
    return selectors.mandate_list(request_actor(request), decision_type=decision_type)
