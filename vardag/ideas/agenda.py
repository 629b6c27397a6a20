"""Where an idea stands on the agendas of its forums' meetings, for the idea page.

Ideas cannot import meetings (layers), so vardag.meetings registers the function that answers
(in its AppConfig.ready(), as with `guide.register_next_meeting`). The ideas app decides which
forums are the idea's (`agenda_forums`); meetings decides, for each, the meeting, whether the
idea is already on a planned agenda and whether this person may propose it
(`meetings.selectors.can_propose_item`, the rule its form and service use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

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
