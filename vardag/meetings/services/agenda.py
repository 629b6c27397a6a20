"""Agendas: items proposed by members and placed from the work (ideas due, actions, delegation)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit, once
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.ideas.models import Idea
from vardag.meetings import selectors
from vardag.meetings.models import (
    GENERATED_TITLES,
    AgendaItem,
    ItemSource,
    Meeting,
    MeetingStatus,
    Purpose,
)
from vardag.meetings.services.common import (
    notify_members,
    refuse_if_locked,
    send_invitations_on_commit,
)

# --- Agenda ------------------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    last = meeting.items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 10


@transaction.atomic
def item_propose(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    purpose: str = Purpose.INFORMATION,
    description: str = "",
    presenter: Any = None,
    minutes: int = 10,
    idea: Idea | None = None,
    is_shared: bool = True,
    request_key: str = "",
) -> AgendaItem:
    """Any member may propose an item before the agenda deadline; chair and secretary always.

    A repeat with the same `request_key` (double click, retry) returns the first item."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    proposed = once.earlier(AgendaItem, request_key, meeting=meeting, proposed_by=actor)
    if proposed is not None:
        return proposed
    refuse_if_locked(meeting)
    require(selectors.can_propose_item(actor, meeting))
    if not title.strip():
        raise ValidationError(_("Ge punkten en rubrik."))
    if purpose not in Purpose.values:
        raise ValidationError(_("Välj ett syfte för punkten."))
    if selectors.item_holding_idea(meeting, idea) is not None:
        raise ValidationError(
            _("Idén står redan på dagordningen för %(meeting)s.") % {"meeting": meeting}
        )
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
        request_key=request_key[:64],
    )
    audit.record(actor, "agenda_item.propose", target=item, data={"meeting": meeting.pk})
    return item


@transaction.atomic
def item_update(
    *,
    actor: Actor,
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
    refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    item.title, item.purpose, item.description = title.strip(), purpose, description
    item.presenter, item.minutes, item.is_shared = presenter, minutes, is_shared
    if order is not None:
        item.order = order
    item.save()
    audit.record(actor, "agenda_item.update", target=item)
    return item


@transaction.atomic
def item_remove(*, actor: Actor, item: AgendaItem) -> None:
    meeting = item.meeting
    refuse_if_locked(meeting)
    require(selectors.can_run_meeting(actor, meeting))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Punkter kan bara tas bort före mötet."))
    if item.decisions.exists():
        raise ValidationError(_("Punkten har beslut och kan inte tas bort."))
    audit.record(actor, "agenda_item.remove", target=item, data={"meeting": meeting.pk})
    item.delete()


def _idea_item(meeting: Meeting, idea: Idea, order: int) -> AgendaItem:
    initial = selectors.idea_item_initial(meeting, idea)
    return AgendaItem.objects.create(
        meeting=meeting,
        organisation_id=idea.organisation_id,
        order=order,
        source=ItemSource.IDEA_DUE,
        **initial,
    )


@transaction.atomic
def agenda_fill(*, actor: Actor, meeting: Meeting) -> list[AgendaItem]:
    """Place the proposed ideas, the follow-up of open action items and (for committees) the
    report of delegated decisions on the agenda. Idempotent."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series", "forum")
        .get(pk=meeting.pk)
    )
    refuse_if_locked(meeting)
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


@transaction.atomic
def agenda_send(*, actor: Actor, meeting: Meeting) -> Meeting:
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
    notify_members(
        actor,
        meeting,
        "meeting.agenda",
        lambda: (
            _("Dagordning: %(forum)s %(when)s")
            % {"forum": meeting.forum, "when": f"{local:%Y-%m-%d %H:%M}"}
        ),
        "\n".join(f"{n}. {t}" for n, t in enumerate(titles, start=1)),
    )
    audit.record(actor, "agenda.send", target=meeting, data={"items": len(titles)})
    send_invitations_on_commit(meeting)
    return meeting


@transaction.atomic
def item_place(
    *,
    meeting: Meeting,
    title: str,
    description: str,
    idea: Idea | None,
    purpose: str = Purpose.DECISION,
) -> AgendaItem | None:
    """Place an item that work elsewhere in Vardag asks for (a decision's review date, from
    vardag.pilots): a system step, so no member's deadline applies. An idea already on the
    agenda keeps its one item (the description is added to it). None when the meeting is no
    longer planned."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("forum").get(pk=meeting.pk)
    )
    if meeting.status != MeetingStatus.PLANNED:
        return None
    existing = meeting.items.filter(idea=idea).first() if idea is not None else None
    if existing is not None:
        if description and description not in existing.description:
            existing.description = "\n\n".join(p for p in (existing.description, description) if p)
            existing.save(update_fields=["description"])
        return existing
    item = AgendaItem.objects.create(
        meeting=meeting,
        organisation_id=idea.organisation_id if idea else meeting.forum.organisation_id,
        order=_next_order(meeting),
        title=title[:200],
        description=description,
        purpose=purpose,
        source=ItemSource.PROPOSED,
        idea=idea,
        is_shared=False,
        minutes=10,
    )
    audit.record(None, "agenda_item.place", target=item, data={"meeting": meeting.pk})
    return item
