"""Meeting mode and minutes: notes, decisions through the mandate check, actions, approval."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.forums.models import DecisionType, Forum
from vardag.forums.selectors import can_manage_forum
from vardag.ideas import services as idea_services
from vardag.ideas.models import Consultation, Decision, Idea
from vardag.ideas.services import DecisionInput
from vardag.meetings import selectors
from vardag.meetings.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Meeting,
    MeetingStatus,
)
from vardag.meetings.services.common import (
    StaleNotes,
    notify_members,
    refuse_if_locked,
)
from vardag.notifications.services import notify

# --- Meeting mode --------------------------------------------------------------------------------


@transaction.atomic
def notes_save(*, actor: Actor, item: AgendaItem, notes: str, version: int) -> AgendaItem:
    """Save the notes of one item; refuses (StaleNotes) when someone saved since `version`.

    The refused text is returned to the editor together with the saved one, so nothing is lost.
    """
    meeting = item.meeting
    refuse_if_locked(meeting)
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


def _refuse_before_meeting_day(meeting: Meeting, message: str) -> None:
    """A forum decides when it meets: a decision recorded in meeting mode carries the meeting's
    date, which is only true once that day has come. (A secretary who types the minutes up the
    day after records what was decided at the meeting, with the meeting's date.) Before the
    meeting there is only a proposal, so recording a decision, closing or approving is refused.
    """
    if not selectors.has_meeting_day_come(meeting):
        raise ValidationError(message % {"date": f"{selectors.meeting_day(meeting):%Y-%m-%d}"})


def _check_adjuster(actor: Actor, meeting: Meeting, adjuster: Any) -> None:
    if adjuster is None or not selectors.is_forum_member(adjuster, meeting.forum):
        raise ValidationError({"adjuster": _("Justeraren måste vara ledamot i forumet.")})
    if adjuster.pk in selectors.own_ideas_decided(meeting):
        raise ValidationError(
            {
                "adjuster": _(
                    "Justeraren kan inte vara förslagsställare eller medägare till en idé som "
                    "protokollet beslutar om (jäv)."
                )
            }
        )
    if not selectors.adjuster_candidates(actor, meeting).filter(pk=adjuster.pk).exists():
        raise ValidationError(
            {
                "adjuster": _(
                    "Justeraren ska vara någon annan än ordföranden, sekreteraren och den som "
                    "för protokollet."
                )
            }
        )


@transaction.atomic
def meeting_decision_record(
    *, actor: Actor, item: AgendaItem, decision: DecisionInput, request_key: str = ""
) -> Decision:
    """Record a decision on the item's idea in the meeting, through the ideas' mandate check.

    The decision is dated to the meeting's day; an escalation without a date of its own gets the
    next meeting of the forum it goes to."""
    meeting = item.meeting
    refuse_if_locked(meeting)
    require(
        selectors.can_run_meeting(actor, meeting) or selectors.is_forum_member(actor, meeting.forum)
    )
    if item.idea is None:
        raise ValidationError(_("Punkten har ingen idé att besluta om."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Mötet är inställt."))
    _refuse_before_meeting_day(
        meeting,
        _(
            "Forumet fattar beslut på mötet den %(date)s. Före mötet kan du skriva förslaget "
            "till beslut i anteckningarna."
        ),
    )
    target = decision.forum
    moves = decision.decision_type in (DecisionType.ESCALATE, DecisionType.TRANSFER)
    if moves and target is not None and not decision.next_handling_on:
        # Escalating puts the idea on the next agenda of the forum it goes to.
        upcoming = selectors.next_meeting(target, after=meeting.ends_at)
        if upcoming is not None:
            decision = replace(
                decision, next_handling_on=timezone.localtime(upcoming.starts_at).date()
            )
    record = idea_services.decision_record(
        actor=actor,
        idea=item.idea,
        decision=replace(decision, decided_on=timezone.localtime(meeting.starts_at).date()),
        request_key=request_key,
        agenda_item_id=item.pk,
        send_feedback=False,  # sent once, from the approved minutes
        meeting_forum=meeting.forum,  # the forum's own mandates are used here
    )
    item.decisions.add(record)
    if not item.feedback_draft:
        item.feedback_draft = idea_services.feedback_text(record, Idea.objects.get(pk=item.idea.pk))
        item.save(update_fields=["feedback_draft"])
    audit.record(actor, "agenda_item.decision", target=item, data={"decision": record.pk})
    return record


@transaction.atomic
def feedback_draft_save(*, actor: Actor, item: AgendaItem, text: str) -> AgendaItem:
    refuse_if_locked(item.meeting)
    require(selectors.can_run_meeting(actor, item.meeting))
    if item.idea_id is None:
        raise ValidationError(_("Punkten har ingen idé att återkoppla om."))
    item.feedback_draft = text
    item.save(update_fields=["feedback_draft"])
    audit.record(actor, "agenda_item.feedback_draft", target=item)
    return item


@transaction.atomic
def meeting_consultation_record(
    *, actor: Actor, item: AgendaItem, position: str, statement: str
) -> Consultation:
    """A partner organisation's forum gives its statement (yttrande) on the item's idea.

    Recorded through the ideas' rules (only for an organisation the idea affects, by someone
    who may act for it) with this forum and the meeting's day, and written into the item's notes
    so the minutes carry it.
    """
    meeting = item.meeting
    refuse_if_locked(meeting)
    require(
        selectors.can_run_meeting(actor, meeting) or selectors.is_forum_member(actor, meeting.forum)
    )
    if item.idea is None:
        raise ValidationError(_("Punkten har ingen idé att yttra sig om."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Mötet är inställt."))
    day = min(timezone.localtime(meeting.starts_at).date(), timezone.localdate())
    consultation = idea_services.consultation_record(
        actor=actor,
        idea=item.idea,
        position=position,
        statement=statement,
        forum=meeting.forum,
        recorded_on=day,
    )
    line = _("Yttrande (%(position)s): %(statement)s") % {
        "position": consultation.get_position_display(),
        "statement": consultation.statement,
    }
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.notes = f"{locked.notes}\n\n{line}".strip()
    locked.notes_version += 1
    locked.save(update_fields=["notes", "notes_version"])
    return consultation


def _action_item_save(
    *,
    actor: Actor,
    forum: Forum,
    title: str,
    owner: Any,
    due_on: date,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    origin_url: str = "",
    origin_label: str = "",
    request_key: str = "",
) -> ActionItem:
    if not title.strip():
        raise ValidationError(_("Beskriv åtgärden."))
    allowed = {forum.organisation_id} | {u.organisation_id for u in forum.partner_units.all()}
    if owner.organisation_id not in allowed or not owner.is_active:
        raise ValidationError(_("Personen tillhör inte en organisation som deltar i forumet."))
    try:
        with transaction.atomic():
            action = ActionItem.objects.create(
                organisation_id=forum.organisation_id,
                forum=forum,
                meeting=meeting,
                agenda_item=agenda_item,
                title=title.strip(),
                owner=owner,
                due_on=due_on,
                origin_url=origin_url,
                origin_label=origin_label.strip(),
                request_key=request_key,
                created_by=actor,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request saved it.
        return ActionItem.objects.get(created_by=actor, request_key=request_key)
    audit.record(
        actor,
        "action_item.create",
        target=action,
        data={"owner": owner.pk, "forum": forum.pk, "origin": origin_url},
    )
    notify(
        actor=actor,
        recipients=[owner],
        kind="meeting.action_item",
        subject=lambda: _("Ny åtgärd: %(title)s") % {"title": action.title},
        body=lambda: _("Klar senast %(date)s.") % {"date": due_on},
        url=reverse("meetings:week"),
    )
    return action


@transaction.atomic
def action_item_create(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    owner: Any,
    due_on: date,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    """An action decided in a meeting (meeting mode)."""
    refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    return _action_item_save(
        actor=actor,
        forum=meeting.forum,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        owner=owner,
        due_on=due_on,
    )


@transaction.atomic
def action_item_give(
    *,
    actor: Actor,
    forum: Forum,
    title: str,
    owner: Any,
    due_on: date,
    origin_url: str = "",
    origin_label: str = "",
    request_key: str = "",
) -> ActionItem:
    """An action for a forum outside a meeting, e.g. acting on a weak survey result.

    It has no meeting yet; the forum's next agenda takes it up as follow-up of open actions,
    with a link back to where it came from.
    """
    # The rule lives in one place: the forums the form offers are the forums one may act for.
    require(selectors.forums_for_actions(actor).filter(pk=forum.pk).exists())
    if origin_url and not idea_services.is_local_path(origin_url):
        raise ValidationError(_("Underlaget måste vara en adress i Vardag."))
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Datumet har redan varit.")})
    if request_key:
        # A double click sends the same form twice: the second gets the first's action.
        earlier = ActionItem.objects.filter(created_by=actor, request_key=request_key).first()
        if earlier is not None:
            return earlier
    return _action_item_save(
        actor=actor,
        forum=forum,
        title=title,
        owner=owner,
        due_on=due_on,
        origin_url=origin_url[:300],
        origin_label=origin_label[:300],
        request_key=request_key[:64],
    )


@transaction.atomic
def action_item_done(*, actor: Actor, action: ActionItem, is_done: bool = True) -> ActionItem:
    series = action.meeting.series if action.meeting is not None else None
    require(
        action.owner_id == actor.pk
        or (series is not None and actor.pk in (series.chair_id, series.secretary_id))
        or can_manage_forum(actor, action.forum)
    )
    action.done_at = timezone.now() if is_done else None
    action.save(update_fields=["done_at"])
    audit.record(actor, "action_item.done", target=action, data={"done": is_done})
    return action


# --- Minutes -------------------------------------------------------------------------------------


@transaction.atomic
def meeting_close(*, actor: Actor, meeting: Meeting, adjuster: Any, attendees: str = "") -> Meeting:
    """End the meeting: number the items as paragraphs (§) and hand the minutes to the adjuster."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Mötet är redan avslutat eller inställt."))
    _refuse_before_meeting_day(
        meeting, _("Mötet kan avslutas och protokollet skapas från mötesdagen, %(date)s.")
    )
    _check_adjuster(actor, meeting, adjuster)
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
        subject=lambda: _("Protokoll att justera: %(meeting)s") % {"meeting": meeting},
        url=reverse("meetings:minutes", args=[meeting.pk]),
    )
    return meeting


@transaction.atomic
def minutes_approve(*, actor: Actor, meeting: Meeting) -> Meeting:
    """The adjuster approves (justerar) the minutes: they lock, and the feedback drafts go out."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    refuse_if_locked(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Protokollet kan justeras först när mötet är avslutat."))
    require(meeting.adjuster_id == actor.pk)
    refusal = selectors.approval_refusal(actor, meeting)
    if refusal:
        raise ValidationError(refusal)
    _refuse_before_meeting_day(
        meeting, _("Protokollet kan justeras först efter mötet, från %(date)s.")
    )
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_at = timezone.now()
    meeting.approved_by = actor
    meeting.save()
    audit.record(actor, "minutes.approve", target=meeting)
    local = timezone.localtime(meeting.starts_at)
    items = meeting.items.filter(idea__isnull=False, feedback_sent_at__isnull=True)
    for item in items.select_related("idea").prefetch_related("decisions"):
        assert item.idea is not None
        decision = max(item.decisions.all(), key=lambda d: d.pk, default=None)
        draft = item.feedback_draft.strip()
        if not draft and decision is None:
            continue
        if not draft and decision is not None:  # a decision's feedback is sent even if emptied
            draft = idea_services.feedback_text(decision, item.idea)
        body = _("Ur justerat protokoll, %(forum)s %(date)s, § %(paragraph)s:") % {
            "forum": meeting.forum,
            "date": f"{local:%Y-%m-%d}",
            "paragraph": item.paragraph,
        }
        idea_services.feedback_give(
            actor=actor, idea=item.idea, body=f"{body}\n{draft}", decision=decision
        )
        item.feedback_sent_at = timezone.now()
        item.save(update_fields=["feedback_sent_at"])
    notify_members(
        actor,
        meeting,
        "meeting.minutes_approved",
        lambda: _("Protokollet är justerat: %(meeting)s") % {"meeting": meeting},
        "",
    )
    return meeting


@transaction.atomic
def meeting_adjuster_change(
    *, actor: Actor, meeting: Meeting, adjuster: Any, reason: str
) -> Meeting:
    """Name another adjuster for closed, not yet approved minutes (e.g. the first is ill).

    The chair, the secretary or the forum's admin may do it; the same rule as at closing says
    who may be adjuster. The change and its reason stay in the audit log, and the new adjuster
    is told.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Justeraren kan bytas när mötet är avslutat och före justeringen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför justeraren byts.")})
    if adjuster is not None and adjuster.pk == meeting.adjuster_id:
        raise ValidationError({"adjuster": _("Välj en annan person än den nuvarande justeraren.")})
    _check_adjuster(actor, meeting, adjuster)
    previous = meeting.adjuster_id
    meeting.adjuster = adjuster
    meeting.save(update_fields=["adjuster"])
    audit.record(
        actor,
        "meeting.adjuster_changed",
        target=meeting,
        data={"from": previous, "to": adjuster.pk, "reason": reason.strip()[:500]},
    )
    notify(
        actor=actor,
        recipients=[adjuster],
        kind="meeting.minutes_to_approve",
        subject=lambda: _("Protokoll att justera: %(meeting)s") % {"meeting": meeting},
        url=reverse("meetings:minutes", args=[meeting.pk]),
    )
    return meeting


@transaction.atomic
def calendar_feed_get(*, actor: Actor, forum: Forum) -> CalendarFeed:
    feed, created = CalendarFeed.objects.get_or_create(user=actor, forum=forum)
    if created:
        audit.record(actor, "calendar_feed.create", target=feed, organisation=actor.organisation_id)
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: Actor, forum: Forum) -> CalendarFeed:
    """A new secret address; the old one stops working."""
    from vardag.meetings.models import new_token

    feed = calendar_feed_get(actor=actor, forum=forum)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    audit.record(actor, "calendar_feed.renew", target=feed, organisation=actor.organisation_id)
    return feed
