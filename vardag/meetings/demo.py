"""Demo meeting series for Ekbacka's forums (from vardag.forums.demo), through the services.

Each series has past meetings with approved minutes (notes, action items, one still open so it
reappears on the next agenda) and an upcoming meeting whose agenda holds the ideas due.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vardag.forums.models import Forum, ForumMembership
from vardag.ideas.services import DecisionInput
from vardag.meetings import services
from vardag.meetings.models import Cadence, Meeting, MeetingStatus
from vardag.meetings.selectors import adjuster_candidates

# forum name, series name, cadence, weekday (0 = Monday), hour, minutes long, place, link
SERIES = [
    (
        "APT Mottagningsenheten",
        "APT Mottagningsenheten",
        Cadence.BIWEEKLY,
        1,
        8,
        90,
        "Konferensrum Eken, Storgatan 4",
        "",
    ),
    (
        "Förvaltningsledning socialförvaltningen",
        "Ledningsgrupp Socialförvaltningen",
        Cadence.BIWEEKLY,
        3,
        9,
        120,
        "Stadshuset, rum 312",
        "https://moten.ekbacka.example/socialforvaltningen",
    ),
    (
        "Rektorsgruppen gymnasiet",
        "Rektorsgrupp",
        Cadence.BIWEEKLY,
        4,
        13,
        90,
        "Ekbackagymnasiet, konferensrummet",
        "",
    ),
    (
        "Samverkansgrupp skola–socialtjänst",
        "Samverkansforum skola–socialtjänst",
        Cadence.FOUR_WEEKLY,
        2,
        14,
        120,
        "",
        "https://moten.ekbacka.example/samverkan",
    ),
    (
        "Socialnämnden",
        "Socialnämndens sammanträden",
        Cadence.FOUR_WEEKLY,
        2,
        17,
        180,
        "Stadshuset, sessionssalen",
        "",
    ),
]

NOTES = [
    "Gruppen gick igenom inkomna idéer. Två behöver mer underlag innan nästa möte.",
    "Dialog om hur återkopplingen till förslagsställarna kan bli snabbare.",
    "Information från förvaltningen om budgetläget inför hösten.",
]


WEEKS: dict[str, int] = {Cadence.BIWEEKLY: 2, Cadence.FOUR_WEEKLY: 4}


def _first_start(weekday: int, hour: int, cadence: str) -> datetime:
    """The chosen weekday two meetings back, so the series has past and coming meetings."""
    day = timezone.localdate() - timedelta(weeks=2 * WEEKS.get(cadence, 2))
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _roles(forum: Forum) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for m in ForumMembership.objects.filter(forum=forum).select_related("user"):
        people.setdefault(m.role, m.user)
        people.setdefault("any", m.user)
    return people


def _hold_past(meeting: Meeting, chair: Any, adjuster: Any, owner: Any, n: int) -> None:
    with transaction.atomic():
        services.item_propose(
            actor=chair,
            meeting=meeting,
            title="Uppföljning av verksamhetsplanen",
            purpose="report_back",
        )
        items = list(meeting.items.order_by("order"))
        for i, item in enumerate(items):
            services.notes_save(
                actor=chair, item=item, notes=NOTES[(i + n) % len(NOTES)], version=0
            )
        action = services.action_item_create(
            actor=chair,
            meeting=meeting,
            agenda_item=items[0],
            title="Boka workshop om bildstöd" if n == 0 else "Sammanställ medarbetarnas förslag",
            owner=owner,
            due_on=timezone.localtime(meeting.starts_at).date() + timedelta(days=10),
        )
        if n:  # the older meeting's action is done; the newer one stays open
            services.action_item_done(actor=owner, action=action)
        # The adjuster is a second pair of eyes: not the chair, the secretary or the writer.
        adjuster = adjuster_candidates(chair, meeting).first() or adjuster
        services.meeting_close(
            actor=chair, meeting=meeting, adjuster=adjuster, attendees="Se närvarolistan."
        )
        services.minutes_approve(actor=adjuster, meeting=meeting)


def _series(forum: Forum, row: tuple, world: Any) -> None:
    _forum_name, name, cadence, weekday, hour, minutes, place, link = row
    people = _roles(forum)
    chair = people.get("chair") or people.get("any")
    if chair is None:
        return
    secretary = people.get("secretary") or chair
    adjuster = people.get("member") or secretary
    with transaction.atomic():
        series = services.series_create(
            actor=chair,
            forum=forum,
            name=name,
            cadence=cadence,
            first_starts_at=_first_start(weekday, hour, cadence),
            duration_minutes=minutes,
            place=place,
            online_link=link,
            chair=chair,
            secretary=secretary,
            count=8 if cadence == Cadence.BIWEEKLY else 4,
        )
    if forum.type == "apt" and forum.owner_unit_id == world.units["sf_mottagning"].pk:
        _apt_ideas(world, forum)
    now = timezone.now()
    past = list(series.meetings.filter(starts_at__lt=now).order_by("starts_at"))
    for n, meeting in enumerate(reversed(past)):
        _hold_past(meeting, chair, adjuster, adjuster, n)
    upcoming = series.meetings.filter(starts_at__gte=now, status=MeetingStatus.PLANNED)
    next_meeting = upcoming.order_by("starts_at").first()
    if next_meeting is not None:
        with transaction.atomic():
            services.agenda_fill(actor=chair, meeting=next_meeting)
            services.item_propose(
                actor=chair,
                meeting=next_meeting,
                title="Arbetsmiljö och schema inför sommaren",
                purpose="dialog",
                minutes=20,
            )


# Ideas that employees at Mottagningsenheten bring to their APT: title, summary, situation, better
APT_IDEAS = [
    (
        "Välkomstfilm för familjer före första besöket",
        "En kort film på flera språk som visar lokalen och berättar vad som händer.",
        "Familjer som kallas till ett första samtal och inte vet vad som väntar.",
        "Familjerna kommer förberedda och barnen är mindre oroliga.",
    ),
    (
        "Gemensam telefontid med elevhälsan",
        "En fast telefontid i veckan då skolkuratorer kan rådgöra anonymt med mottagningen.",
        "Skolkuratorer som är osäkra på om de ska göra en orosanmälan.",
        "Rätt ärenden kommer in tidigare, och skolan får stöd direkt.",
    ),
    (
        "Bildschema för barnsamtal",
        "Ett bildschema som barnet får hålla i under samtalet.",
        "Yngre barn som ska samtala med en socialsekreterare de inte känner.",
        "Barnet förstår samtalet och kan säga vad det tycker.",
    ),
]


def _apt_ideas(world: Any, forum: Forum) -> None:
    """Register three ideas to the APT: one is decided in the last meeting, two are due next."""
    from vardag.forums.models import DecisionType, Mandate
    from vardag.ideas import services as idea_services
    from vardag.ideas.models import Idea, IdeaEvent

    employee, manager = world.users["employee"], world.users["manager"]
    mandate = Mandate.objects.filter(organisation=world.ekbacka, holder_role="unit_manager").first()
    now = timezone.now()
    meetings = Meeting.objects.filter(forum=forum).order_by("starts_at")
    last = meetings.filter(starts_at__lt=now).last()
    upcoming = meetings.filter(starts_at__gte=now).first()
    if mandate is None or last is None or upcoming is None:
        return
    due = timezone.localtime(upcoming.starts_at).date() - timedelta(days=1)
    for n, (title, summary, situation, better) in enumerate(APT_IDEAS):
        with transaction.atomic():
            idea = idea_services.idea_create(
                actor=employee,
                title=title,
                unit=world.units["sf_mottagning"],
                summary=summary,
                user_situation=situation,
                better_for_whom=better,
            )
            idea_services.idea_submit(actor=employee, idea=idea)
            registered_on = None
            if n == 2:  # decided in the last meeting: submitted and registered before it
                submitted_at = last.starts_at - timedelta(days=14)
                Idea.objects.filter(pk=idea.pk).update(
                    created_at=submitted_at, submitted_at=submitted_at
                )
                IdeaEvent.objects.filter(idea=idea).update(created_at=submitted_at)
                idea.refresh_from_db()
                registered_on = timezone.localtime(submitted_at).date() + timedelta(days=2)
            idea_services.decision_record(
                actor=manager,
                idea=idea,
                decision=DecisionInput(
                    decision_type=DecisionType.REGISTER,
                    mandate=mandate,
                    forum=forum,
                    decided_on=registered_on,
                    next_handling_on=max(due, timezone.localdate()),
                ),
            )
        if n == 2:  # decided in the last meeting, before its minutes were approved
            with transaction.atomic():
                item = services.item_propose(
                    actor=manager, meeting=last, title=title, purpose="decision", idea=idea
                )
                services.meeting_decision_record(
                    actor=manager,
                    item=item,
                    decision=DecisionInput(
                        decision_type=DecisionType.GRANT_TIME,
                        mandate=mandate,
                        hours=16,
                        team=[employee],
                        rationale="Prova bildschemat i tio barnsamtal under hösten.",
                        next_handling_on=timezone.localdate() + timedelta(weeks=6),
                    ),
                )


def load(world: Any) -> None:
    forums = {f.name: f for f in Forum.objects.filter(organisation=world.ekbacka)}
    for row in SERIES:
        forum = forums.get(row[0])
        if forum is not None:
            _series(forum, row, world)
