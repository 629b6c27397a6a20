"""Test set-up for meetings: the ideas' governance (forums, mandates) plus meeting series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from vardag.ideas.tests.factories import Governance, governance, make_idea
from vardag.meetings import services
from vardag.meetings.models import Cadence, Meeting, MeetingSeries

__all__ = ["MeetingWorld", "make_idea", "meeting_world", "at", "meeting_day_is"]


def at(days: int, hour: int = 9) -> datetime:
    """A local Stockholm time `days` from today at `hour`:00."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def meeting_day_is(meeting: Meeting, days: int, hour: int = 9) -> Meeting:
    """Put a meeting `days` from today (0: today; negative: held already), without services.

    Decisions, closing and approval need the meeting's day to have come; tests that do those
    move the meeting instead of moving the clock.
    """
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=at(days, hour), ends_at=at(days, hour) + timedelta(minutes=90)
    )
    meeting.refresh_from_db()
    return meeting


@dataclass
class MeetingWorld:
    gov: Governance
    series: MeetingSeries
    meetings: list[Meeting]

    @property
    def next(self) -> Meeting:
        return self.meetings[0]


def meeting_world(world: Any, *, count: int = 3) -> MeetingWorld:
    gov = governance(world)
    series = services_series(world, gov, count=count)
    meetings = list(series.meetings.order_by("starts_at"))
    return MeetingWorld(gov=gov, series=series, meetings=meetings)


def services_series(world: Any, gov: Governance, *, count: int = 3) -> MeetingSeries:
    from django.db import transaction

    with transaction.atomic():
        return services.series_create(
            actor=world.manager,
            forum=gov.apt,
            name="APT Mottagningen",
            cadence=Cadence.WEEKLY,
            first_starts_at=at(7),
            duration_minutes=90,
            place="Rum Ekan",
            chair=world.manager,
            secretary=world.manager,
            count=count,
        )
