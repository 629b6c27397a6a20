"""Reads of the surveys app, always scoped to the actor's organisation."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.roles import INNOVATION_ROLES, MANAGER_ROLES, Role
from vardag.surveys.analysis import (
    DimensionSpec,
    RoundResults,
    _estimate,
    dimension_specs,
    load_frame,
    restrict,
    round_chain,
    round_results,
    round_suppression,
    scope_visibility,
    scores,
    unit_parents,
    unit_role_suppression,
)
from vardag.surveys.models import Invitation, Questionnaire, Response, Round, Version, token_hash

WIDE_ROLES = (Role.ADMIN, Role.RESEARCHER, Role.ADMINISTRATION_HEAD, *INNOVATION_ROLES)


def has_wide_access(user: Any) -> bool:
    """Roles that see results of every unit (and the whole organisation)."""
    return bool(user.has_role(*WIDE_ROLES))


def can_manage(user: Any) -> bool:
    return bool(user.has_role(Role.ADMIN, *INNOVATION_ROLES))


def questionnaire_list(actor: Actor) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(organisation_id=organisation_id(actor)).annotate(
        version_count=Count("versions")
    )


def access_questionnaire(actor: Actor, questionnaire_id: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.filter(organisation_id=organisation_id(actor)), pk=questionnaire_id
    )


def current_version(questionnaire: Questionnaire) -> Version:
    return questionnaire.versions.order_by("-number").first()  # type: ignore[return-value]  # created with version 1 (builder)


def version_contents(version: Version) -> Version:
    """A version with sections, items and dimensions loaded in three queries."""
    return (
        Version.objects.select_related("questionnaire")
        .prefetch_related("sections__items__dimension", "dimensions__items")
        .get(pk=version.pk)
    )


def round_list(actor: Actor) -> QuerySet[Round]:
    return (
        Round.objects.filter(organisation_id=organisation_id(actor))
        .select_related("version__questionnaire")
        .annotate(submitted=Count("responses", filter=Q(responses__submitted_on__isnull=False)))
    )


def access_round(actor: Actor, round_id: int) -> Round:
    return get_object_or_404(
        Round.objects.filter(organisation_id=organisation_id(actor)).select_related(
            "version__questionnaire", "organisation", "previous"
        ),
        pk=round_id,
    )


def subtree_ids(units: list[Unit], root_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.pk)
    found, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def org_units(round_: Round) -> list[Unit]:
    return list(Unit.objects.filter(organisation_id=round_.organisation_id))


def can_view_results(user: Any, round_: Round) -> bool:
    return bool(user.has_role(*WIDE_ROLES) or user.has_role(*MANAGER_ROLES))


def can_open_round(user: Any, round_: Round) -> bool:
    """Whether the round page opens for this person (it shows response rates by unit): those who
    manage questionnaires and those who may read its results. The round list links a round only
    for them (the demo walk found employees offered a link that answered 403)."""
    return bool(can_manage(user) or can_view_results(user, round_))


def can_view_unit(user: Any, round_: Round, unit: Unit, units: list[Unit]) -> bool:
    if user.has_role(*WIDE_ROLES):
        return True
    managed = user.unit_ids_with_role(*MANAGER_ROLES)
    return any(unit.pk in subtree_ids(units, root) for root in managed)


def viewable_unit_ids(user: Any, units: list[Unit]) -> set[int]:
    if user.has_role(*WIDE_ROLES):
        return {u.pk for u in units}
    ids: set[int] = set()
    for root in user.unit_ids_with_role(*MANAGER_ROLES):
        ids |= subtree_ids(units, root)
    return ids


def results_for(actor: Actor, round_: Round, unit_id: int | None = None) -> RoundResults:
    """The results one person may see, as the results page, its PDF and XLSX and the API show
    them: the whole round (wide roles) or one unit's subtree (its manager), with the units table,
    the manager/employee gaps and the comparison of units limited to the units they may see.
    Refuses (PermissionDenied) what the person may not see."""
    require(can_view_results(actor, round_))
    units = org_units(round_)
    viewable = viewable_unit_ids(actor, units)
    scope: set[int] | None = None
    if unit_id is None:
        require(has_wide_access(actor))
    else:
        require(unit_id in viewable)
        scope = subtree_ids(units, unit_id)
    return round_results(round_, unit_ids=scope, heat_unit_ids=viewable & (scope or viewable))


@dataclass(frozen=True)
class UnitRate:
    unit: Unit
    invited: int | None
    answered: int | None
    rate: float | None
    is_suppressed: bool


def response_rates(round_: Round) -> tuple[list[UnitRate], int | None, int | None]:
    """Response rate per unit; units hidden by the round's suppression show no answers.

    Counts come from invitations (is_used) and imported/open responses, never from people. The
    answered counts are the row totals of the round's unit × role table, so they hide exactly
    what the results pages hide (`analysis.round_suppression`); the total counts every submitted
    response, with or without a unit.
    """
    invited = dict(
        Invitation.objects.filter(round=round_).values_list("unit").annotate(n=Count("id"))
    )
    answered = dict(
        Response.objects.filter(round=round_, submitted_on__isnull=False, unit__isnull=False)
        .values_list("unit")
        .annotate(n=Count("id"))
    )
    table = round_suppression(round_)
    threshold = round_.organisation.suppression_threshold
    unit_ids = sorted(set(invited) | set(answered))
    units = Unit.objects.in_bulk(unit_ids)
    rows = []
    hidden_invited = hidden_answered = 0
    is_small_unit_hidden = False
    for uid in unit_ids:
        n_inv, n_ans = invited.get(uid, 0), answered.get(uid, 0)
        # A unit with fewer invited than the threshold is a small group even when nobody has
        # answered: "1 invited, 0 answers" tells everyone that a named manager did not answer.
        is_small = 0 < n_inv < threshold
        if is_small or not table.is_row_visible(uid):
            rows.append(UnitRate(units[uid], n_inv, None, None, True))
            hidden_invited += n_inv
            hidden_answered += n_ans
            is_small_unit_hidden |= is_small
        else:
            rate = n_ans / n_inv if n_inv else None
            rows.append(UnitRate(units[uid], n_inv, n_ans, rate, False))
    rows.sort(key=lambda r: r.unit.name)
    submitted = Response.objects.filter(round=round_, submitted_on__isnull=False).count()
    hidden_units = sum(1 for r in rows if r.is_suppressed)
    # The total minus the shown units gives the hidden units' sum back: keep it out where that
    # sum names people (one hidden unit, or all or none of the hidden units' invited answered).
    gives_hidden_away = is_small_unit_hidden and (
        hidden_units < 2 or hidden_answered in (0, hidden_invited)
    )
    total_answered = None if table.is_total_hidden or gives_hidden_away else submitted
    return rows, sum(invited.values()), total_answered


@dataclass(frozen=True)
class TokenTarget:
    round: Round
    invitation: Invitation | None
    response: Response | None


def token_target(token: str) -> TokenTarget | None:
    """What an answering link points to: an invitation (and its draft) or an open response."""
    invitation = (
        Invitation.objects.select_related("round__organisation", "round__version")
        .filter(token_hash=token_hash(token, "invitation"))
        .first()
    )
    response = (
        Response.objects.select_related("round__organisation", "round__version")
        .filter(draft_key=token_hash(token, "response"))
        .first()
    )
    if invitation is not None:
        return TokenTarget(invitation.round, invitation, response)
    if response is not None:
        return TokenTarget(response.round, None, response)
    return None


def open_round(open_token: str) -> Round | None:
    if not open_token:
        return None
    return (
        Round.objects.select_related("organisation")
        .filter(open_token=open_token, is_open_link=True)
        .first()
    )


def result_dimension_url(round_id: int, code: str, unit_id: int | None = None) -> str:
    """The stable address of one dimension's result (for challenges and actions to link back)."""
    from django.urls import reverse

    url = reverse("surveys:result_dimension", kwargs={"round_id": round_id, "code": code})
    return f"{url}?enhet={unit_id}" if unit_id else url


# ---- for the overview (vardag.dashboards, issue 17) --------------------------------------------


@dataclass(frozen=True)
class SubtreeIndex:
    """One unit's subtree in a round: respondents and mean per dimension code; None where the
    round's two-way suppression (or too few answers) hides it. n is 0 when nobody there answered."""

    n: int | None
    means: dict[str, float | None]


def latest_round_chain(organisation_id_: int, *, limit: int = 3) -> list[Round]:
    """The organisation's latest closed round and the rounds it compares with (oldest first)."""
    latest = (
        Round.objects.filter(organisation_id=organisation_id_, status=Round.Status.CLOSED)
        .select_related("version", "organisation")
        .order_by("-closed_at", "-created_at", "-id")
        .first()
    )
    return round_chain(latest, limit=limit) if latest else []


def subtree_condition_index(
    round_: Round, roots: Collection[int | None]
) -> tuple[list[DimensionSpec], dict[int | None, SubtreeIndex]]:
    """The conditions index per dimension for each root unit's subtree (None: the whole
    organisation), suppressed by the same unit × role table as the results pages (so nothing
    here can be subtracted from them). One load of the round whatever the number of units."""
    threshold = round_.organisation.suppression_threshold
    parents = unit_parents(round_.organisation_id)
    units = [Unit(pk=uid, parent_id=parent) for uid, parent in parents.items()]
    full = load_frame(round_)
    specs = dimension_specs(round_)
    table = unit_role_suppression(full, threshold, parents)
    dim_scores = scores(full, specs)
    out: dict[int | None, SubtreeIndex] = {}
    for root in roots:
        ids = subtree_ids(units, root) if root is not None else None
        frame = restrict(full, ids)
        if not len(frame):
            out[root] = SubtreeIndex(0, {})
            continue
        is_shown, _roles = scope_visibility(table, full, ids)
        if not is_shown or len(frame) < threshold:
            out[root] = SubtreeIndex(None, {})
            continue
        means: dict[str, float | None] = {}
        for spec in specs:
            estimate = _estimate(dim_scores.loc[frame.index, spec.code], threshold)
            means[spec.code] = estimate.mean if estimate else None
        out[root] = SubtreeIndex(len(frame), means)
    return specs, out
