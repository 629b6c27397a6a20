"""Reads of ideas, challenges, process models, decisions and lessons; always scoped to the actor.

Ideas are open within their organisation (drafts only to their initiator). An idea that affects
units of a partner organisation (under an active agreement) is visible there too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.accounts.models import Membership, User
from vardag.core import search
from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.core.models import Organisation, Unit
from vardag.core.roles import MANAGER_ROLES, Role
from vardag.core.selectors import agreement_list, descendant_ids, partner_organisation_ids
from vardag.forums.models import DecisionType, Forum
from vardag.forums.selectors import UnitTree
from vardag.ideas import agenda, policy
from vardag.ideas.models import (
    Challenge,
    Consultation,
    Decision,
    Follow,
    Idea,
    IdeaAttachment,
    IdeaEvent,
    IdeaOrganisation,
    IdeaState,
    Lesson,
    ProcessModel,
    Stage,
    Support,
)
from vardag.ideas.workflow import ACTIVE_STATES

DRIVER_NONE = "none"


AffectedUnit = Idea.affected_units.through


def _visible(actor: Actor) -> Q:
    org_id = organisation_id(actor)
    own = Q(organisation_id=org_id)
    not_draft = ~Q(state=IdeaState.DRAFT)
    # Another organisation's idea that affects one of our units, only under an active agreement.
    # A subquery, not a join: no duplicate rows, so no DISTINCT over the whole table.
    partners = partner_organisation_ids(actor)
    if not partners:
        return own & (not_draft | Q(initiator_id=actor.pk))
    affecting_us = AffectedUnit.objects.filter(unit__organisation_id=org_id).values("idea_id")
    partner = Q(organisation_id__in=partners, pk__in=affecting_us)
    return (own | partner) & (not_draft | Q(initiator_id=actor.pk))


def idea_base(actor: Actor) -> QuerySet[Idea]:
    return Idea.objects.filter(_visible(actor))


def own_idea_base(actor: Actor) -> QuerySet[Idea]:
    """The ideas of the actor's own organisation that `idea_base` gives them, without reading
    the agreements first (no query): for what only ever concerns the own organisation's ideas,
    such as a disclosure's document."""
    own = Q(organisation_id=organisation_id(actor))
    return Idea.objects.filter(own & (~Q(state=IdeaState.DRAFT) | Q(initiator_id=actor.pk)))


def idea_list(actor: Actor) -> QuerySet[Idea]:
    """The ideas the actor sees: one row per idea, no per-row figures. `filters.IdeaFilterSet`
    narrows it (the list's filters are defined there, once, for the page and the API).

    Order, count and slice it in the database; then give the rows that are shown their figures
    (support count, unit, forum, stage, …) with `with_row_figures` or use `idea_page`.
    """
    return idea_base(actor)


def unit_and_below(unit: Unit, *, under: bool) -> list[int]:
    """The unit's id, with every unit below it when `under`."""
    return sorted(descendant_ids(unit)) if under else [unit.pk]


def cross_organisation_q() -> Q:
    """Ideas that span organisations: a partner organisation's part, or an affected unit of
    another organisation."""
    partner_part = IdeaOrganisation.objects.filter(idea_id=OuterRef("pk"))
    foreign_unit = AffectedUnit.objects.filter(idea_id=OuterRef("pk")).exclude(
        unit__organisation_id=OuterRef("organisation_id")
    )
    return Q(Exists(partner_part)) | Q(Exists(foreign_unit))


ESCALATING = (DecisionType.ESCALATE, DecisionType.TRANSFER)
ENDED_STATES = (IdeaState.IMPLEMENTED, IdeaState.ARCHIVED)


def organisation_choices(actor: Actor) -> QuerySet[Organisation]:
    """The actor's organisation and its partners under an active agreement: a lazy queryset
    (the partners as a subquery), so a list that only builds its filter form costs no query."""
    active = agreement_list(actor, on=timezone.localdate())
    partners = Organisation.objects.filter(agreements__in=active).values("id")
    return Organisation.objects.filter(Q(pk=organisation_id(actor)) | Q(pk__in=partners)).order_by(
        "name"
    )


def waiting_filter(qs: QuerySet[Idea], today: date | None = None) -> QuerySet[Idea]:
    """Active ideas whose next handling date has passed."""
    day = today or timezone.localdate()
    return qs.filter(state__in=ACTIVE_STATES, next_handling_on__lt=day)


def with_row_figures(ideas: Iterable[Idea], *, actor: Actor | None = None) -> list[Idea]:
    """The shown rows (a page, a board, the start page's five) with what a row displays: unit,
    forum, stage, initiator, challenge and the support count; with `actor`, also the next
    planned agenda meeting that person sees (for the list's "Nästa behandling",
    `agenda.fill_agenda_meetings`). One query, whatever the page size,
    counted only for these rows, and with `actor` one more for the agenda meetings."""
    ids = [idea.pk for idea in ideas]
    qs = (
        Idea.objects.filter(pk__in=ids)
        .select_related("unit", "forum", "stage", "initiator", "challenge")
        .annotate(support_count=Count("supports"))
    )
    rows = qs.in_bulk()
    if actor is not None:
        agenda.fill_agenda_meetings(actor, rows)
    return [rows[pk] for pk in ids if pk in rows]


def idea_page(
    ideas: QuerySet[Idea], number: Any, *, per_page: int = 25, actor: Actor | None = None
) -> Page[Idea]:
    """One page of the (narrowed) idea list, newest change first: counted and sliced in the
    database, the figures computed for the page's rows only (for `actor`: see
    `with_row_figures`)."""
    ordered = ideas.order_by("-updated_at", "-id").only("pk")
    page = Paginator(ordered, per_page).get_page(number)
    page.object_list = with_row_figures(page.object_list, actor=actor)
    return page


def overdue_filter(qs: QuerySet[Idea], today: date | None = None) -> QuerySet[Idea]:
    day = today or timezone.localdate()
    return qs.filter(state__in=ACTIVE_STATES, feedback_due_on__lt=day)


def access_idea(actor: Actor, idea_id: int) -> Idea:
    qs = (
        idea_base(actor)
        .select_related(
            "unit",
            "forum",
            "forum__owner_unit",
            "stage",
            "process_model",
            "initiator",
            "challenge",
            "organisation",
            "merged_into",
        )
        .prefetch_related(
            "affected_units__organisation",
            "team",
            Prefetch("attachments", queryset=IdeaAttachment.objects.order_by("created_at")),
        )
        .annotate(
            support_count=Count("supports", distinct=True),
            follower_count=Count("follows", distinct=True),
            is_supported=Exists(Support.objects.filter(idea=OuterRef("pk"), user_id=actor.pk)),
            is_followed=Exists(Follow.objects.filter(idea=OuterRef("pk"), user_id=actor.pk)),
        )
    )
    return get_object_or_404(qs, pk=idea_id)


def access_attachment(actor: Actor, idea_id: int, attachment_id: int) -> IdeaAttachment:
    idea = get_object_or_404(idea_base(actor), pk=idea_id)
    return get_object_or_404(IdeaAttachment.objects.filter(idea=idea), pk=attachment_id)


def idea_timeline(idea: Idea) -> QuerySet[IdeaEvent]:
    return idea.events.select_related("actor").order_by("-created_at", "-id")


def decision_list(actor: Actor, *, idea: Idea | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.filter(idea__in=idea_base(actor))
    if idea is not None:
        qs = qs.filter(idea=idea)
    return qs.select_related("mandate", "forum", "decided_by", "idea").order_by(
        "-decided_on", "-created_at"
    )


# The rules of who may do what live in vardag.ideas.policy (one rule per action).
can_edit_idea = policy.can_edit
is_initiator_or_team = policy.is_initiator_or_team


def responsible_managers(idea: Idea) -> list[Any]:
    """Managers of the idea's home unit, or of the nearest unit above it that has one."""
    return unit_managers(idea.organisation_id, idea.unit_id)


def partner_managers(idea: Idea, organisation_ids: set[int] | None = None) -> list[Any]:
    """Managers of the idea's affected units in partner organisations (nearest above each), who
    name their organisation's co-owner and forum. Optionally only for `organisation_ids`."""
    people: dict[int, Any] = {}
    for unit in idea.affected_units.all():
        if unit.organisation_id == idea.organisation_id:
            continue
        if organisation_ids is not None and unit.organisation_id not in organisation_ids:
            continue
        for person in unit_managers(unit.organisation_id, unit.pk):
            people[person.pk] = person
    return list(people.values())


def unit_managers(organisation_id_: int, unit_id: int) -> list[Any]:
    """Managers of a unit, or of the nearest unit above it that has one."""
    tree = UnitTree([organisation_id_])
    chain = tree.ancestors(unit_id)
    today = timezone.localdate()
    rows = (
        Membership.objects.filter(unit_id__in=chain, role__in=MANAGER_ROLES, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user")
    )
    by_unit: dict[int, list[Any]] = {}
    for m in rows:
        by_unit.setdefault(m.unit_id, []).append(m.user)
    for unit_id in chain:
        if unit_id in by_unit:
            return by_unit[unit_id]
    return []


def similar_ideas(
    actor: Actor, text: str, *, exclude: int | None = None, limit: int = 5
) -> list[dict[str, Any]]:
    """Ideas whose words overlap with `text` (stems, so inflected forms meet)."""
    wanted = set(search.stems(text))
    if not wanted:
        return []
    qs = idea_base(actor).exclude(state=IdeaState.DRAFT)
    if exclude:
        qs = qs.exclude(pk=exclude)
    scored = []
    for pk, title, state, text_index in qs.values_list("pk", "title", "state", "search_text"):
        score = search.similarity(wanted, set(text_index.split()))
        if score >= 0.15:
            scored.append((score, pk, title, state))
    scored.sort(reverse=True)
    labels = dict(IdeaState.choices)
    return [
        {"id": pk, "title": title, "state": state, "state_label": labels[state], "score": score}
        for score, pk, title, state in scored[:limit]
    ]


def challenge_list(actor: Actor, *, query: str = "") -> QuerySet[Challenge]:
    qs = Challenge.objects.filter(organisation_id=organisation_id(actor))
    if query:
        qs = qs.filter(question__icontains=query)
    return (
        qs.select_related("owner_unit")
        .annotate(idea_count=Count("ideas", filter=~Q(ideas__state=IdeaState.DRAFT)))
        .order_by("-created_at", "-id")
    )


def access_challenge(actor: Actor, challenge_id: int) -> Challenge:
    return get_object_or_404(challenge_list(actor), pk=challenge_id)


def process_model_list(actor: Actor) -> QuerySet[ProcessModel]:
    return (
        ProcessModel.objects.filter(organisation_id=organisation_id(actor))
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("order")))
        .order_by("-is_default", "name")
    )


def access_process_model(actor: Actor, model_id: int) -> ProcessModel:
    return get_object_or_404(process_model_list(actor), pk=model_id)


def access_stage(actor: Actor, stage_id: int) -> Stage:
    return get_object_or_404(
        Stage.objects.filter(process_model__organisation_id=organisation_id(actor)).select_related(
            "process_model"
        ),
        pk=stage_id,
    )


def default_process_model(organisation_id_: int) -> ProcessModel | None:
    return ProcessModel.objects.filter(organisation_id=organisation_id_, is_default=True).first()


def lesson_list(actor: Actor) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(organisation_id=organisation_id(actor))
        .select_related("idea", "created_by")
        .order_by("-created_at", "-id")
    )


def portfolio(slug: str) -> tuple[Organisation, QuerySet[Idea], QuerySet[Lesson]]:
    """The open portfolio: published ideas and lessons; no sign-in needed."""
    org = get_object_or_404(Organisation, slug=slug)
    ideas = (
        Idea.objects.filter(organisation=org, is_published=True)
        .exclude(state=IdeaState.DRAFT)
        .select_related("unit", "stage")
        .order_by("state", "title")
    )
    lessons = (
        Lesson.objects.filter(organisation=org, is_published=True)
        .select_related("idea")
        .order_by("-created_at")
    )
    return org, ideas, lessons


def stage_list(actor: Actor) -> QuerySet[Stage]:
    return (
        Stage.objects.filter(process_model__organisation_id=organisation_id(actor))
        .select_related("process_model")
        .order_by("-process_model__is_default", "process_model__name", "order")
    )


BOARD_LIMIT = 500


def board_by_stage(actor: Actor, ideas: QuerySet[Idea]) -> list[tuple[str, str, list[Idea]]]:
    """Columns of the kanban board by work stage of the default process model."""
    model = default_process_model(organisation_id(actor))
    if model is None:
        return []
    shown = with_row_figures(
        ideas.filter(process_model=model)
        .exclude(state__in=[IdeaState.DRAFT, IdeaState.ARCHIVED])
        .order_by("title", "id")
        .only("pk")[:BOARD_LIMIT]
    )
    return [
        (str(stage.pk), stage.label, [i for i in shown if i.stage_id == stage.pk])
        for stage in model.stages.order_by("order")
    ]


def board(ideas: QuerySet[Idea]) -> list[tuple[str, str, list[Idea]]]:
    """Columns of the kanban board by state (drafts and archived left out)."""
    shown = with_row_figures(
        ideas.exclude(state__in=[IdeaState.DRAFT, IdeaState.ARCHIVED])
        .order_by("title", "id")
        .only("pk")[:BOARD_LIMIT]
    )
    columns = []
    for code, label in IdeaState.choices:
        if code in (IdeaState.DRAFT, IdeaState.ARCHIVED):
            continue
        columns.append((code, str(label), [i for i in shown if i.state == code]))
    return columns


# --- Ideas that span organisations (DOMAIN.md F4) -----------------------------------------------


@dataclass
class OrganisationPart:
    """One affected organisation's part in an idea: who owns it there and where it is handled."""

    organisation: Organisation
    is_own: bool
    co_owner: Any | None
    forum: Forum | None
    next_handling_on: date | None
    consultations: list[Consultation]
    has_decision: bool

    @property
    def is_heard(self) -> bool:
        """Consulted (a statement) or decided on: the G2 guard's "every organisation"."""
        return self.is_own or self.has_decision or bool(self.consultations)

    @property
    def latest_consultation(self) -> Consultation | None:
        return self.consultations[-1] if self.consultations else None


def affected_organisations(idea: Idea) -> list[Organisation]:
    """Organisations other than the idea's own that its affected units belong to (by name).

    Uses the prefetched `affected_units__organisation` of access_idea when present.
    """
    found = {
        u.organisation_id: u.organisation
        for u in idea.affected_units.all()
        if u.organisation_id != idea.organisation_id
    }
    return sorted(found.values(), key=lambda o: o.name)


def crosses_organisations(idea: Idea) -> bool:
    return bool(affected_organisations(idea))


def organisation_parts(idea: Idea) -> list[OrganisationPart]:
    """The idea's own organisation first, then every affected partner organisation.

    Empty when the idea stays inside its organisation. Three queries, however many organisations.
    """
    partners = affected_organisations(idea)
    if not partners:
        return []
    rows = {
        row.organisation_id: row
        for row in IdeaOrganisation.objects.filter(idea=idea).select_related(
            "co_owner", "forum", "forum__organisation"
        )
    }
    consultations: dict[int, list[Consultation]] = {}
    for c in (
        Consultation.objects.filter(idea=idea)
        .select_related("recorded_by", "forum", "organisation")
        .order_by("recorded_on", "created_at", "id")
    ):
        consultations.setdefault(c.organisation_id, []).append(c)
    decided = set(
        Decision.objects.filter(idea=idea).values_list("mandate__organisation_id", flat=True)
    )
    parts = [
        OrganisationPart(
            organisation=idea.organisation,
            is_own=True,
            co_owner=idea.initiator,
            forum=idea.forum,
            next_handling_on=idea.next_handling_on,
            consultations=consultations.get(idea.organisation_id, []),
            has_decision=idea.organisation_id in decided,
        )
    ]
    for org in partners:
        row = rows.get(org.pk)
        parts.append(
            OrganisationPart(
                organisation=org,
                is_own=False,
                co_owner=row.co_owner if row else None,
                forum=row.forum if row else None,
                next_handling_on=row.next_handling_on if row else None,
                consultations=consultations.get(org.pk, []),
                has_decision=org.pk in decided,
            )
        )
    return parts


def organisations_not_heard(parts: list[OrganisationPart]) -> list[Organisation]:
    return [p.organisation for p in parts if not p.is_heard]


def organisations_without_co_owner(parts: list[OrganisationPart]) -> list[Organisation]:
    return [p.organisation for p in parts if not p.is_own and p.co_owner is None]


def can_act_for_organisation(actor: Actor, idea: Idea, parts: list[OrganisationPart]) -> bool:
    """A manager, organisation admin or the named co-owner of an affected partner organisation
    may name its co-owner and forum and record its statement (yttrande)."""
    part = next(
        (p for p in parts if not p.is_own and p.organisation.pk == actor.organisation_id), None
    )
    if part is None:
        return False
    is_co_owner = part.co_owner is not None and part.co_owner.pk == actor.pk
    return is_co_owner or actor.is_manager or actor.is_org_admin


def co_owner_candidates(actor: Actor) -> QuerySet[Any]:
    """People of the actor's own organisation who can be named co-owner."""
    return User.objects.filter(organisation_id=organisation_id(actor), is_active=True).order_by(
        "first_name", "last_name"
    )


def consultation_list(idea: Idea) -> QuerySet[Consultation]:
    """Statements on an idea the caller already has through access_idea."""
    return Consultation.objects.filter(idea=idea).order_by("recorded_on", "created_at", "id")


# --- Choosing people and units (the same lists for the pages and the API) ------------------------


def team_candidates(idea: Idea) -> QuerySet[Any]:
    """Who can be named to an idea's team: active people of the idea's organisation, with their
    current units and roles (to tell people with the same name apart)."""
    today = timezone.localdate()
    current = (
        Membership.objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("unit")
        .order_by("unit__name", "id")
    )
    return (
        User.objects.filter(organisation_id=idea.organisation_id, is_active=True)
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("first_name", "last_name", "id")
    )


@dataclass
class TeamChoice:
    person: Any
    label: str
    is_checked: bool


@dataclass
class TeamGroup:
    unit: str
    choices: list[TeamChoice]
    is_open: bool


def group_by_unit(people: list[Any], *, first_unit_id: int, checked: set[str]) -> list[TeamGroup]:
    """People grouped under their unit (the idea's home unit first, then by name), each once,
    labelled with their role; the same name twice also shows the e-mail address."""
    names: dict[str, int] = {}
    for person in people:
        names[str(person)] = names.get(str(person), 0) + 1
    groups: dict[int | None, tuple[str, list[TeamChoice]]] = {}
    for person in people:
        memberships = getattr(person, "current_memberships", [])
        here = next((m for m in memberships if m.unit_id == first_unit_id), None)
        membership = here or (memberships[0] if memberships else None)
        label = str(person)
        if membership is not None:
            label = f"{label}, {Role(membership.role).label}" if membership.role else label
        if names[str(person)] > 1 and person.email:
            label = f"{label} ({person.email})"
        key = membership.unit_id if membership else None
        unit_name = str(membership.unit) if membership else _("Utan enhet")
        groups.setdefault(key, (unit_name, []))[1].append(
            TeamChoice(person, label, str(person.pk) in checked)
        )
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] != first_unit_id, kv[1][0]))
    return [
        TeamGroup(
            unit=name,
            choices=choices,
            is_open=key == first_unit_id or any(c.is_checked for c in choices),
        )
        for key, (name, choices) in ordered
    ]


def affected_unit_choices(actor: Actor) -> QuerySet[Unit]:
    """Units an idea may affect: open units of the actor's organisation and of partner
    organisations under an active agreement."""
    orgs = {organisation_id(actor)} | partner_organisation_ids(actor)
    return (
        Unit.objects.filter(organisation_id__in=orgs, closed_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
