"""Helpers shared by the meetings services: the lock of approved minutes, members, notices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from vardag.core.actors import Actor
from vardag.forums.models import Forum, ForumMembership
from vardag.meetings.models import (
    GENERATED_TITLES,
    ItemSource,
    Meeting,
)
from vardag.notifications.services import Text, notify

STANDING_TITLE = GENERATED_TITLES[ItemSource.STANDING]
MAX_OCCURRENCES = 52


class StaleNotes(ValidationError):
    """Someone else saved the notes after this person opened them."""

    def __init__(self, message: str, current: str):
        self.current = current
        super().__init__(message)


def refuse_if_locked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(_("Protokollet är justerat och låst. Det går inte att ändra."))


def forum_members(forum: Forum) -> list[Any]:
    rows = ForumMembership.objects.filter(forum=forum, user__is_active=True).select_related("user")
    return [m.user for m in rows]


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


def notify_members(actor: Actor, meeting: Meeting, kind: str, subject: Text, body: Text) -> None:
    notify(
        actor=actor,
        recipients=forum_members(meeting.forum),
        kind=kind,
        subject=subject,
        body=body,
        url=meeting_url(meeting),
    )


def send_invitations_on_commit(meeting: Meeting) -> None:
    from vardag.meetings.tasks import send_invitations

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_invitations.enqueue(meeting_id))
