"""Writes of meetings: series, agendas, meeting mode, minutes and their approval.

Decisions on ideas are recorded through vardag.ideas.services.decision_record, so the mandate
register is checked for every decision taken in a meeting. Approved minutes are locked: every
write below refuses to change a meeting whose minutes are approved.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import organisation_id, require
from vardag.forums.models import DecisionType, Forum, ForumMembership
from vardag.forums.selectors import can_manage_forum
from vardag.ideas import services as idea_services
from vardag.ideas.models import Decision, Idea
from vardag.meetings import selectors
from vardag.meetings.models import (
    GENERATED_TITLES,
    ActionItem,
    AgendaItem,
    Cadence,
    CalendarFeed,
    ItemSource,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Purpose,
)
from vardag.notifications.services import notify

STANDING_TITLE = GENERATED_TITLES[ItemSource.STANDING]
MAX_OCCURRENCES = 52


class StaleNotes(ValidationError):
    """Someone else saved the notes after this person opened them."""

    def __init__(self, message: str, current: str):
        self.current = current
        super().__init__(message)


def _refuse_if_locked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(_("Protokollet är justerat och låst. Det går inte att ändra."))


def _members(forum: Forum) -> list[Any]:
    rows = ForumMembership.objects.filter(forum=forum, user__is_active=True).select_related("user")
    return [m.user for m in rows]


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


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
    actor: Any,
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
def meeting_add(*, actor: Any, series: MeetingSeries, starts_at: datetime) -> Meeting:
    """An extra single meeting in a series."""
    require(can_manage_forum(actor, series.forum) or actor.pk == series.secretary_id)
    meeting = _meeting_new(series, starts_at)
    audit.record(actor, "meeting.add", target=meeting)
    return meeting


def _notify_members(actor: Any, meeting: Meeting, kind: str, subject: str, body: str) -> None:
    notify(
        actor=actor,
        recipients=_members(meeting.forum),
        kind=kind,
        subject=subject,
        body=body,
        url=_meeting_url(meeting),
    )


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
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
    _notify_members(
        actor,
        meeting,
        "meeting.cancelled",
        _("Inställt: %(meeting)s") % {"meeting": meeting},
        reason,
    )
    _send_invitations_on_commit(meeting)
    return meeting


@transaction.atomic
def meeting_move(
    *,
    actor: Any,
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
    _notify_members(
        actor,
        meeting,
        "meeting.moved",
        _("Flyttat: %(forum)s") % {"forum": meeting.forum},
        _("Mötet är flyttat till %(when)s.") % {"when": f"{local:%Y-%m-%d %H:%M}"},
    )
    if meeting.agenda_sent_at:
        _send_invitations_on_commit(meeting)
    return meeting


# --- Agenda ------------------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    last = meeting.items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 10


@transaction.atomic
def item_propose(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    purpose: str = Purpose.INFORMATION,
    description: str = "",
    presenter: Any = None,
    minutes: int = 10,
    idea: Idea | None = None,
    is_shared: bool = True,
) -> AgendaItem:
    """Any member may propose an item before the agenda deadline; chair and secretary always."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    _refuse_if_locked(meeting)
    require(selectors.can_propose_item(actor, meeting))
    if not title.strip():
        raise ValidationError(_("Ge punkten en rubrik."))
    if purpose not in Purpose.values:
        raise ValidationError(_("Välj ett syfte för punkten."))
    if idea is not None and meeting.items.filter(idea=idea).exists():
        raise ValidationError(_("Idén finns redan på dagordningen."))
    item = AgendaItem.objects.create(
        meeting=meeting,
        organisation_id=organisation_id(actor),
        order=_next_order(meeting),
        title=title.strip(),
        description=description,
        purpose=purpose,
        presenter=presenter,
        minutes=minutes,
        source=ItemSource.PROPOSED,
        idea=idea,
        is_shared=is_shared,
        proposed_by=actor,
    )
    audit.record(actor, "agenda_item.propose", target=item, data={"meeting": meeting.pk})
    return item


@transaction.atomic
def item_update(
    *,
    actor: Any,
    item: AgendaItem,
    title: str,
    purpose: str,
    description: str = "",
    presenter: Any = None,
    minutes: int = 10,
    order: int | None = None,
    is_shared: bool = True,
) -> AgendaItem:
    meeting = item.meeting
    _refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    item.title, item.purpose, item.description = title.strip(), purpose, description
    item.presenter, item.minutes, item.is_shared = presenter, minutes, is_shared
    if order is not None:
        item.order = order
    item.save()
    audit.record(actor, "agenda_item.update", target=item)
    return item


@transaction.atomic
def item_remove(*, actor: Any, item: AgendaItem) -> None:
    meeting = item.meeting
    _refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Punkter kan bara tas bort före mötet."))
    if item.decisions.exists():
        raise ValidationError(_("Punkten har beslut och kan inte tas bort."))
    audit.record(actor, "agenda_item.remove", target=item, data={"meeting": meeting.pk})
    item.delete()


def _idea_item(meeting: Meeting, idea: Idea, order: int) -> AgendaItem:
    from vardag.ideas.workflow import NEXT_GATE

    crosses = any(u.organisation_id != idea.organisation_id for u in idea.affected_units.all())
    own = meeting.forum.organisation_id == idea.organisation_id
    gate = NEXT_GATE.get(idea.state)
    return AgendaItem.objects.create(
        meeting=meeting,
        organisation_id=idea.organisation_id,
        order=order,
        title=idea.title,
        description=idea.summary,
        purpose=Purpose.DECISION if gate else Purpose.DIALOG,
        source=ItemSource.IDEA_DUE,
        idea=idea,
        is_shared=crosses or not own,
        minutes=10,
    )


@transaction.atomic
def agenda_fill(*, actor: Any, meeting: Meeting) -> list[AgendaItem]:
    """Place the proposed ideas, the follow-up of open action items and (for committees) the
    report of delegated decisions on the agenda. Idempotent."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    _refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        return []
    added: list[AgendaItem] = []
    order = _next_order(meeting)
    for idea in selectors.due_ideas(meeting):
        added.append(_idea_item(meeting, idea, order))
        order += 10
    has_follow_up = meeting.items.filter(source=ItemSource.ACTION_FOLLOW_UP).exists()
    actions = selectors.open_action_items(meeting.forum, before=meeting.starts_at)
    if actions.exists() and not has_follow_up:
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                organisation_id=meeting.forum.organisation_id,
                order=5,
                title=GENERATED_TITLES[ItemSource.ACTION_FOLLOW_UP],
                purpose=Purpose.REPORT_BACK,
                source=ItemSource.ACTION_FOLLOW_UP,
                is_shared=False,
                minutes=10,
            )
        )
    delegation = list(selectors.delegation_decisions(meeting))
    if meeting.forum.type == "committee" and delegation:
        report, _created = AgendaItem.objects.get_or_create(
            meeting=meeting,
            source=ItemSource.DELEGATION_REPORT,
            defaults={
                "organisation_id": meeting.forum.organisation_id,
                "order": order,
                "title": GENERATED_TITLES[ItemSource.DELEGATION_REPORT],
                "purpose": Purpose.INFORMATION,
                "is_shared": False,
                "minutes": 5,
            },
        )
        report.decisions.add(*delegation)
        added.append(report)
    if added:
        audit.record(actor, "agenda.fill", target=meeting, data={"added": len(added)})
    return added


def _send_invitations_on_commit(meeting: Meeting) -> None:
    from vardag.meetings.tasks import send_invitations

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_invitations.enqueue(meeting_id))


@transaction.atomic
def agenda_send(*, actor: Any, meeting: Meeting) -> Meeting:
    """Send the agenda to the forum's members: a notification each and an e-mail invitation."""
    agenda_fill(actor=actor, meeting=meeting)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Dagordningen kan bara skickas före mötet."))
    titles = [item.display_title for item in meeting.items.order_by("order", "id")]
    local = timezone.localtime(meeting.starts_at)
    meeting.agenda_sent_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["agenda_sent_at", "sequence"])
    _notify_members(
        actor,
        meeting,
        "meeting.agenda",
        _("Dagordning: %(forum)s %(when)s")
        % {"forum": meeting.forum, "when": f"{local:%Y-%m-%d %H:%M}"},
        "\n".join(f"{n}. {t}" for n, t in enumerate(titles, start=1)),
    )
    audit.record(actor, "agenda.send", target=meeting, data={"items": len(titles)})
    _send_invitations_on_commit(meeting)
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
    members = [m for m in _members(meeting.forum) if m.email]
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


# --- Meeting mode --------------------------------------------------------------------------------


@transaction.atomic
def notes_save(*, actor: Any, item: AgendaItem, notes: str, version: int) -> AgendaItem:
    """Save the notes of one item; refuses (StaleNotes) when someone saved since `version`.

    The refused text is returned to the editor together with the saved one, so nothing is lost.
    """
    meeting = item.meeting
    _refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    updated = AgendaItem.objects.filter(pk=item.pk, notes_version=version).update(
        notes=notes, notes_version=version + 1
    )
    if not updated:
        current = AgendaItem.objects.get(pk=item.pk)
        raise StaleNotes(
            _(
                "Någon annan har sparat anteckningar för punkten medan du skrev. Din text är "
                "inte sparad än: den finns kvar i rutan. Jämför med den sparade texten nedan, "
                "för ihop dem och spara igen."
            ),
            current.notes,
        )
    item.refresh_from_db()
    audit.record(actor, "agenda_item.notes", target=item, data={"version": item.notes_version})
    return item


@transaction.atomic
def meeting_decision_record(*, actor: Any, item: AgendaItem, **decision: Any) -> Decision:
    """Record a decision on the item's idea in the meeting, through the ideas' mandate check."""
    meeting = item.meeting
    _refuse_if_locked(meeting)
    require(
        selectors.can_run_meeting(actor, meeting) or selectors.is_forum_member(actor, meeting.forum)
    )
    if item.idea is None:
        raise ValidationError(_("Punkten har ingen idé att besluta om."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Mötet är inställt."))
    decision.setdefault("forum", None)
    target = decision["forum"]
    moves = decision.get("decision_type") in (DecisionType.ESCALATE, DecisionType.TRANSFER)
    if moves and target is not None and not decision.get("next_handling_on"):
        # Escalating puts the idea on the next agenda of the forum it goes to.
        upcoming = selectors.next_meeting(target, after=meeting.ends_at)
        if upcoming is not None:
            decision["next_handling_on"] = timezone.localtime(upcoming.starts_at).date()
    record = idea_services.decision_record(
        actor=actor,
        idea=item.idea,
        decided_on=timezone.localtime(meeting.starts_at).date(),
        agenda_item_id=item.pk,
        **decision,
    )
    item.decisions.add(record)
    if not item.feedback_draft:
        item.feedback_draft = idea_services.feedback_text(record, Idea.objects.get(pk=item.idea.pk))
        item.save(update_fields=["feedback_draft"])
    audit.record(actor, "agenda_item.decision", target=item, data={"decision": record.pk})
    return record


@transaction.atomic
def feedback_draft_save(*, actor: Any, item: AgendaItem, text: str) -> AgendaItem:
    _refuse_if_locked(item.meeting)
    require(selectors.can_run_meeting(actor, item.meeting))
    if item.idea_id is None:
        raise ValidationError(_("Punkten har ingen idé att återkoppla om."))
    item.feedback_draft = text
    item.save(update_fields=["feedback_draft"])
    audit.record(actor, "agenda_item.feedback_draft", target=item)
    return item


@transaction.atomic
def action_item_create(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    owner: Any,
    due_on: date,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    _refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if not title.strip():
        raise ValidationError(_("Beskriv åtgärden."))
    allowed = {meeting.forum.organisation_id} | {
        u.organisation_id for u in meeting.forum.partner_units.all()
    }
    if owner.organisation_id not in allowed:
        raise ValidationError(_("Personen tillhör inte en organisation som deltar i forumet."))
    action = ActionItem.objects.create(
        organisation_id=meeting.forum.organisation_id,
        forum=meeting.forum,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    audit.record(actor, "action_item.create", target=action, data={"owner": owner.pk})
    notify(
        actor=actor,
        recipients=[owner],
        kind="meeting.action_item",
        subject=_("Ny åtgärd: %(title)s") % {"title": action.title},
        body=_("Klar senast %(date)s.") % {"date": due_on},
        url=reverse("meetings:week"),
    )
    return action


@transaction.atomic
def action_item_done(*, actor: Any, action: ActionItem, is_done: bool = True) -> ActionItem:
    require(
        action.owner_id == actor.pk
        or actor.pk in (action.meeting.series.chair_id, action.meeting.series.secretary_id)
        or can_manage_forum(actor, action.forum)
    )
    action.done_at = timezone.now() if is_done else None
    action.save(update_fields=["done_at"])
    audit.record(actor, "action_item.done", target=action, data={"done": is_done})
    return action


# --- Minutes -------------------------------------------------------------------------------------


@transaction.atomic
def meeting_close(*, actor: Any, meeting: Meeting, adjuster: Any, attendees: str = "") -> Meeting:
    """End the meeting: number the items as paragraphs (§) and hand the minutes to the adjuster."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    _refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Mötet är redan avslutat eller inställt."))
    if adjuster is None or not selectors.is_forum_member(adjuster, meeting.forum):
        raise ValidationError(_("Justeraren måste vara ledamot i forumet."))
    number = selectors.next_paragraph(meeting)
    for item in meeting.items.order_by("order", "id"):
        item.paragraph = number
        item.save(update_fields=["paragraph"])
        number += 1
    meeting.status = MeetingStatus.HELD
    meeting.adjuster = adjuster
    meeting.attendees = attendees
    meeting.closed_at = timezone.now()
    meeting.save()
    audit.record(actor, "meeting.close", target=meeting, data={"adjuster": adjuster.pk})
    notify(
        actor=actor,
        recipients=[adjuster],
        kind="meeting.minutes_to_approve",
        subject=_("Protokoll att justera: %(meeting)s") % {"meeting": meeting},
        url=reverse("meetings:minutes", args=[meeting.pk]),
    )
    return meeting


@transaction.atomic
def minutes_approve(*, actor: Any, meeting: Meeting) -> Meeting:
    """The adjuster approves (justerar) the minutes: they lock, and the feedback drafts go out."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    _refuse_if_locked(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Protokollet kan justeras först när mötet är avslutat."))
    require(meeting.adjuster_id == actor.pk)
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_at = timezone.now()
    meeting.approved_by = actor
    meeting.save()
    audit.record(actor, "minutes.approve", target=meeting)
    local = timezone.localtime(meeting.starts_at)
    items = meeting.items.filter(idea__isnull=False, feedback_sent_at__isnull=True)
    for item in items.select_related("idea").exclude(feedback_draft=""):
        body = _("Ur justerat protokoll, %(forum)s %(date)s, § %(paragraph)s:") % {
            "forum": meeting.forum,
            "date": f"{local:%Y-%m-%d}",
            "paragraph": item.paragraph,
        }
        assert item.idea is not None
        idea_services.feedback_give(
            actor=actor, idea=item.idea, body=f"{body}\n{item.feedback_draft}"
        )
        item.feedback_sent_at = timezone.now()
        item.save(update_fields=["feedback_sent_at"])
    _notify_members(
        actor,
        meeting,
        "meeting.minutes_approved",
        _("Protokollet är justerat: %(meeting)s") % {"meeting": meeting},
        "",
    )
    return meeting


@transaction.atomic
def calendar_feed_get(*, actor: Any, forum: Forum) -> CalendarFeed:
    feed, created = CalendarFeed.objects.get_or_create(user=actor, forum=forum)
    if created:
        audit.record(actor, "calendar_feed.create", target=feed, organisation=actor.organisation_id)
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: Any, forum: Forum) -> CalendarFeed:
    """A new secret address; the old one stops working."""
    from vardag.meetings.models import new_token

    feed = calendar_feed_get(actor=actor, forum=forum)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    audit.record(actor, "calendar_feed.renew", target=feed, organisation=actor.organisation_id)
    return feed
