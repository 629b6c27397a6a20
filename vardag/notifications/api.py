"""API for one's own notifications: the list and the unread count."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from vardag.core.actors import request_actor
from vardag.core.api_types import Id, Page
from vardag.notifications import selectors

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: Id
    kind: str
    subject: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
    handled_at: datetime | None = None
    handled_note: str = ""


class UnreadOut(Schema):
    unread: int


@router.get("/notifications", response=list[NotificationOut])
@paginate(Page)
def list_notifications(request: HttpRequest):  # noqa: ANN201
    return selectors.notification_list(request_actor(request))


@router.get("/unread", response=UnreadOut)
def unread(request: HttpRequest) -> dict[str, int]:
    return {"unread": selectors.unread_count(request_actor(request))}
