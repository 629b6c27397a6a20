"""Meeting series and single meetings: planning, cancelling, moving, e-mailed invitations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.forums.models import Forum
from vardag.forums.selectors import can_manage_forum
from vardag.meetings import selectors
from vardag.meetings.models import (
    AgendaItem,
    Cadence,
    ItemSource,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Purpose,
)
from vardag.meetings.services.common import (
    MAX_OCCURRENCES,
    STANDING_TITLE,
    forum_members,
    notify_members,
    send_invitations_on_commit,
)

# --- Series and meetings ----------------------------------------------------------------------


def occurrences(first: datetime, cadence: str, count: int) -> list[datetime]:
    """Start times in local (Stockholm) wall-clock time, so 09:00 stays 09:00 across DST."""
    local = timezone.localtime(first)
    wall = local.replace(tzinfo=None)
    tz = timezone.get_current_timezone()
    if cadence == Cadence.ONCE:
        return [first]
    starts = []
    for n in range(count):
        if cadence == Cadence.MONTHLY:
            moment = _nth_weekday_of_month(wall, n)
        else:
            weeks = {Cadence.WEEKLY: 1, Cadence.BIWEEKLY: 2, Cadence.FOUR_WEEKLY: 4}[
                Cadence(cadence)
            ]
            moment = wall + timedelta(weeks=weeks * n)
        starts.append(timezone.make_aware(moment, tz))
    return starts


def _nth_weekday_of_month(wall: datetime, months_ahead: int) -> datetime:
    """The same weekday in the same week of the month (e.g. second Tuesday), months ahead."""
    week_of_month = (wall.day - 1) // 7
    month_index = wall.month - 1 + months_ahead
    year, month = wall.year + month_index // 12, month_index % 12 + 1
    first = wall.replace(year=year, month=month, day=1)
    offset = (wall.weekday() - first.weekday()) % 7
    day = 1 + offset + 7 * min(week_of_month, 3)
    return first.replace(day=day)


def _add_standing_item(meeting: Meeting) -> None:
    AgendaItem.objects.create(
        meeting=meeting,
        organisation_id=meeting.organisation_id,
        order=10,
        title=STANDING_TITLE,
        purpose=Purpose.DIALOG,
        source=ItemSource.STANDING,
        minutes=15,
    )


def _meeting_new(series: MeetingSeries, starts_at: datetime) -> Meeting:
    meeting = Meeting.objects.create(
        organisation_id=series.organisation_id,
        series=series,
        forum=series.forum,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=series.duration_minutes),
        place=series.place,
        online_link=series.online_link,
    )
    _add_standing_item(meeting)
    return meeting


@transaction.atomic
def series_create(
    *,
    actor: Actor,
    forum: Forum,
    name: str,
    cadence: str,
    first_starts_at: datetime,
    duration_minutes: int = 60,
    place: str = "",
    online_link: str = "",
    chair: Any = None,
    secretary: Any = None,
    agenda_deadline_days: int = 2,
    count: int = 10,
) -> MeetingSeries:
    """Create a series and its next `count` meetings, each with the standing ideas item."""
    require(can_manage_forum(actor, forum))
    if not place and not online_link:
        raise ValidationError(_("Ange en plats eller en länk till det digitala mötet."))
    allowed = {forum.organisation_id} | {u.organisation_id for u in forum.partner_units.all()}
    for person in (chair, secretary):
        if person is not None and person.organisation_id not in allowed:
            raise ValidationError(_("Personen tillhör inte en organisation som deltar i forumet."))
    series = MeetingSeries.objects.create(
        organisation_id=forum.organisation_id,
        forum=forum,
        name=name,
        cadence=cadence,
        first_starts_at=first_starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online_link=online_link,
        chair=chair,
        secretary=secretary,
        agenda_deadline_days=agenda_deadline_days,
    )
    for starts_at in occurrences(first_starts_at, cadence, max(1, min(count, MAX_OCCURRENCES))):
        _meeting_new(series, starts_at)
    audit.record(actor, "meeting_series.create", target=series, data={"cadence": cadence})
    return series


@transaction.atomic
def meeting_add(*, actor: Actor, series: MeetingSeries, starts_at: datetime) -> Meeting:
    """An extra single meeting in a series."""
    require(can_manage_forum(actor, series.forum) or actor.pk == series.secretary_id)
    meeting = _meeting_new(series, starts_at)
    audit.record(actor, "meeting.add", target=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Bara planerade möten kan ställas in."))
    if not reason.strip():
        raise ValidationError(_("Ange varför mötet ställs in."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting.save()
    audit.record(actor, "meeting.cancel", target=meeting, data={"reason": reason})
    notify_members(
        actor,
        meeting,
        "meeting.cancelled",
        lambda: _("Inställt: %(meeting)s") % {"meeting": meeting},
        reason,
    )
    send_invitations_on_commit(meeting)
    return meeting


@transaction.atomic
def meeting_move(
    *,
    actor: Actor,
    meeting: Meeting,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_link: str = "",
) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Bara planerade möten kan flyttas."))
    if ends_at <= starts_at:
        raise ValidationError(_("Mötet måste sluta efter att det har börjat."))
    if meeting.moved_from is None:
        meeting.moved_from = meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.online_link = place, online_link
    meeting.sequence += 1
    meeting.save()
    audit.record(actor, "meeting.move", target=meeting, data={"starts_at": starts_at})
    local = timezone.localtime(starts_at)
    notify_members(
        actor,
        meeting,
        "meeting.moved",
        lambda: _("Flyttat: %(forum)s") % {"forum": meeting.forum},
        lambda: _("Mötet är flyttat till %(when)s.") % {"when": f"{local:%Y-%m-%d %H:%M}"},
    )
    if meeting.agenda_sent_at:
        send_invitations_on_commit(meeting)
    return meeting


def invitation_send(*, meeting_id: int) -> int:
    """E-mail the .ics invitation (or cancellation) to every member; returns how many went out."""
    from django.core.mail import EmailMultiAlternatives

    from vardag.meetings.calendar import calendar_bytes

    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("forum", "series__secretary")
            .get(pk=meeting_id)
        )
        if meeting.invited_sequence == meeting.sequence:
            return 0  # this version of the invitation has gone out already
        meeting.invited_sequence = meeting.sequence
        meeting.save(update_fields=["invited_sequence"])
    members = [m for m in forum_members(meeting.forum) if m.email]
    if not members:
        return 0
    own = meeting.forum.organisation_id
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    local = timezone.localtime(meeting.starts_at)
    sent = 0
    for person in members:
        items = meeting.items.order_by("order", "id")
        if person.organisation_id != own:
            items = items.filter(is_shared=True) | items.filter(
                organisation_id=person.organisation_id
            )
        titles = [i.display_title for i in items]
        ics = calendar_bytes(
            [(meeting, titles)],
            method=method,
            organizer_email=getattr(meeting.series.secretary, "email", "") or "",
            attendees=[person.email],
        )
        subject = f"{meeting.forum} {local:%Y-%m-%d %H:%M}"
        body = "\n".join(f"{n}. {t}" for n, t in enumerate(titles, start=1))
        message = EmailMultiAlternatives(subject, body, None, [person.email])
        message.attach("mote.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        message.send()
        sent += 1
    return sent
