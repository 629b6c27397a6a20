""" "Vart går jag med min idé?": who has the mandate for an idea's next step, and what it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardag.accounts.models import Membership
from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.core.models import Organisation
from vardag.core.roles import Role
from vardag.forums.models import DecisionType, Forum, ForumType, Mandate, MandateScope
from vardag.forums.selectors import MandateRequest, UnitTree, mandate_covers_scope, mandate_list

DOCUMENTATION: dict[str, list[Any]] = {
    DecisionType.REGISTER: [
        _("Rubrik och sammanfattning."),
        _("Användarens situation och vad som blir bättre, och för vem (utifrån och in)."),
    ],
    DecisionType.GRANT_TIME: [
        _("Hur många timmar som behövs och vilka som ingår i idéteamet."),
        _("Vilka enheter som berörs."),
    ],
    DecisionType.GRANT_MONEY: [
        _("Minst en målgrupp och insikter med användarnas egna ord."),
        _("En värdebedömning med lagrum."),
        _("Lundys checklista när användarna är barn."),
        _("Att varje berörd organisation har fått yttra sig."),
        _("Budget i kronor."),
    ],
    DecisionType.START_PILOT: [
        _("Effektmål med nollvärden, testgrupp, period och budget."),
    ],
    DecisionType.EVALUATE: [_("Mätningar mot effektmålen.")],
    DecisionType.SCALE_UP: [
        _("Uppdaterad värdebedömning, med risker för värdeförstöring."),
        _("Införandeplan: mottagande enhet, linjeansvarig, driftbudget och ändrade rutiner."),
    ],
    DecisionType.IMPLEMENTED: [_("Utfall mot effektmålen vid uppföljningen.")],
    DecisionType.RESUME: [_("Varför idén kan tas upp igen nu.")],
}

SCOPE_ORDER: dict[str, int] = {
    MandateScope.UNIT: 0,
    MandateScope.SUBTREE: 1,
    MandateScope.ORGANISATION: 2,
    MandateScope.CROSS_ORGANISATION: 3,
}
UPWARD_TYPES = (
    ForumType.MANAGEMENT_TEAM,
    ForumType.PRINCIPALS_GROUP,
    ForumType.ADMINISTRATION_MANAGEMENT,
    ForumType.COMMITTEE,
)


# A higher app that knows the forums' meetings (vardag.meetings) may register a function
# forum -> start of its next meeting, so the guide can name the next meeting. Ideas cannot
# import meetings (layers), so meetings contributes it, as with the navigation registry.
NextMeeting = Callable[[Forum], "date | datetime | None"]
_next_meeting_providers: list[NextMeeting] = []


def register_next_meeting(provider: NextMeeting) -> None:
    if provider not in _next_meeting_providers:
        _next_meeting_providers.append(provider)


def next_meeting(forum: Forum) -> date | datetime | None:
    for provider in _next_meeting_providers:
        found = provider(forum)
        if found is not None:
            return found
    return None


@dataclass
class Route:
    mandate: Mandate
    forum: Forum | None
    holder: str
    people: list[str] = field(default_factory=list)
    next_meeting: date | datetime | None = None


@dataclass
class OrganisationForum:
    """Where a cross-organisation idea is handled in one of its organisations."""

    organisation: Organisation
    is_own: bool
    forum: Forum | None
    co_owner: Any | None
    next_handling_on: date | None
    suggested: list[Forum] = field(default_factory=list)


@dataclass
class GuideAnswer:
    decision_type: str
    decision_label: str
    routes: list[Route]
    documentation: list[Any]
    upward_forum: Forum | None = None
    next_handling_on: date | None = None
    organisations: list[OrganisationForum] = field(default_factory=list)

    @property
    def is_covered(self) -> bool:
        return bool(self.routes)


def _rank(mandate: Mandate) -> tuple[int, int, int, str]:
    return (
        SCOPE_ORDER.get(mandate.scope, 9),
        mandate.max_amount_sek if mandate.max_amount_sek is not None else 10**12,
        mandate.max_hours if mandate.max_hours is not None else 10**9,
        mandate.title,
    )


def _people_with_role(role: str, unit_ids: list[int]) -> list[str]:
    today = timezone.localdate()
    rows = (
        Membership.objects.filter(role=role, unit_id__in=unit_ids, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user", "unit")
    )
    order = {u: i for i, u in enumerate(unit_ids)}
    ranked = sorted(rows, key=lambda m: order.get(m.unit_id, 99))
    if not ranked:
        return []
    nearest = ranked[0].unit_id
    return [f"{m.user}, {m.unit}" for m in ranked if m.unit_id == nearest]


def _common_chain(tree: UnitTree, unit_ids: list[int]) -> list[int]:
    chains = [tree.ancestors(u) for u in unit_ids if u in tree.parent]
    if not chains:
        return []
    shared = set(chains[0]).intersection(*map(set, chains[1:]))
    return [u for u in chains[0] if u in shared]


def route(
    actor: Actor,
    *,
    unit_ids: list[int],
    hours: int = 0,
    amount_sek: int = 0,
    crosses_organisations: bool = False,
    decision_type: str = DecisionType.REGISTER,
    next_handling_on: date | None = None,
) -> GuideAnswer:
    org_id = organisation_id(actor)
    tree = UnitTree([org_id])
    # Only the gate that grants time weighs hours, and only money gates weigh the amount.
    if decision_type != DecisionType.GRANT_TIME:
        hours = 0
    if decision_type not in (DecisionType.GRANT_MONEY, DecisionType.SCALE_UP):
        amount_sek = 0
    request = MandateRequest(
        decision_type=decision_type,
        unit_ids=frozenset(unit_ids),
        amount_sek=amount_sek,
        hours=hours,
        crosses_organisations=crosses_organisations,
    )
    mandates = mandate_list(actor, decision_type=decision_type, on=timezone.localdate())
    covering = sorted((m for m in mandates if mandate_covers_scope(m, request, tree)), key=_rank)
    chain = _common_chain(tree, unit_ids)
    routes = []
    for mandate in covering:
        if mandate.holder_forum_id is not None:
            forum = mandate.holder_forum
            routes.append(
                Route(mandate, forum, str(forum), next_meeting=next_meeting(forum))  # type: ignore[arg-type]  # holder_forum_id is set
            )
            continue
        units = [mandate.holder_unit_id] if mandate.holder_unit_id else chain
        people = _people_with_role(mandate.holder_role, [u for u in units if u])
        if mandate.holder_unit_id is None and not people:
            continue  # nobody holds that role above these units
        routes.append(Route(mandate, None, str(Role(mandate.holder_role).label), people))
        if len(routes) == 3:
            break
    routes = routes[:3]
    upward: Forum | None = None
    if not routes:
        candidates = (
            Forum.objects.filter(
                organisation_id=org_id, owner_unit_id__in=chain, type__in=UPWARD_TYPES
            )
            .select_related("owner_unit")
            .order_by("name")
        )
        by_unit = {f.owner_unit_id: f for f in candidates}
        # Nearest forum above the idea, from the units' common ancestor upwards.
        upward = next((by_unit[u] for u in chain[1:] + chain[:1] if u in by_unit), None)
    return GuideAnswer(
        decision_type=decision_type,
        decision_label=str(DecisionType(decision_type).label),
        routes=routes,
        documentation=DOCUMENTATION.get(decision_type, []),
        upward_forum=upward,
        next_handling_on=next_handling_on,
    )


def organisation_forums(idea: Any, parts: list[Any], decision_type: str) -> list[OrganisationForum]:
    """The current forum per organisation of a cross-organisation idea (DOMAIN.md: one per
    organisation). For each partner, the forums of that organisation whose mandates cover the
    step for its own affected units (shown while it has not named its forum). Two queries."""
    if not parts:
        return []
    partner_ids = [p.organisation.pk for p in parts if not p.is_own]
    tree = UnitTree(partner_ids)
    mandates = list(
        Mandate.objects.filter(organisation_id__in=partner_ids, holder_forum__isnull=False)
        .filter(valid_from__lte=timezone.localdate())
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        .select_related("holder_forum", "holder_forum__owner_unit")
    )
    answer = []
    for part in parts:
        suggested: list[Forum] = []
        if not part.is_own:
            units = frozenset(
                u.pk for u in idea.affected_units.all() if u.organisation_id == part.organisation.pk
            )
            request = MandateRequest(decision_type=decision_type, unit_ids=units)
            for mandate in sorted(mandates, key=_rank):
                forum = mandate.holder_forum
                if (
                    mandate.organisation_id == part.organisation.pk
                    and forum not in suggested
                    and mandate_covers_scope(mandate, request, tree)
                ):
                    suggested.append(forum)  # type: ignore[arg-type]  # holder_forum_id is set
        answer.append(
            OrganisationForum(
                organisation=part.organisation,
                is_own=part.is_own,
                forum=part.forum,
                co_owner=part.co_owner,
                next_handling_on=part.next_handling_on,
                suggested=suggested[:3],
            )
        )
    return answer
