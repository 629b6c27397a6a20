"""Where an idea stands on the agendas of its forums' meetings, for the idea page.

Ideas cannot import meetings (layers), so vardag.meetings registers the functions that answer
(in its AppConfig.ready(), as with `guide.register_next_meeting`): the idea page's agenda card
(`register_agenda_places`) and the next handling on a planned agenda, for the idea page and the
lists (`register_agenda_meeting`: an annotation, read in one query for a page of rows).
The ideas app decides which forums are the idea's (`agenda_forums`); meetings decides, for
each, the meeting, whether the idea is already on a planned agenda and whether this person
may propose it (`meetings.selectors.can_propose_item`, the rule its form and service use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vardag.core.actors import Actor
from vardag.forums.models import Forum
from vardag.ideas.models import Idea


@dataclass(frozen=True)
class AgendaPlace:
    """One forum of the idea and its meetings as this person sees them.

    `starts_at` and `meeting_url` are the meeting whose agenda holds the idea (`is_on_agenda`)
    or else the forum's next planned meeting; both empty when the forum has none planned.
    `propose_url` is set only when the person may propose the idea for that meeting;
    `deadline_passed` says why a forum member may not (the chair still may); else, for anyone
    else the rule refuses, `who_may_propose` says who may (one sentence)."""

    forum: Forum
    forum_url: str
    is_on_agenda: bool = False
    starts_at: datetime | None = None
    meeting_url: str = ""
    propose_url: str = ""
    deadline: date | None = None
    deadline_passed: bool = False
    who_may_propose: str = ""


AgendaPlaces = Callable[[Actor, Idea, list[Forum]], list[AgendaPlace]]
_providers: list[AgendaPlaces] = []


def register_agenda_places(provider: AgendaPlaces) -> None:
    if provider not in _providers:
        _providers.append(provider)


def agenda_forums(idea: Idea, parts: Iterable[Any], suggested: Iterable[Forum] = ()) -> list[Forum]:
    """The idea's current forums: its own organisation's (Idea.forum) and each partner
    organisation's (IdeaOrganisation.forum, in `parts` from selectors.organisation_parts).
    While the idea has none, the forums `suggested` (those whose mandate covers its next step,
    from the guide). No query."""
    forums: list[Forum] = []
    current = [idea.forum, *(p.forum for p in parts)]
    for forum in [f for f in current if f is not None] or list(suggested):
        if forum.pk not in {f.pk for f in forums}:
            forums.append(forum)
    return forums


def agenda_places(actor: Actor, idea: Idea, forums: list[Forum]) -> list[AgendaPlace]:
    """For each of `forums` that the person sees: its next meeting, or the planned meeting
    whose agenda already holds the idea. Empty while no app answers (meetings not installed)."""
    if not forums:
        return []
    for provider in _providers:
        return provider(actor, idea, forums)
    return []


# --- The next handling on a planned agenda (idea page, idea list, API list) --------------------


@dataclass(frozen=True)
class AgendaMeetingProvider:
    """`annotate(actor, ideas)` gives each idea `agenda_meeting_id`, `agenda_starts_at` and
    `agenda_forum_name`: the earliest planned meeting from today on, in a forum the person
    sees, whose agenda holds the idea in an item the person sees (all None when none), as
    subqueries (no query of its own). `meeting_url(meeting_id)` is that meeting's page."""

    annotate: Callable[[Actor, QuerySet[Idea]], QuerySet[Idea]]
    meeting_url: Callable[[int], str]


_meeting_providers: list[AgendaMeetingProvider] = []


def register_agenda_meeting(provider: AgendaMeetingProvider) -> None:
    if provider not in _meeting_providers:
        _meeting_providers.append(provider)


def with_agenda_meeting(actor: Actor, ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """`ideas` annotated with their next planned agenda meeting; unchanged while no app
    answers (meetings not installed: `next_handling` then reads only the idea's own date)."""
    for provider in _meeting_providers:
        return provider.annotate(actor, ideas)
    return ideas


@dataclass(frozen=True)
class NextHandling:
    """When the idea is handled next: its own date (`planned_on`, set by a decision) and the
    earliest planned meeting whose agenda holds it. Which forum the idea is assigned to is a
    decision and stays as it is; the agenda placement is only shown."""

    planned_on: date | None = None
    starts_at: datetime | None = None
    forum_name: str = ""
    meeting_url: str = ""

    @property
    def is_on_agenda(self) -> bool:
        return self.starts_at is not None

    @property
    def is_planned_earlier(self) -> bool:
        """The idea's own date comes before the meeting's day: both are said."""
        if self.planned_on is None or self.starts_at is None:
            return False
        return self.planned_on < timezone.localtime(self.starts_at).date()


AGENDA_FIELDS = ("agenda_meeting_id", "agenda_starts_at", "agenda_forum_name")


def fill_agenda_meetings(actor: Actor, rows: Mapping[int, Idea]) -> None:
    """Give the shown rows (by id) their next planned agenda meeting, in one query of its own.
    Not as annotations of the rows' own query: that one is grouped (the support count), and
    PostgreSQL ran the subqueries once per grouped row (the demo link walk took 161 s, not 44).
    Nothing while no app answers."""
    if not rows or not _meeting_providers:
        return
    placed = with_agenda_meeting(actor, Idea.objects.filter(pk__in=list(rows)))
    for pk, *values in placed.values_list("pk", *AGENDA_FIELDS):
        for field, value in zip(AGENDA_FIELDS, values, strict=True):
            setattr(rows[pk], field, value)


def next_handling(idea: Idea) -> NextHandling:
    """From an idea that `with_agenda_meeting` annotated (or not: then its own date only)."""
    meeting_id = getattr(idea, "agenda_meeting_id", None)
    if meeting_id is None or not _meeting_providers:
        return NextHandling(planned_on=idea.next_handling_on)
    return NextHandling(
        planned_on=idea.next_handling_on,
        starts_at=getattr(idea, "agenda_starts_at", None),
        forum_name=getattr(idea, "agenda_forum_name", "") or "",
        meeting_url=_meeting_providers[0].meeting_url(meeting_id),
    )


def next_handling_for(actor: Actor, idea: Idea) -> NextHandling:
    """The idea page's next handling: one query."""
    found = with_agenda_meeting(actor, Idea.objects.filter(pk=idea.pk)).first()
    return next_handling(found if found is not None else idea)
