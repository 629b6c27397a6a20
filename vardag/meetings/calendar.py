"""iCalendar (RFC 5545) for meetings: invitations and per-forum feeds, times in Europe/Stockholm.

Events carry TZID=Europe/Stockholm with a VTIMEZONE (icalendar's add_missing_timezones), so
calendar programs show the right local time on both sides of the daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from vardag.core.links import absolute_url
from vardag.meetings.models import Meeting, MeetingStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _event(meeting: Meeting, item_titles: list[str], *, organizer_email: str = "") -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@vardag")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    event.add("summary", str(meeting.forum))
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    url = absolute_url(reverse("meetings:meeting", args=[meeting.pk]))
    event.add("url", url)
    lines = [f"{n}. {title}" for n, title in enumerate(item_titles, start=1)]
    if meeting.online_link:
        lines.append(meeting.online_link)
    lines.append(url)
    event.add("description", "\n".join(lines))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organizer_email:
        event.add("organizer", vCalAddress(f"mailto:{organizer_email}"))
    return event


def calendar_bytes(
    meetings: Iterable[tuple[Meeting, list[str]]],
    *,
    name: str = "",
    method: str = "PUBLISH",
    organizer_email: str = "",
    attendees: Iterable[str] = (),
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Vardag//Möten//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    attendee_list = list(attendees)
    for meeting, titles in meetings:
        event = _event(meeting, titles, organizer_email=organizer_email)
        for email in attendee_list:
            event.add("attendee", vCalAddress(f"mailto:{email}"))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
