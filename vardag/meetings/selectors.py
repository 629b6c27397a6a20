"""Reads of meeting series, meetings, agendas and action items; always scoped to the actor.

A meeting is visible to whoever sees its forum (vardag.forums.selectors.forum_list): the forum's
own organisation and, for joint forums, organisations with a partner unit under an active
agreement. Inside a joint forum, the other organisation sees only the items marked as shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.core.roles import MANAGER_ROLES
from vardag.core.selectors import partner_organisation_ids, partner_organisations
from vardag.forums.models import Forum, ForumMembership, ForumType
from vardag.forums.selectors import can_manage_forum, forum_list
from vardag.ideas.agenda import AgendaPlace
from vardag.ideas.models import Decision, Idea, IdeaOrganisation
from vardag.ideas.selectors import idea_base
from vardag.ideas.workflow import ACTIVE_STATES, NEXT_GATE
from vardag.meetings.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    ItemSource,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Purpose,
)

DECIDING_PURPOSES = ("decision", "before_decision")


def _forums_of(actor: Actor, partners: Any) -> QuerySet[Forum]:
    return forum_list(actor, include_closed=True).filter(
        Q(organisation_id=organisation_id(actor)) | Q(organisation_id__in=partners)
    )


def visible_forums(actor: Actor) -> QuerySet[Forum]:
    """Forums whose meetings the person sees: their own organisation's, and joint forums of an
    organisation that an ACTIVE collaboration agreement connects to theirs."""
    return _forums_of(actor, partner_organisation_ids(actor))


def access_forum(actor: Actor, forum_id: int) -> Forum:
    return get_object_or_404(visible_forums(actor).select_related("owner_unit"), pk=forum_id)


def series_list(actor: Actor, *, forum: Forum | None = None) -> QuerySet[MeetingSeries]:
    qs = MeetingSeries.objects.filter(forum__in=visible_forums(actor))
    if forum is not None:
        qs = qs.filter(forum=forum)
    return qs.select_related("forum", "chair", "secretary").order_by("forum__name", "name")


def access_series(actor: Actor, series_id: int) -> MeetingSeries:
    return get_object_or_404(series_list(actor), pk=series_id)


def meeting_list(
    actor: Actor,
    *,
    forum: Forum | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(forum__in=visible_forums(actor))
    if forum is not None:
        qs = qs.filter(forum=forum)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    if until is not None:
        qs = qs.filter(starts_at__lt=until)
    return qs.select_related("forum", "series", "adjuster").order_by("starts_at")


def access_meeting(actor: Actor, meeting_id: int) -> Meeting:
    qs = meeting_list(actor).select_related(
        "series__chair", "series__secretary", "forum__owner_unit", "approved_by"
    )
    return get_object_or_404(qs, pk=meeting_id)


def _visible_item(actor: Actor) -> Q:
    """An agenda item this person may see in a meeting they see: their own organisation's, or
    a shared one."""
    return Q(organisation_id=organisation_id(actor)) | Q(is_shared=True)


def agenda_item_list(actor: Actor) -> QuerySet[AgendaItem]:
    """Every agenda item this person may see, in the meetings they see (the event log names
    them)."""
    return AgendaItem.objects.filter(_visible_item(actor), meeting__in=meeting_list(actor))


def visible_items(actor: Actor, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items this person may see: all of their own organisation's, and shared ones."""
    return (
        meeting.items.filter(_visible_item(actor))
        .select_related("presenter", "idea", "idea__initiator", "idea__organisation", "proposed_by")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("mandate", "idea", "decided_by"),
            ),
            "idea__affected_units__organisation",
            Prefetch("idea__decisions", queryset=Decision.objects.select_related("decided_by")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        )
        .order_by("order", "id")
    )


def organisations_without_decision(idea: Idea) -> list[Any]:
    """Organisations an idea affects that have not yet taken part in a decision on it.

    An idea that crosses organisations needs a consultation or decision from each of them
    before its next gate (DOMAIN.md, F4); meeting mode shows who is still missing.
    """
    organisations = {idea.organisation_id: idea.organisation}
    for unit in idea.affected_units.all():
        organisations.setdefault(unit.organisation_id, unit.organisation)
    if len(organisations) < 2:
        return []
    decided = {d.decided_by.organisation_id for d in idea.decisions.all()}
    return [org for org_id, org in organisations.items() if org_id not in decided]


def access_item(actor: Actor, meeting_id: int, item_id: int) -> AgendaItem:
    meeting = access_meeting(actor, meeting_id)
    item = get_object_or_404(visible_items(actor, meeting), pk=item_id)
    item.meeting = meeting
    return item


def is_forum_member(actor: Actor, forum: Forum) -> bool:
    return ForumMembership.objects.filter(forum=forum, user_id=actor.pk).exists()


def can_run_meeting(actor: Actor, meeting: Meeting) -> bool:
    """Chair, secretary (of the series or the forum) and those who manage the forum."""
    series = meeting.series
    if actor.pk in (series.chair_id, series.secretary_id):
        return True
    roles = (ForumMembership.Role.CHAIR, ForumMembership.Role.SECRETARY)
    if ForumMembership.objects.filter(forum=meeting.forum, user_id=actor.pk, role__in=roles):
        return True
    return can_manage_forum(actor, meeting.forum)


def meeting_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def has_meeting_day_come(meeting: Meeting, *, today: date | None = None) -> bool:
    """Decisions, closing and approval happen at or after the meeting, never before its day."""
    return (today or timezone.localdate()) >= meeting_day(meeting)


def minutes_officers(meeting: Meeting) -> set[int]:
    """Who leads or writes the minutes: the series' and the forum's chair and secretary."""
    roles = (ForumMembership.Role.CHAIR, ForumMembership.Role.SECRETARY)
    officers = set(
        ForumMembership.objects.filter(forum=meeting.forum, role__in=roles).values_list(
            "user_id", flat=True
        )
    )
    for pk in (meeting.series.chair_id, meeting.series.secretary_id):
        if pk is not None:
            officers.add(pk)
    return officers


def own_ideas_decided(meeting: Meeting) -> set[int]:
    """People whose own idea the minutes decide (jäv): the initiator and the co-owners of every
    idea on an item that carries a decision or is there to be decided."""
    items = AgendaItem.objects.filter(meeting=meeting, idea__isnull=False).filter(
        Q(decisions__isnull=False) | Q(purpose__in=DECIDING_PURPOSES)
    )
    idea_ids = set(items.values_list("idea_id", flat=True))
    if not idea_ids:
        return set()
    people = set(Idea.objects.filter(pk__in=idea_ids).values_list("initiator_id", flat=True))
    people |= set(
        IdeaOrganisation.objects.filter(idea_id__in=idea_ids, co_owner__isnull=False).values_list(
            "co_owner_id", flat=True
        )
    )
    return people


def adjuster_candidates(actor: Actor, meeting: Meeting) -> QuerySet[Any]:
    """Forum members who may approve (justera) the minutes.

    Not the chair nor the secretary (of the series or the forum), and not the person closing the
    minutes or naming the adjuster: the adjuster checks the others' record, so it must be a
    second pair of eyes. Not anyone whose own idea the minutes decide either (jäv,
    `own_ideas_decided`). The close form, the change form and the services use this one rule.
    """
    excluded = minutes_officers(meeting) | {actor.pk} | own_ideas_decided(meeting)
    return (
        get_user_model()
        .objects.filter(forum_memberships__forum=meeting.forum, is_active=True)
        .exclude(pk__in=excluded)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def can_close_meeting(actor: Actor, meeting: Meeting) -> bool:
    return (
        meeting.status == MeetingStatus.PLANNED
        and has_meeting_day_come(meeting)
        and can_run_meeting(actor, meeting)
    )


def can_decide_in_meeting(actor: Actor, meeting: Meeting) -> bool:
    """Meeting mode records decisions from the meeting's day on (see services.minutes)."""
    return (
        not meeting.is_locked
        and meeting.status != MeetingStatus.CANCELLED
        and has_meeting_day_come(meeting)
        and (can_run_meeting(actor, meeting) or is_forum_member(actor, meeting.forum))
    )


def approval_refusal(actor: Actor, meeting: Meeting) -> str:
    """Why the named adjuster may not approve these minutes now ("" when she may): her own
    idea is decided in them (a decision recorded after she was named). The minutes page and
    `services.minutes_approve` use this one rule."""
    if meeting.adjuster_id == actor.pk and actor.pk in own_ideas_decided(meeting):
        return _(
            "Du kan inte justera ett protokoll som beslutar om din egen idé (jäv). Be ordföranden "
            "eller sekreteraren att byta justerare."
        )
    return ""


def can_change_adjuster(actor: Actor, meeting: Meeting) -> bool:
    """After closing and before approval: the chair, the secretary or the forum's admin."""
    return meeting.status == MeetingStatus.HELD and can_run_meeting(actor, meeting)


def members_may_propose(meeting: Meeting) -> bool:
    """Until the agenda deadline the forum's members propose items too."""
    return bool(timezone.localdate() <= meeting.agenda_deadline)


def can_propose_item(actor: Actor, meeting: Meeting) -> bool:
    """Those who run the meeting while it is planned; the forum's members until the deadline
    (`who_may_propose` says the same in words)."""
    if meeting.status != MeetingStatus.PLANNED:
        return False
    if can_run_meeting(actor, meeting):
        return True
    return members_may_propose(meeting) and is_forum_member(actor, meeting.forum)


def who_may_propose(meeting: Meeting) -> str:
    """`can_propose_item` in one sentence for those it refuses: the series' chair and
    secretary by name, and the members until the deadline while it has not passed."""
    chair, secretary = meeting.series.chair, meeting.series.secretary
    if chair is not None and secretary is not None and chair.pk != secretary.pk:
        officers = _("Forumets ordförande %(chair)s eller sekreterare %(secretary)s") % {
            "chair": chair,
            "secretary": secretary,
        }
    elif chair is not None:
        officers = _("Forumets ordförande %(chair)s eller sekreterare") % {"chair": chair}
    elif secretary is not None:
        officers = _("Forumets ordförande eller sekreterare %(secretary)s") % {
            "secretary": secretary
        }
    else:
        officers = _("Forumets ordförande eller sekreterare")
    if members_may_propose(meeting):
        sentence = _("%(officers)s anmäler punkter, forumets ledamöter till och med %(date)s.")
        return sentence % {"officers": officers, "date": meeting.agenda_deadline.isoformat()}
    return _("%(officers)s anmäler punkter.") % {"officers": officers}


def item_holding_idea(meeting: Meeting, idea: Idea | None) -> AgendaItem | None:
    """The meeting's item for `idea` (any organisation's: a meeting takes an idea up once)."""
    if idea is None:
        return None
    found: AgendaItem | None = meeting.items.filter(idea=idea).order_by("id").first()
    return found


def own_item_for_idea(actor: Actor, meeting: Meeting, idea_id: str) -> AgendaItem | None:
    """The item this person proposed for the idea (an id as posted) on the meeting's agenda."""
    if not idea_id.isdigit() or len(idea_id) > 9:
        return None
    found: AgendaItem | None = (
        meeting.items.filter(idea_id=int(idea_id), proposed_by_id=actor.pk).order_by("id").first()
    )
    return found


def is_shared_forum(forum: Forum) -> bool:
    return any(u.organisation_id != forum.organisation_id for u in forum.partner_units.all())


# --- What the agenda should hold (computed; persisted by services.agenda_fill) ------------------


def due_ideas(meeting: Meeting) -> QuerySet[Idea]:
    """Ideas the forum handles whose next handling date falls on or before the meeting's day.

    The forum handles an idea as its organisation's current forum (Idea.forum), or as a partner
    organisation's current forum for an idea that spans organisations (IdeaOrganisation.forum,
    with that organisation's own next handling date). An idea goes to the first planned meeting
    on or after its date (overdue ideas to the next planned meeting); one already on an earlier
    planned agenda stays there.
    """
    day = timezone.localtime(meeting.starts_at).date()
    earlier = Meeting.objects.filter(
        forum_id=meeting.forum_id,
        status=MeetingStatus.PLANNED,
        starts_at__lt=meeting.starts_at,
        starts_at__gte=min(timezone.now(), meeting.starts_at),
    ).exclude(pk=meeting.pk)
    earlier_fits = earlier.filter(starts_at__date__gte=OuterRef("due_on"))
    placed = AgendaItem.objects.filter(meeting__in=earlier, idea__isnull=False)
    partner_date = IdeaOrganisation.objects.filter(
        idea=OuterRef("pk"), forum_id=meeting.forum_id
    ).values("next_handling_on")[:1]
    return (
        Idea.objects.filter(state__in=ACTIVE_STATES)
        .filter(Q(forum_id=meeting.forum_id) | Q(organisation_parts__forum_id=meeting.forum_id))
        .annotate(
            due_on=Case(
                When(forum_id=meeting.forum_id, then=F("next_handling_on")),
                default=Subquery(partner_date),
            )
        )
        .filter(due_on__lte=day)
        .distinct()
        .exclude(agenda_items__meeting=meeting)
        .exclude(pk__in=placed.values("idea_id"))
        .exclude(Exists(earlier_fits))
        .select_related("initiator", "unit")
        .prefetch_related("affected_units")
        .order_by("due_on", "title")
    )


def open_action_items(forum: Forum, *, before: datetime | None = None) -> QuerySet[ActionItem]:
    """Action items of the forum that are not done (they reappear on every agenda until done)."""
    qs = ActionItem.objects.filter(forum=forum, done_at__isnull=True)
    if before is not None:
        # Decided in an earlier meeting, or given to the forum before this one began.
        qs = qs.filter(
            Q(meeting__starts_at__lt=before) | Q(meeting__isnull=True, created_at__lt=before)
        )
    return qs.select_related("owner", "meeting").order_by("due_on", "id")


def delegation_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """Decisions taken under mandates that report to this forum and have not been reported yet."""
    day = timezone.localtime(meeting.starts_at).date()
    reported = AgendaItem.objects.filter(
        source=ItemSource.DELEGATION_REPORT, meeting__forum_id=meeting.forum_id
    )
    return (
        Decision.objects.filter(mandate__report_to_id=meeting.forum_id, decided_on__lte=day)
        .exclude(agenda_items__in=reported)
        .select_related("idea", "mandate", "decided_by", "forum")
        .order_by("decided_on", "id")
    )


@dataclass
class Agenda:
    items: list[AgendaItem]
    proposed_ideas: list[Idea] = field(default_factory=list)
    open_actions: list[ActionItem] = field(default_factory=list)
    delegation: list[Decision] = field(default_factory=list)

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def has_follow_up(self) -> bool:
        return any(item.source == ItemSource.ACTION_FOLLOW_UP for item in self.items)


def agenda_for(actor: Actor, meeting: Meeting) -> Agenda:
    """The agenda as this person sees it, with what is proposed but not yet placed on it."""
    items = list(visible_items(actor, meeting))
    agenda = Agenda(items=items)
    if meeting.status != MeetingStatus.PLANNED:
        return agenda
    visible_ideas = idea_base(actor).values("pk")
    agenda.proposed_ideas = list(due_ideas(meeting).filter(pk__in=visible_ideas))
    if meeting.forum.organisation_id == organisation_id(actor):
        agenda.open_actions = list(open_action_items(meeting.forum, before=meeting.starts_at))
        if meeting.forum.type == ForumType.COMMITTEE:
            agenda.delegation = list(delegation_decisions(meeting))
    return agenda


def next_meeting(forum: Forum, *, after: datetime | None = None) -> Meeting | None:
    moment = after or timezone.now()
    return (
        Meeting.objects.filter(forum=forum, status=MeetingStatus.PLANNED, starts_at__gte=moment)
        .order_by("starts_at")
        .first()
    )


def next_meeting_start(forum: Forum) -> datetime | None:
    """For the ideas' guide ("Vart går jag med min idé?"): when the forum meets next."""
    meeting = next_meeting(forum)
    return meeting.starts_at if meeting is not None else None


def idea_agenda_places(actor: Actor, idea: Idea, forums: list[Forum]) -> list[AgendaPlace]:
    """Where the idea stands on the agendas of `forums` (vardag.ideas.agenda, the idea page).

    Per forum the person sees: the planned meeting from today on whose agenda the idea already
    is (any organisation's item: a second one would be refused), else the next planned meeting,
    offered for a proposal exactly when `can_propose_item` allows it and the item form would
    take the idea (an active idea). One query (two with another organisation's forum), then
    the proposal rule per forum."""
    org_id = organisation_id(actor)
    others = [f.pk for f in forums if f.organisation_id != org_id]
    # The own organisation's forums are all visible (visible_forums); others are asked for.
    visible = set(visible_forums(actor).filter(pk__in=others).values_list("pk", flat=True))
    shown = [f for f in forums if f.organisation_id == org_id or f.pk in visible]
    if not shown:
        return []
    today = _start_of_today()
    now = timezone.now()
    planned = (
        Meeting.objects.filter(
            forum_id__in=[f.pk for f in shown],
            status=MeetingStatus.PLANNED,
            starts_at__gte=today,
        )
        .annotate(holds_idea=Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), idea=idea)))
        .select_related("series__chair", "series__secretary", "forum")
        .order_by("forum_id", "starts_at")
    )
    holding: dict[int, Meeting] = {}
    upcoming: dict[int, Meeting] = {}
    for meeting in planned:
        if meeting.holds_idea:
            holding.setdefault(meeting.forum_id, meeting)
        if meeting.starts_at >= now:
            upcoming.setdefault(meeting.forum_id, meeting)
    return [_agenda_place(actor, idea, f, holding.get(f.pk), upcoming.get(f.pk)) for f in shown]


def _agenda_place(
    actor: Actor, idea: Idea, forum: Forum, holding: Meeting | None, upcoming: Meeting | None
) -> AgendaPlace:
    forum_url = reverse("meetings:forum", args=[forum.pk])
    meeting = holding or upcoming
    if meeting is None:
        return AgendaPlace(forum=forum, forum_url=forum_url)
    place = AgendaPlace(
        forum=forum,
        forum_url=forum_url,
        is_on_agenda=holding is not None,
        starts_at=meeting.starts_at,
        meeting_url=meeting_url(meeting.pk),
        deadline=meeting.agenda_deadline,
    )
    if holding is not None or idea.state not in ACTIVE_STATES:
        return place
    if can_propose_item(actor, meeting):
        url = f"{reverse('meetings:item_add', args=[meeting.pk])}?{urlencode({'idea': idea.pk})}"
        return replace(place, propose_url=url)
    if not members_may_propose(meeting) and is_forum_member(actor, forum):
        return replace(place, deadline_passed=True)
    return replace(place, who_may_propose=who_may_propose(meeting))


def _forums_seen(actor: Actor) -> QuerySet[Forum, Any]:
    """`visible_forums` as a subquery (the partner organisations too), for an annotation."""
    return _forums_of(actor, partner_organisations(actor).values("id")).values("pk")


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))


def annotate_agenda_meeting(actor: Actor, ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Each idea with the earliest planned meeting from today on (as `idea_agenda_places`
    counts them), in a forum the person sees, whose agenda holds it in an item the person
    sees: `agenda_meeting_id`, `agenda_starts_at`, `agenda_forum_name` (vardag.ideas.agenda).
    Subqueries only: no query of its own, whatever the number of ideas."""
    today = _start_of_today()
    items = AgendaItem.objects.filter(
        _visible_item(actor),
        idea_id=OuterRef("pk"),
        meeting__status=MeetingStatus.PLANNED,
        meeting__starts_at__gte=today,
        meeting__forum_id__in=_forums_seen(actor),
    ).order_by("meeting__starts_at", "meeting_id")
    return ideas.annotate(
        agenda_meeting_id=Subquery(items.values("meeting_id")[:1]),
        agenda_starts_at=Subquery(items.values("meeting__starts_at")[:1]),
        agenda_forum_name=Subquery(items.values("meeting__forum__name")[:1]),
    )


def meeting_url(meeting_id: int) -> str:
    return reverse("meetings:meeting", args=[meeting_id])


def idea_item_initial(meeting: Meeting, idea: Idea) -> dict[str, Any]:
    """An agenda item for the idea, as the agenda fill makes it (services.agenda) and as the
    proposal form starts when opened from the idea page: in a partner organisation's own
    forum the idea comes up for that organisation's statement before the owner's decision."""
    crosses = any(u.organisation_id != idea.organisation_id for u in idea.affected_units.all())
    own = meeting.forum.organisation_id == idea.organisation_id
    deciding = Purpose.DECISION if own else Purpose.BEFORE_DECISION
    return {
        "title": idea.title,
        "description": idea.summary,
        "purpose": deciding if NEXT_GATE.get(idea.state) else Purpose.DIALOG,
        "is_shared": crosses or not own,
        "minutes": 10,
        "idea": idea,
    }


def next_paragraph(meeting: Meeting) -> int:
    """Paragraphs run on through the forum's year: § 1 is the year's first item."""
    year = timezone.localtime(meeting.starts_at).year
    qs = AgendaItem.objects.filter(
        meeting__forum_id=meeting.forum_id,
        meeting__starts_at__year=year,
        paragraph__isnull=False,
    ).exclude(meeting=meeting)
    numbers = [n for n in qs.values_list("paragraph", flat=True) if n is not None]
    return max(numbers, default=0) + 1


def action_item_list(
    actor: Actor, *, forum: Forum | None = None, owner: Any = None, open_only: bool = False
) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.filter(organisation_id=organisation_id(actor))
    if forum is not None:
        qs = qs.filter(forum=forum)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.select_related("owner", "forum", "meeting").order_by("due_on", "id")


def forums_for_actions(actor: Actor) -> QuerySet[Forum]:
    """Forums of the actor's organisation that the actor may hand an action between meetings:
    open forums they manage (admin, chair, manager of the owner unit) or sit in as a manager.

    The only statement of the rule: the form's choices, the API and the service all use it.
    """
    qs = forum_list(actor).filter(organisation_id=organisation_id(actor))
    if actor.is_org_admin:
        return qs
    rule = Q(memberships__user=actor, memberships__role=ForumMembership.Role.CHAIR)
    if actor.is_manager:
        rule |= Q(memberships__user=actor) | Q(owner_unit_id__in=actor.unit_ids)
    return qs.filter(pk__in=Forum.objects.filter(rule).values("pk"))


def action_owner_candidates(forums: QuerySet[Forum]) -> QuerySet[Any]:
    """Who can be made responsible for such an action: active members of those forums, the
    people who will follow it up (the form's choices and the API's lookup)."""
    return (
        get_user_model()
        .objects.filter(forum_memberships__forum__in=forums, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


def access_action_item(actor: Actor, action_id: int) -> ActionItem:
    return get_object_or_404(action_item_list(actor), pk=action_id)


def meeting_decisions(actor: Actor, meeting: Meeting) -> QuerySet[Decision]:
    item_ids = list(visible_items(actor, meeting).values_list("pk", flat=True))
    return (
        Decision.objects.filter(agenda_item_id__in=item_ids)
        .select_related("idea", "mandate", "decided_by")
        .order_by("created_at")
    )


# --- Lists for people ---------------------------------------------------------------------------


def my_forums(actor: Actor) -> QuerySet[Forum]:
    return (
        forum_list(actor)
        .filter(
            Q(memberships__user=actor)
            | Q(meeting_series__chair=actor)
            | Q(meeting_series__secretary=actor)
        )
        .distinct()
    )


def forum_overview(actor: Actor) -> list[tuple[Forum, Meeting | None]]:
    """Every forum the person sees, with its next planned meeting (two queries)."""
    open_forums = visible_forums(actor).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=timezone.localdate())
    )
    forums = list(open_forums.annotate(series_count=Count("meeting_series", distinct=True)))
    upcoming = Meeting.objects.filter(
        forum__in=[f.pk for f in forums],
        status=MeetingStatus.PLANNED,
        starts_at__gte=timezone.now(),
    ).order_by("forum_id", "starts_at")
    first: dict[int, Meeting] = {}
    for meeting in upcoming:
        first.setdefault(meeting.forum_id, meeting)
    return [(f, first.get(f.pk)) for f in forums]


@dataclass
class Week:
    meetings: list[Meeting]
    decision_items: list[AgendaItem]
    due_ideas: list[Idea]
    feedback_owed: list[Idea]
    minutes_to_approve: list[Meeting]
    overdue_actions: list[ActionItem]
    open_actions: list[ActionItem]


def week(actor: Actor, *, today: date | None = None) -> Week:
    """The manager's week: meetings, what waits for a decision, feedback owed, actions overdue."""
    day = today or timezone.localdate()
    now = timezone.now()
    horizon = now + timedelta(days=7)
    forums = my_forums(actor)
    meetings = list(
        meeting_list(actor, since=now, until=horizon)
        .filter(forum__in=forums)
        .exclude(status=MeetingStatus.CANCELLED)
    )
    decision_items = list(
        AgendaItem.objects.filter(
            meeting__in=[m.pk for m in meetings],
            purpose__in=DECIDING_PURPOSES,
        )
        .filter(Q(organisation_id=organisation_id(actor)) | Q(is_shared=True))
        .select_related("meeting__forum", "idea")
        .order_by("meeting__starts_at", "order")
    )
    visible = idea_base(actor)
    on_agenda = {item.idea_id for item in decision_items if item.idea_id is not None}
    due = list(
        visible.filter(
            forum__in=forums, state__in=ACTIVE_STATES, next_handling_on__lte=day + timedelta(7)
        )
        .exclude(pk__in=on_agenda)
        .select_related("forum")
        .order_by("next_handling_on")
    )
    managed_units = actor.unit_ids_with_role(*MANAGER_ROLES)
    owed = list(
        visible.filter(
            unit_id__in=managed_units,
            state__in=ACTIVE_STATES,
            feedback_due_on__lte=day + timedelta(7),
        )
        .select_related("initiator")
        .order_by("feedback_due_on")
    )
    to_approve = list(
        meeting_list(actor).filter(adjuster=actor, status=MeetingStatus.HELD).order_by("starts_at")
    )
    actions = list(action_item_list(actor, owner=actor, open_only=True))
    return Week(
        meetings=meetings,
        decision_items=decision_items,
        due_ideas=due,
        feedback_owed=owed,
        minutes_to_approve=to_approve,
        overdue_actions=[a for a in actions if a.due_on < day],
        open_actions=[a for a in actions if a.due_on >= day],
    )


# --- Calendar feeds -----------------------------------------------------------------------------


def feed_for_token(token: str) -> CalendarFeed:
    return get_object_or_404(
        CalendarFeed.objects.select_related("user", "forum", "user__organisation"),
        token=token,
        user__is_active=True,
    )


def feed_meetings(feed: CalendarFeed) -> QuerySet[Meeting]:
    """Meetings of the feed's forum, if its owner still sees the forum (else none)."""
    since = timezone.now() - timedelta(days=90)
    return meeting_list(feed.user, forum=feed.forum, since=since)


def calendar_feed_of(actor: Actor, forum: Forum) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=actor.pk, forum=forum).first()


# --- A person's own data ("download my data", vardag.accounts.personal_data) ---------------------


def personal_action_items(user: Any) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in ActionItem.objects.filter(owner=user)
        .order_by("due_on", "id")
        .values("title", "forum__name", "meeting__starts_at", "due_on", "done_at", "created_at")
    ]


def personal_agenda_items(user: Any) -> list[dict[str, Any]]:
    """Items the person proposed or presents."""
    return [
        dict(row)
        for row in AgendaItem.objects.filter(Q(proposed_by=user) | Q(presenter=user))
        .order_by("meeting__starts_at", "order")
        .values("title", "purpose", "meeting__forum__name", "meeting__starts_at", "created_at")
    ]


def personal_calendar_feeds(user: Any) -> list[dict[str, Any]]:
    """Subscriptions (the secret address itself is left out)."""
    rows = CalendarFeed.objects.filter(user=user).values("forum__name", "created_at")
    return [dict(row) for row in rows]
