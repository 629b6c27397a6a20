"""The event log's rows in words: each event's action label and its object as kind and name,
linked where a page exists and the reader may open it.

An event stores its object as `target_type` ("core.unit") and `target_id`. The page shows the
object's kind from its model ("Enhet") and, for the kinds below, its current name and a link,
read through the owning app's own list selector (so only what the reader may see is named or
linked) in one query per kind, whatever the number of rows. A kind may say its name otherwise
than `str()`: a background job by what its task does, its state and time (not its UUID), a
notification by its kind only (its subject and text are the recipient's). Kinds without a
selector here (a research study's parts, open to its members; a participant's anonymous
contribution), and objects the reader may not see or that are gone, are shown as kind and number
only: the name stored with the event is not shown, since the reader may not be allowed to see it
now.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vardag.core import selectors as core_selectors
from vardag.core.actors import Actor
from vardag.core.audit_labels import action_label, job_label, kind_label
from vardag.core.models import AuditEvent
from vardag.forums import selectors as forum_selectors
from vardag.ideas import selectors as idea_selectors
from vardag.meetings import selectors as meeting_selectors
from vardag.notifications import kinds as notification_kinds
from vardag.notifications import selectors as notification_selectors
from vardag.orgadmin import selectors as orgadmin_selectors
from vardag.participation import selectors as participation_selectors
from vardag.pilots import selectors as pilot_selectors
from vardag.records import selectors as records_selectors
from vardag.research import selectors as research_selectors
from vardag.surveys import selectors as survey_selectors


@dataclass(frozen=True)
class Kind:
    """How to read one kind of object: the reader's visible objects, a page (or none), its name
    in words, and its key from the stored id (a number, or a job's UUID)."""

    visible: Callable[[Actor], QuerySet[Any]]
    url: Callable[[Any], str] | None = None
    name: Callable[[Any], str] = str
    key: Callable[[str], Any] = int


def _url(name: str) -> Callable[[Any], str]:
    return lambda obj: reverse(name, args=[obj.pk])


KINDS: dict[str, Kind] = {
    "core.job": Kind(core_selectors.organisation_jobs, name=job_label, key=uuid.UUID),
    "core.unit": Kind(orgadmin_selectors.unit_admin_list, _url("orgadmin:unit_detail")),
    "accounts.user": Kind(
        lambda actor: orgadmin_selectors.person_list(actor, include_inactive=True),
        _url("orgadmin:person_detail"),
    ),
    "core.collaborationagreement": Kind(
        orgadmin_selectors.agreement_admin_list, _url("orgadmin:agreement_detail")
    ),
    "core.organisation": Kind(core_selectors.own_organisation),
    "accounts.membership": Kind(
        orgadmin_selectors.membership_admin_list, _url("orgadmin:membership_edit")
    ),
    "accounts.groupmapping": Kind(
        orgadmin_selectors.group_mapping_list, lambda mapping: reverse("orgadmin:sso")
    ),
    "notifications.notification": Kind(
        notification_selectors.organisation_notifications,
        name=lambda notification: str(notification_kinds.label(notification.kind)),
    ),
    "orgadmin.hrimport": Kind(orgadmin_selectors.import_list, _url("orgadmin:import_detail")),
    "ideas.idea": Kind(idea_selectors.idea_base, _url("ideas:detail")),
    "ideas.challenge": Kind(idea_selectors.challenge_list, _url("ideas:challenge")),
    "ideas.processmodel": Kind(
        idea_selectors.process_model_list, lambda model: reverse("ideas:process_models")
    ),
    "ideas.lesson": Kind(idea_selectors.lesson_list, lambda lesson: reverse("ideas:lessons")),
    "forums.forum": Kind(
        lambda actor: forum_selectors.forum_list(actor, include_closed=True),
        _url("forums:detail"),
    ),
    "meetings.meetingseries": Kind(meeting_selectors.series_list, _url("meetings:series")),
    "meetings.meeting": Kind(
        lambda actor: meeting_selectors.meeting_list(actor).select_related("forum"),
        _url("meetings:meeting"),
    ),
    "meetings.agendaitem": Kind(
        lambda actor: meeting_selectors.agenda_item_list(actor).select_related("meeting__forum"),
        lambda item: reverse("meetings:meeting", args=[item.meeting_id]),
        name=lambda item: (
            _("%(title)s (%(forum)s, %(date)s)")
            % {
                "title": item.title,
                "forum": item.meeting.forum.name,
                "date": date_format(timezone.localtime(item.meeting.starts_at), "Y-m-d"),
            }
        ),
    ),
    "meetings.actionitem": Kind(
        meeting_selectors.action_item_list,
        lambda action: (
            reverse("meetings:meeting", args=[action.meeting_id]) if action.meeting_id else ""
        ),
    ),
    "pilots.pilot": Kind(pilot_selectors.pilot_list, _url("pilots:detail")),
    "pilots.impactgoal": Kind(
        pilot_selectors.goal_list,
        lambda goal: reverse("pilots:detail", args=[goal.pilot_id]),
    ),
    "pilots.receivingunit": Kind(
        lambda actor: pilot_selectors.receiving_unit_list(actor).select_related("unit", "plan"),
        lambda receiving: reverse("pilots:detail", args=[receiving.plan.pilot_id]),
    ),
    "participation.persona": Kind(
        participation_selectors.persona_list, _url("participation:persona")
    ),
    "participation.journey": Kind(
        participation_selectors.journey_list, _url("participation:journey")
    ),
    "participation.insight": Kind(
        participation_selectors.insight_list, _url("participation:insight")
    ),
    "participation.activity": Kind(
        participation_selectors.activity_list, _url("participation:activity")
    ),
    "participation.usergroup": Kind(
        participation_selectors.user_group_list, _url("participation:group")
    ),
    "participation.valueassessment": Kind(
        participation_selectors.value_assessment_list, _url("participation:value")
    ),
    "participation.actormap": Kind(
        participation_selectors.actor_map_list, _url("participation:actor_map")
    ),
    "research.study": Kind(research_selectors.study_list, _url("research:study")),
    "surveys.questionnaire": Kind(survey_selectors.questionnaire_list),
    "surveys.round": Kind(survey_selectors.round_list),
    "records.retentionrule": Kind(
        records_selectors.visible_retention_rules, _url("records:rule_edit")
    ),
    "records.disclosure": Kind(
        records_selectors.named_disclosures,
        _url("records:disclosure_detail"),
        name=records_selectors.disclosure_name,
    ),
    "records.erasurerequest": Kind(
        records_selectors.visible_erasure_requests,
        _url("records:erasure_detail"),
        name=lambda request: (
            (request.subject.get_full_name() or request.subject.username)
            if request.subject is not None
            else _("en deltagares synpunkt")
        ),
    ),
}


@dataclass(frozen=True)
class Target:
    kind: str
    name: str
    url: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    action: str
    target: Target | None


def _visible(actor: Actor, target_type: str, ids: set[str]) -> dict[str, Model]:
    kind = KINDS.get(target_type)
    if kind is None:
        return {}
    keys = []
    for stored in ids:
        try:
            keys.append(kind.key(stored))
        except ValueError:  # an id of another shape: shown as its number only
            continue
    if not keys:
        return {}
    # Only the name is read (no relation beyond what `visible` joins): no prefetches.
    found = kind.visible(actor).prefetch_related(None).filter(pk__in=keys)
    return {str(obj.pk): obj for obj in found}


def _target(event: AuditEvent, found: dict[str, Model]) -> Target | None:
    if not event.target_type:
        return None
    kind = kind_label(event.target_type)
    obj = found.get(event.target_id)
    if obj is None:
        return Target(kind=kind, name=_("nr %(id)s") % {"id": event.target_id or "–"})
    known = KINDS[event.target_type]
    return Target(kind=kind, name=known.name(obj), url=known.url(obj) if known.url else "")


def audit_rows(actor: Actor, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """The events in words, their objects read in one query per kind."""
    events = list(events)
    ids: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.target_type:
            ids[event.target_type].add(event.target_id)
    found = {kind: _visible(actor, kind, kind_ids) for kind, kind_ids in ids.items()}
    return [
        AuditRow(
            event=e,
            action=action_label(e.action),
            target=_target(e, found.get(e.target_type, {})),
        )
        for e in events
    ]
