"""`vardag seed --scale liten|kommun|storstad`: a municipality at full size, deterministically.

On top of the demo municipalities (vardag.demo.loader: both organisations, their agreement, the
process models, forums, mandates, the conditions questionnaire and a research study) it adds, by
a seeded random generator and so the same every time for the same `--seed`:

- units, people and memberships (one manager per unit), forums with mandates and members;
- ideas in every state with supports, follows, timeline events, decisions and feedback, some
  affecting units of the partner municipality; challenges and lessons;
- meeting series, meetings and agenda items (some about ideas);
- a questionnaire round whose answers go in through the real answer import
  (vardag.surveys.importers.import_answers: the same checks, hashing and redaction);
- transcripts through the real research import (suggestions → pseudonymisation with the study key);
- audit events.

Rows that no rule guards (people, ideas, events, meetings, audit events) are written with
bulk_create in batches, so memory stays flat; timestamps are generated (spread over two years),
not "now", so the figures and the order of lists are the same on every run.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import models, transaction

from vardag.accounts.models import Membership, User
from vardag.core import search
from vardag.core.models import AuditEvent, Organisation, Unit
from vardag.core.roles import Role
from vardag.demo import loader
from vardag.demo.people import FIRST_NAMES, LAST_NAMES
from vardag.forums.models import DecisionType, Forum, ForumMembership, ForumType, Mandate
from vardag.ideas.models import (
    Challenge,
    Decision,
    Feedback,
    Follow,
    Idea,
    IdeaEvent,
    IdeaState,
    Lesson,
    ProcessModel,
    Support,
)
from vardag.meetings.models import AgendaItem, Meeting, MeetingSeries, MeetingStatus, Purpose

BATCH = 2000
SEED_CODE = "SEED-"  # unit codes of generated units: how a seeded database is recognised


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    people: int
    ideas: int
    forums: int
    meetings: int
    items_per_meeting: int
    respondents: int
    transcripts: int
    audit_events: int
    challenges: int


SCALES = {
    "liten": Scale("liten", 20, 120, 150, 10, 20, 6, 60, 3, 400, 4),
    "kommun": Scale("kommun", 300, 10_000, 20_000, 300, 2_000, 6, 16_000, 1_000, 100_000, 120),
    "storstad": Scale(
        "storstad", 1_500, 50_000, 100_000, 1_500, 10_000, 6, 80_000, 5_000, 500_000, 600
    ),
}

# States and how often they occur (every state, most ideas somewhere in the middle).
STATE_WEIGHTS = [
    (IdeaState.DRAFT, 10),
    (IdeaState.SUBMITTED, 50),
    (IdeaState.IN_PREPARATION, 16),
    (IdeaState.EXPLORING, 7),
    (IdeaState.DESIGN, 3),
    (IdeaState.PILOT, 2),
    (IdeaState.EVALUATING, 2),
    (IdeaState.SCALING, 1),
    (IdeaState.IMPLEMENTED, 1),
    (IdeaState.ON_HOLD, 2),
    (IdeaState.ARCHIVED, 6),
]
# The decisions an idea in a state has behind it (the state machine's path).
PATH = [
    (DecisionType.REGISTER, IdeaState.SUBMITTED, IdeaState.IN_PREPARATION),
    (DecisionType.GRANT_TIME, IdeaState.IN_PREPARATION, IdeaState.EXPLORING),
    (DecisionType.GRANT_MONEY, IdeaState.EXPLORING, IdeaState.DESIGN),
    (DecisionType.START_PILOT, IdeaState.DESIGN, IdeaState.PILOT),
    (DecisionType.EVALUATE, IdeaState.PILOT, IdeaState.EVALUATING),
    (DecisionType.SCALE_UP, IdeaState.EVALUATING, IdeaState.SCALING),
    (DecisionType.IMPLEMENTED, IdeaState.SCALING, IdeaState.IMPLEMENTED),
]
DEPTH = {
    IdeaState.DRAFT: 0,
    IdeaState.SUBMITTED: 0,
    IdeaState.IN_PREPARATION: 1,
    IdeaState.EXPLORING: 2,
    IdeaState.DESIGN: 3,
    IdeaState.PILOT: 4,
    IdeaState.EVALUATING: 5,
    IdeaState.SCALING: 6,
    IdeaState.IMPLEMENTED: 7,
    IdeaState.ON_HOLD: 1,
    IdeaState.ARCHIVED: 1,
}

# Swedish words in several forms, so that search meets inflections (skola/skolan/skolor, …).
SUBJECTS = [
    "skolan",
    "skolornas elevhälsa",
    "barnens skolgång",
    "föräldrarna",
    "familjehemmen",
    "ungdomarna",
    "mottagningen",
    "försörjningsstödet",
    "beroendevården",
    "hemtjänsten",
    "fritidsgården",
    "socialsekreterarna",
    "lärarnas arbetslag",
    "vårdnadshavare",
    "nyanlända elever",
]
ACTIONS = [
    "Digital incheckning för",
    "Gemensam planering med",
    "Snabbare återkoppling till",
    "Samordnad individuell plan för",
    "Mentorsträffar för",
    "Enklare ansökan för",
    "Drop-in-tider för",
    "Tolkstöd i mötet med",
    "Tydligare information till",
    "Gruppverksamhet för",
    "Uppsökande arbete kring",
    "Kortare väntetider för",
]
DETAILS = [
    "Barnet ska slippa berätta sin historia flera gånger.",
    "Familjerna vet ofta bäst själva vad som hjälper.",
    "Skolan och socialtjänsten arbetar i dag var för sig.",
    "Eleverna tappar veckor av undervisning vid byten.",
    "Föräldrar saknar besked om vad som händer med ansökan.",
    "Ungdomar vill kunna boka tid utan att ringa.",
    "Medarbetarna lägger mycket tid på dubbel dokumentation.",
    "Vårdnadshavaren behöver tolk för att förstå beslutet.",
    "Personalen på fritidsgården möter ungdomarna först.",
    "Mötet blir bättre när barnets egen röst kommer fram.",
]
PLACES = ["Konferensrum Eken", "Stora salen", "Teams", "Rum 204", "Biblioteket"]


@dataclass
class Seeded:
    """What the generator made, by table (also what `vardag seed` prints)."""

    counts: dict[str, int]


@contextmanager
def _explicit_times(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the generated created_at/updated_at instead of "now"."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (
                getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            ):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _batches(rows: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(model: type[models.Model], rows: Iterator[Any]) -> list[int]:
    """bulk_create in batches; the new primary keys in order."""
    ids: list[int] = []
    for batch in _batches(rows):
        ids += [obj.pk for obj in model._default_manager.bulk_create(batch)]
    return ids


class Generator:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.start = datetime(2024, 9, 1, 7, 0, tzinfo=UTC)
        self.span_minutes = 2 * 365 * 24 * 60

    def when(self, after: datetime | None = None, days: int = 60) -> datetime:
        if after is None:
            return self.start + timedelta(minutes=self.rng.randrange(self.span_minutes))
        return after + timedelta(minutes=self.rng.randrange(1, days * 24 * 60))

    # ---- organisation -------------------------------------------------------------------

    def units_and_people(self, world: loader.DemoWorld) -> None:
        s, rng = self.scale, self.rng
        parents = [
            (world.ekbacka, world.units["sf_barn"], Unit.Kind.UNIT, "Enhet barn och unga"),
            (world.ekbacka, world.units["sf_vuxen"], Unit.Kind.UNIT, "Enhet vuxna"),
            (world.ekbacka, world.units["gymnasieavdelningen"], Unit.Kind.SCHOOL, "Skola"),
            (world.ekbacka, world.units["elevhalsan"], Unit.Kind.TEAM, "Elevhälsoteam"),
            (world.norrvik, world.units["nv_forvaltning"], Unit.Kind.UNIT, "Norrvik enhet"),
        ]
        weights = [30, 25, 30, 5]

        def units() -> Iterator[Unit]:
            for i in range(s.units):
                # Every tenth unit is the partner municipality's (so both always have some).
                choice = parents[4] if i % 10 == 9 else rng.choices(parents[:4], weights)[0]
                org, parent, kind, label = choice
                yield Unit(
                    organisation=org,
                    parent=parent,
                    name=f"{label} {i + 1:04d}",
                    kind=kind,
                    code=f"{SEED_CODE}{i + 1:04d}",
                    created_at=self.start,
                )

        with _explicit_times(Unit):
            self.unit_ids = _bulk(Unit, units())
        self.unit_org = dict(
            Unit.objects.filter(pk__in=self.unit_ids).values_list("pk", "organisation_id")
        )
        self.org_units: dict[int, list[int]] = {}
        for uid in self.unit_ids:
            self.org_units.setdefault(self.unit_org[uid], []).append(uid)

        def people() -> Iterator[User]:
            for i in range(s.people):
                uid = self.unit_ids[i % len(self.unit_ids)]
                first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
                last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
                yield User(
                    username=f"p{i + 1:06d}",
                    organisation_id=self.unit_org[uid],
                    first_name=first,
                    last_name=last,
                    email=f"p{i + 1:06d}@example.org",
                    title="Enhetschef" if i < len(self.unit_ids) else "Medarbetare",
                    password="!",  # unusable: generated people do not sign in
                    date_joined=self.start,
                )

        self.user_ids = _bulk(User, people())
        self.unit_people: dict[int, list[int]] = {}
        self.org_people: dict[int, list[int]] = {}
        self.managers: dict[int, int] = {}

        def memberships() -> Iterator[Membership]:
            for i, user_id in enumerate(self.user_ids):
                uid = self.unit_ids[i % len(self.unit_ids)]
                manager = i < len(self.unit_ids)
                if manager:
                    self.managers[uid] = user_id
                self.unit_people.setdefault(uid, []).append(user_id)
                self.org_people.setdefault(self.unit_org[uid], []).append(user_id)
                yield Membership(
                    user_id=user_id,
                    unit_id=uid,
                    role=Role.UNIT_MANAGER if manager else Role.EMPLOYEE,
                    starts_on=date(2024, 1, 1),
                    created_at=self.start,
                )

        with _explicit_times(Membership):
            _bulk(Membership, memberships())

    # ---- forums -------------------------------------------------------------------------

    def forums(self) -> None:
        s, rng = self.scale, self.rng
        kinds = [ForumType.APT] * 6 + [ForumType.MANAGEMENT_TEAM, ForumType.COLLABORATION_GROUP]

        ekbacka, norrvik = self.org_units.values()
        owners = [
            norrvik[i % len(norrvik)] if i % 10 == 9 else ekbacka[i % len(ekbacka)]
            for i in range(s.forums)
        ]

        def forums() -> Iterator[Forum]:
            for i in range(s.forums):
                uid = owners[i]
                kind = kinds[rng.randrange(len(kinds))]
                yield Forum(
                    organisation_id=self.unit_org[uid],
                    name=f"{ForumType(kind).label} {i + 1:04d}",
                    type=kind,
                    owner_unit_id=uid,
                    cadence="Varannan tisdag",
                    created_at=self.start,
                )

        with _explicit_times(Forum):
            self.forum_ids = _bulk(Forum, forums())
        self.forum_unit = dict(zip(self.forum_ids, owners, strict=True))
        self.forum_org = {f: self.unit_org[u] for f, u in self.forum_unit.items()}
        self.org_forums: dict[int, list[int]] = {}
        for f, org in self.forum_org.items():
            self.org_forums.setdefault(org, []).append(f)

        def mandates() -> Iterator[Mandate]:
            for i, f in enumerate(self.forum_ids):
                yield Mandate(
                    organisation_id=self.forum_org[f],
                    title=f"Beslut om idéer i forum {i + 1:04d}",
                    holder_forum_id=f,
                    decision_types=[d.value for d in DecisionType],
                    max_amount_sek=500_000,
                    max_hours=2_000,
                    scope="organisation",
                    source_paragraph=f"Delegationsordningen 4.{i + 1}",
                    valid_from=date(2024, 1, 1),
                    created_at=self.start,
                )

        with _explicit_times(Mandate):
            mandate_ids = _bulk(Mandate, mandates())
        self.forum_mandate = dict(zip(self.forum_ids, mandate_ids, strict=True))

        def members() -> Iterator[ForumMembership]:
            for f in self.forum_ids:
                people = self.unit_people.get(self.forum_unit[f], [])[:6]
                for n, user_id in enumerate(people):
                    yield ForumMembership(
                        forum_id=f,
                        user_id=user_id,
                        role=ForumMembership.Role.CHAIR if n == 0 else ForumMembership.Role.MEMBER,
                        created_at=self.start,
                    )

        with _explicit_times(ForumMembership):
            _bulk(ForumMembership, members())

    # ---- ideas --------------------------------------------------------------------------

    def ideas(self, world: loader.DemoWorld) -> None:
        s, rng = self.scale, self.rng
        models_by_org = {
            pm.organisation_id: pm
            for pm in ProcessModel.objects.filter(is_default=True).prefetch_related("stages")
        }
        stages = {org: list(pm.stages.order_by("order")) for org, pm in models_by_org.items()}

        def challenges() -> Iterator[Challenge]:
            for i in range(s.challenges):
                org = world.ekbacka if i % 5 else world.norrvik
                uid = rng.choice(self.org_units[org.pk])
                yield Challenge(
                    organisation=org,
                    question=f"Hur kan vi ge {SUBJECTS[i % len(SUBJECTS)]} bättre stöd? ({i + 1})",
                    description=DETAILS[i % len(DETAILS)],
                    owner_unit_id=uid,
                    created_at=self.when(),
                )

        with _explicit_times(Challenge):
            challenge_ids = _bulk(Challenge, challenges())
        states = [state for state, _w in STATE_WEIGHTS]
        weights = [w for _s, w in STATE_WEIGHTS]
        self.idea_meta: list[tuple[int, int, str, datetime, int]] = []  # for the timeline

        def ideas() -> Iterator[Idea]:
            for _i in range(s.ideas):
                org = world.ekbacka.pk if rng.random() < 0.88 else world.norrvik.pk
                uid = rng.choice(self.org_units[org])
                initiator = rng.choice(self.unit_people[uid])
                state = rng.choices(states, weights)[0]
                created = self.when()
                title = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)}"
                summary = f"{rng.choice(DETAILS)} {rng.choice(DETAILS)}"
                situation = rng.choice(DETAILS)
                better = f"Det blir bättre för {rng.choice(SUBJECTS)}."
                depth = DEPTH[state]
                forum = rng.choice(self.org_forums[org]) if state != IdeaState.DRAFT else None
                org_stages = stages.get(org, [])
                stage = org_stages[min(depth // 2, len(org_stages) - 1)] if org_stages else None
                updated = created + timedelta(days=7 * depth + rng.randrange(7))
                self.idea_meta.append((org, initiator, state, created, forum or 0))
                yield Idea(
                    organisation_id=org,
                    title=title[:200],
                    summary=summary,
                    kind=rng.choice(list(Idea.Kind)),
                    challenge_id=rng.choice(challenge_ids) if rng.random() < 0.2 else None,
                    user_situation=situation,
                    better_for_whom=better,
                    asks_hours=rng.randrange(0, 200, 10),
                    asks_amount_sek=rng.randrange(0, 300_000, 5_000),
                    initiator_id=initiator,
                    unit_id=uid,
                    state=state,
                    state_before_hold=IdeaState.EXPLORING if state == IdeaState.ON_HOLD else "",
                    process_model=models_by_org.get(org),
                    stage=stage,
                    forum_id=forum,
                    next_handling_on=(updated + timedelta(days=30)).date() if forum else None,
                    feedback_due_on=(created + timedelta(days=14)).date(),
                    hours_granted=40 if depth >= 2 else 0,
                    amount_granted_sek=50_000 if depth >= 3 else 0,
                    archive_reason="Prioriterades inte i år."
                    if state == IdeaState.ARCHIVED
                    else "",
                    is_published=rng.random() < 0.05,
                    search_text=search.index_text([title, summary, situation, better]),
                    submitted_at=None if state == IdeaState.DRAFT else created,
                    created_at=created,
                    updated_at=updated,
                )

        with _explicit_times(Idea):
            self.idea_ids = _bulk(Idea, ideas())
        self._idea_rows(world)

    def _idea_rows(self, world: loader.DemoWorld) -> None:
        rng = self.rng
        partner_units = self.org_units.get(world.norrvik.pk, [])
        affected = Idea.affected_units.through

        def crossing() -> Iterator[Any]:
            for idea_id, (org, *_rest) in zip(self.idea_ids, self.idea_meta, strict=True):
                if org == world.ekbacka.pk and partner_units and rng.random() < 0.03:
                    yield affected(idea_id=idea_id, unit_id=rng.choice(partner_units))

        _bulk(affected, crossing())

        def supports() -> Iterator[Support]:
            for idea_id, (org, _initiator, state, created, _f) in zip(
                self.idea_ids, self.idea_meta, strict=True
            ):
                if state == IdeaState.DRAFT:
                    continue
                for user_id in set(rng.sample(self.org_people[org], rng.randrange(0, 7))):
                    yield Support(idea_id=idea_id, user_id=user_id, created_at=self.when(created))

        def follows() -> Iterator[Follow]:
            for idea_id, (_org, initiator, state, created, _f) in zip(
                self.idea_ids, self.idea_meta, strict=True
            ):
                if state != IdeaState.DRAFT:
                    yield Follow(idea_id=idea_id, user_id=initiator, created_at=created)

        with _explicit_times(Support, Follow):
            _bulk(Support, supports())
            _bulk(Follow, follows())

        # Decisions along the state machine's path; every decision gives feedback and events.
        decisions: list[Decision] = []
        events: list[IdeaEvent] = []
        feedback_for: list[tuple[int, int, datetime]] = []
        decision_ids: list[int] = []
        lessons: list[Lesson] = []

        def flush() -> None:
            made = Decision.objects.bulk_create(decisions)
            decision_ids.extend(d.pk for d in made)
            Feedback.objects.bulk_create(
                Feedback(
                    idea_id=d.idea_id,
                    decision_id=d.pk,
                    author_id=d.decided_by_id,
                    body=f"Beslut: {DecisionType(d.decision_type).label}. Tack för idén!",
                    created_at=at,
                )
                for d, (_i, _u, at) in zip(made, feedback_for, strict=True)
            )
            IdeaEvent.objects.bulk_create(events)
            Lesson.objects.bulk_create(lessons)
            decisions.clear()
            events.clear()
            feedback_for.clear()
            lessons.clear()

        with _explicit_times(Decision, Feedback, IdeaEvent, Lesson):
            for number, (idea_id, (org, initiator, state, created, forum)) in enumerate(
                zip(self.idea_ids, self.idea_meta, strict=True), start=1
            ):
                at = created
                events.append(
                    IdeaEvent(idea_id=idea_id, kind="created", actor_id=initiator, created_at=at)
                )
                if state == IdeaState.DRAFT:
                    continue
                at = self.when(at, 3)
                events.append(
                    IdeaEvent(idea_id=idea_id, kind="submitted", actor_id=initiator, created_at=at)
                )
                chair = forum and self.forum_mandate.get(forum)
                steps: list[tuple[Any, Any, Any]] = list(PATH[: DEPTH[IdeaState(state)]])
                if state in (IdeaState.ON_HOLD, IdeaState.ARCHIVED):
                    kind = (
                        DecisionType.ON_HOLD if state == IdeaState.ON_HOLD else DecisionType.ARCHIVE
                    )
                    steps = [(kind, IdeaState.SUBMITTED, state)]
                for n, (kind, from_state, to_state) in enumerate(steps):
                    if not chair:
                        break
                    at = self.when(at, 30)
                    decider = self.managers.get(self.forum_unit[forum])
                    decisions.append(
                        Decision(
                            idea_id=idea_id,
                            decision_type=kind,
                            mandate_id=chair,
                            forum_id=forum,
                            decided_by_id=decider or initiator,
                            decided_on=at.date(),
                            hours=40 if kind == DecisionType.GRANT_TIME else 0,
                            amount_sek=50_000 if kind == DecisionType.GRANT_MONEY else 0,
                            rationale="Idén svarar mot ett behov som användarna själva beskriver.",
                            registry_number=f"SN 2025/{number}-{n + 1}",
                            from_state=from_state,
                            to_state=to_state,
                            created_at=at,
                        )
                    )
                    feedback_for.append((idea_id, initiator, at))
                    events.append(
                        IdeaEvent(
                            idea_id=idea_id,
                            kind="decision",
                            actor_id=decider,
                            text=str(DecisionType(kind).label),
                            created_at=at,
                        )
                    )
                    events.append(
                        IdeaEvent(idea_id=idea_id, kind="feedback", actor_id=decider, created_at=at)
                    )
                if rng.random() < 0.5:
                    events.append(
                        IdeaEvent(
                            idea_id=idea_id,
                            kind="edited",
                            actor_id=initiator,
                            created_at=self.when(created, 5),
                        )
                    )
                if rng.random() < 0.6:
                    events.append(
                        IdeaEvent(
                            idea_id=idea_id,
                            kind="comment",
                            actor_id=rng.choice(self.org_people[org]),
                            text=rng.choice(DETAILS),
                            created_at=self.when(at, 10),
                        )
                    )
                if state == IdeaState.ARCHIVED:
                    lessons.append(
                        Lesson(
                            organisation_id=org,
                            idea_id=idea_id,
                            text="Förankra idén i ledningsgruppen tidigt.",
                            is_published=rng.random() < 0.3,
                            created_by_id=initiator,
                            created_at=at,
                        )
                    )
                if len(events) >= BATCH:
                    flush()
            flush()

    # ---- meetings -----------------------------------------------------------------------

    def meetings(self) -> None:
        s, rng = self.scale, self.rng
        per_forum = max(1, -(-s.meetings // len(self.forum_ids)))
        open_ideas: dict[int, list[int]] = {}
        for idea_id, (_org, _i, state, _c, forum) in zip(
            self.idea_ids, self.idea_meta, strict=True
        ):
            if forum and state not in (IdeaState.DRAFT, IdeaState.ARCHIVED):
                open_ideas.setdefault(forum, []).append(idea_id)
        with _explicit_times(MeetingSeries, Meeting, AgendaItem):
            series_ids = _bulk(
                MeetingSeries,
                (
                    MeetingSeries(
                        organisation_id=self.forum_org[f],
                        forum_id=f,
                        name=f"Möten {i + 1:04d}",
                        cadence="biweekly",
                        first_starts_at=self.start,
                        duration_minutes=90,
                        place=PLACES[i % len(PLACES)],
                        created_at=self.start,
                    )
                    for i, f in enumerate(self.forum_ids)
                ),
            )
            plan: list[tuple[int, datetime]] = []

            def meetings() -> Iterator[Meeting]:
                made = 0
                for f, series_id in zip(self.forum_ids, series_ids, strict=True):
                    for n in range(per_forum):
                        if made >= s.meetings:
                            return
                        made += 1
                        at = self.start + timedelta(days=14 * n + rng.randrange(3))
                        past = at < datetime(2026, 11, 1, tzinfo=UTC)
                        plan.append((f, at))
                        yield Meeting(
                            organisation_id=self.forum_org[f],
                            series_id=series_id,
                            forum_id=f,
                            starts_at=at,
                            ends_at=at + timedelta(minutes=90),
                            place=PLACES[n % len(PLACES)],
                            status=MeetingStatus.APPROVED if past else MeetingStatus.PLANNED,
                            closed_at=at + timedelta(hours=2) if past else None,
                            approved_at=at + timedelta(days=3) if past else None,
                            created_at=self.start,
                        )

            meeting_ids = _bulk(Meeting, meetings())

            def items() -> Iterator[AgendaItem]:
                for meeting_id, (f, at) in zip(meeting_ids, plan, strict=True):
                    candidates = open_ideas.get(f, [])
                    chosen = rng.sample(candidates, min(len(candidates), s.items_per_meeting - 1))
                    for order in range(s.items_per_meeting):
                        idea_id = chosen[order - 1] if 0 < order <= len(chosen) else None
                        yield AgendaItem(
                            meeting_id=meeting_id,
                            organisation_id=self.forum_org[f],
                            order=order,
                            title="Idéer och förslag" if idea_id is None else "Idé för beslut",
                            purpose=Purpose.DECISION if idea_id else Purpose.INFORMATION,
                            minutes=10,
                            source="idea_due" if idea_id else "standing",
                            idea_id=idea_id,
                            created_at=at - timedelta(days=7),
                        )

            _bulk(AgendaItem, items())

    # ---- audit events -------------------------------------------------------------------

    def audit(self, world: loader.DemoWorld) -> None:
        s, rng = self.scale, self.rng
        # Keys the code records (core.audit_labels has their words), on ideas.
        actions = ["idea.submit", "decision.record", "idea.update", "idea.comment", "idea.support"]

        def events() -> Iterator[AuditEvent]:
            for _ in range(s.audit_events):
                org = world.ekbacka.pk if rng.random() < 0.9 else world.norrvik.pk
                user_id = rng.choice(self.org_people[org])
                idea_id = rng.choice(self.idea_ids)
                yield AuditEvent(
                    organisation_id=org,
                    actor_id=user_id,
                    actor_label="Medarbetare",
                    action=rng.choice(actions),
                    target_type="ideas.idea",
                    target_id=str(idea_id),
                    target_label="Idé",
                    created_at=self.when(),
                )

        _bulk(AuditEvent, events())

    # ---- questionnaire answers through the real import ----------------------------------

    def answers(self, world: loader.DemoWorld) -> int:
        from vardag.surveys import importers
        from vardag.surveys import services as survey_services
        from vardag.surveys.models import Item, Questionnaire

        s, rng = self.scale, self.rng
        lead = world.users["innovation_lead"]
        questionnaire = Questionnaire.objects.get(
            organisation=world.ekbacka, kind=Questionnaire.Kind.CONDITIONS
        )
        version = questionnaire.versions.order_by("-pk").first()
        assert version is not None
        round_ = survey_services.round_create(
            actor=lead,
            version=version,
            title=f"Förutsättningar, hela kommunen ({s.name})",
            target_units=[world.units["socialforvaltningen"], world.units["skolforvaltningen"]],
        )
        survey_services.round_open(actor=lead, round_=round_)
        items = importers.importable_items(round_)
        units = list(self.org_units[world.ekbacka.pk])
        codes = dict(Unit.objects.filter(pk__in=units).values_list("pk", "code"))
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["respondent", "enhet", "roll", *[i.code for i in items]])
        unit_trait = {u: rng.gauss(3.2, 0.4) for u in units}
        for n in range(s.respondents):
            uid = units[n % len(units)]
            manager = n % 25 == 0
            trait = rng.gauss(unit_trait[uid] + (0.3 if manager else 0), 0.7)
            row = [f"R{n + 1:06d}", codes[uid], "chef" if manager else "medarbetare"]
            for item in items:
                if item.kind == Item.Kind.OPEN:
                    row.append(rng.choice(DETAILS) if rng.random() < 0.1 else "")
                    continue
                value = max(1, min(5, round(trait + rng.gauss(0, 0.7))))
                row.append(str(6 - value if item.is_reversed else value))
            writer.writerow(row)
        report = importers.import_answers(
            actor=lead, round_=round_, data=buffer.getvalue().encode(), filename="svar.csv"
        )
        if not report.is_ok:
            raise RuntimeError(f"answer import failed: {report.as_json()}")
        return report.imported

    # ---- transcripts through the real import --------------------------------------------

    def transcripts(self, world: loader.DemoWorld, study: Any = None) -> int:
        from vardag.core import privacy
        from vardag.research import selectors as research_selectors
        from vardag.research import services as research
        from vardag.research.importers import transcript_text
        from vardag.research.models import Study

        owner = world.users["researcher"]
        if study is None:
            first = Study.objects.filter(organisation=world.ekbacka).order_by("pk").first()
            assert first is not None
            study = research_selectors.access_study(owner, first.pk)
        from vardag.research.models import Excerpt

        codes = list(study.codes.values_list("pk", flat=True))
        coders = [owner.pk, world.users["designer"].pk]
        excerpts: list[Excerpt] = []
        for n in range(self.scale.transcripts):
            a = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            b = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            lines = ["WEBVTT", ""]
            for k in range(12):
                who = ("Moderator", a, b)[k % 3]
                lines += [
                    f"00:{k:02d}:00.000 --> 00:{k:02d}:30.000",
                    f"<v {who}>{self.rng.choice(DETAILS)} {self.rng.choice(DETAILS)}</v>",
                    "",
                ]
            lines.insert(5, f"<v {a}>Ring mig på 070-{n % 1000:03d} 12 34 om {b} behöver det.</v>")
            extracted = transcript_text("\n".join(lines))
            suggestions = research.suggestions_for(study, extracted.text, names=[a, b])
            accepted = tuple(
                s for s in suggestions if s.source is not privacy.Source.FIRST_NAME_LIST
            )
            source = research.source_import(
                actor=owner,
                study=study,
                draft=research.ImportDraft(
                    title=f"Samtal {n + 1:04d}",
                    text=extracted.text,
                    accepted=accepted,
                    cues=extracted.cues,
                    file_name=f"samtal-{n + 1:04d}.vtt",
                    speaker_role="employee",
                    recorded_on=date(2026, 1, 1) + timedelta(days=n % 300),
                ),
            )
            excerpts += self._coding(source, codes, coders)
            if len(excerpts) >= BATCH:
                Excerpt.objects.bulk_create(excerpts)
                excerpts.clear()
        Excerpt.objects.bulk_create(excerpts)
        return self.scale.transcripts

    def _coding(self, source: Any, codes: list[int], coders: list[int]) -> list[Any]:
        """Six coded segments per transcript by two coders, some overlapping (co-occurrence)."""
        from vardag.research.models import Excerpt

        rng, length = self.rng, len(source.text)
        made, seen = [], set()
        for _ in range(6):
            start = rng.randrange(0, max(1, length - 200))
            end = min(length, start + rng.randrange(40, 200))
            key = (rng.choice(codes), rng.choice(coders), start, end)
            if key not in seen and end > start:
                seen.add(key)
                made.append(
                    Excerpt(source=source, code_id=key[0], coder_id=key[1], start=start, end=end)
                )
        return made


def existing_world() -> loader.DemoWorld:
    """The demo municipalities as loaded earlier (units by key, personas by key)."""
    world = loader.DemoWorld(
        ekbacka=Organisation.objects.get(slug="ekbacka"),
        norrvik=Organisation.objects.get(slug="norrvik"),
    )
    keys = {key for key, *_rest in loader.EKBACKA_UNITS + loader.NORRVIK_UNITS}
    for unit in Unit.objects.filter(organisation__in=[world.ekbacka, world.norrvik]):
        if unit.code.lower() in keys:
            world.units[unit.code.lower()] = unit
    by_username = {username: key for key, username, *_rest in loader.DEMO_LOGINS}
    for user in User.objects.filter(username__in=by_username):
        world.users[by_username[user.username]] = user
    return world


def is_demo_only() -> bool:
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    return slugs == {"ekbacka", "norrvik"} and not is_seeded()


def is_seeded() -> bool:
    return Unit.objects.filter(code__startswith=SEED_CODE).exists()


def seed(scale: str, *, seed: int = 2026, log: Any = None) -> Seeded:
    """Load the demo municipalities and grow them to `scale`. Needs an empty database."""
    import time

    say = log or (lambda _m: None)
    spec = SCALES[scale]
    started = time.perf_counter()

    def step(name: str) -> None:
        say(f"{time.perf_counter() - started:7.1f} s  {name}")

    if loader.is_loaded():
        step("demo municipalities (already loaded)")
        world = existing_world()
    else:
        step("demo municipalities")
        world = loader.load()
    gen = Generator(spec, seed)
    with transaction.atomic():
        step("units and people")
        gen.units_and_people(world)
        step("forums and mandates")
        gen.forums()
        step("ideas, decisions, timeline")
        gen.ideas(world)
        step("meetings and agenda items")
        gen.meetings()
        step("audit events")
        gen.audit(world)
    step("questionnaire answers (answer import)")
    gen.answers(world)
    step("transcripts (research import)")
    gen.transcripts(world)
    step("done")
    return Seeded(counts=counts())


def counts() -> dict[str, int]:
    from vardag.research.models import Source
    from vardag.surveys.models import Answer, Response

    tables: dict[str, type[models.Model]] = {
        "organisations": Organisation,
        "units": Unit,
        "people": User,
        "forums": Forum,
        "ideas": Idea,
        "timeline events": IdeaEvent,
        "decisions": Decision,
        "supports": Support,
        "meetings": Meeting,
        "agenda items": AgendaItem,
        "questionnaire responses": Response,
        "questionnaire answers": Answer,
        "transcripts": Source,
        "audit events": AuditEvent,
    }
    return {name: model._default_manager.count() for name, model in tables.items()}


def fingerprint() -> str:
    """A digest of the generated content (not of ids or of "now"): the same seed gives the same
    digest on any database."""
    import hashlib

    from vardag.research.models import Source
    from vardag.surveys.models import Answer

    digest = hashlib.sha256()
    ideas = Idea.objects.filter(unit__code__startswith=SEED_CODE)
    rows: list[Any] = [
        ideas.order_by("created_at", "title", "state").values_list(
            "title", "state", "unit__name", "initiator__username", "created_at", "summary"
        ),
        Decision.objects.filter(idea__in=ideas)
        .order_by("registry_number")
        .values_list("idea__title", "decision_type", "decided_on", "registry_number"),
        IdeaEvent.objects.filter(idea__in=ideas)
        .order_by("kind")
        .values("kind")
        .annotate(n=models.Count("id")),
        Support.objects.filter(idea__in=ideas)
        .order_by("idea__created_at", "user__username")
        .values_list("idea__title", "user__username"),
        AgendaItem.objects.filter(meeting__forum__owner_unit__code__startswith=SEED_CODE)
        .order_by("meeting__starts_at", "meeting__forum__name", "order")
        .values_list("meeting__forum__name", "order", "title", "idea__title"),
        Answer.objects.values("item__code")
        .annotate(total=models.Sum("value"))
        .order_by("item__code"),
        Source.objects.order_by("title").values_list("title", "text"),
        AuditEvent.objects.filter(actor__username__startswith="p")
        .order_by("created_at", "action")
        .values_list("action", "actor__username", "created_at"),
    ]
    for queryset in rows:
        for row in queryset:
            digest.update(repr(row).encode())
    return digest.hexdigest()
