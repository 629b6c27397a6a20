"""Reads of forums and mandates, scoped to the actor's organisation.

A forum is visible to its own organisation, and to organisations that have one of their units
as a partner unit (joint forums under a collaboration agreement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.selectors import agreement_list
from vardag.forums.models import (
    DecisionType,
    Forum,
    ForumMembership,
    ForumType,
    Mandate,
    MandateScope,
)


def forum_list(
    actor: Actor,
    *,
    type: str = "",
    include_closed: bool = False,
    unit_id: int | None = None,
) -> QuerySet[Forum]:
    org_id = organisation_id(actor)
    # A joint forum of another organisation is open to ours only while an agreement between
    # the two is active (vardag.core.selectors.partner_organisation_ids, as one subquery).
    active = agreement_list(actor, on=timezone.localdate()).filter(
        parties__id=OuterRef("organisation_id")
    )
    qs = (
        Forum.objects.annotate(agreed=Exists(active))
        .filter(Q(organisation_id=org_id) | Q(partner_units__organisation_id=org_id, agreed=True))
        .distinct()
    )
    if type:
        qs = qs.filter(type=type)
    if unit_id:
        qs = qs.filter(owner_unit_id=unit_id)
    if not include_closed:
        qs = qs.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=timezone.localdate()))
    return (
        qs.select_related("owner_unit", "organisation")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def access_forum(actor: Actor, forum_id: int) -> Forum:
    qs = forum_list(actor, include_closed=True).prefetch_related(
        Prefetch(
            "memberships",
            queryset=ForumMembership.objects.select_related("user").order_by("role", "user"),
        ),
        "partner_units",
    )
    return get_object_or_404(qs, pk=forum_id)


def forums_of_user(user: Any) -> QuerySet[Forum]:
    """Forums where the person is a member (chair, secretary or member)."""
    return forum_list(user).filter(memberships__user=user)


def can_manage_forum(actor: Actor, forum: Forum) -> bool:
    """Organisation admins, the forum's chair, and managers of its owner unit."""
    if forum.organisation_id != getattr(actor, "organisation_id", None):
        return False
    if actor.is_org_admin:
        return True
    if forum.memberships.filter(user=actor, role=ForumMembership.Role.CHAIR).exists():
        return True
    return actor.is_manager and forum.owner_unit_id in actor.unit_ids


def can_manage_mandates(actor: Actor) -> bool:
    """The mandate register is kept by the organisation's admins (from the delegation order)."""
    return bool(getattr(actor, "is_org_admin", False))


def mandate_list(
    actor: Actor,
    *,
    decision_type: str = "",
    on: date | None = None,
    forum_id: int | None = None,
) -> QuerySet[Mandate]:
    org_id = organisation_id(actor)
    qs = Mandate.objects.filter(organisation_id=org_id)
    if on is not None:
        qs = qs.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    if forum_id:
        qs = qs.filter(holder_forum_id=forum_id)
    qs = qs.select_related("holder_forum", "holder_unit", "report_to").order_by("title")
    if decision_type:
        # JSON containment is not portable to SQLite: filter the (small) register in Python
        # but keep a queryset interface for callers.
        ids = [m.pk for m in qs if decision_type in m.decision_types]
        qs = qs.filter(pk__in=ids)
    return qs


def access_mandate(actor: Actor, mandate_id: int) -> Mandate:
    return get_object_or_404(mandate_list(actor), pk=mandate_id)


# --- Unit tree helpers -------------------------------------------------------------------------


class UnitTree:
    """Parent links of one or more organisations, loaded in one query."""

    def __init__(self, organisation_ids: Iterable[int]):
        self.parent: dict[int, int | None] = dict(
            Unit.objects.filter(organisation_id__in=set(organisation_ids)).values_list(
                "id", "parent_id"
            )
        )

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit itself and every unit above it, nearest first."""
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent.get(current)
        return chain

    def is_within(self, unit_id: int, root_id: int) -> bool:
        return root_id in self.ancestors(unit_id)


# --- Mandate check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MandateRequest:
    """What a decision asks for, as a mandate sees it."""

    decision_type: str
    unit_ids: frozenset[int]
    amount_sek: int = 0
    hours: int = 0
    crosses_organisations: bool = False
    on: date | None = None


def _holds(actor: Actor, mandate: Mandate, member_forum_ids: set[int]) -> list[int] | None:
    """The unit(s) from which the actor holds this mandate, or None when they do not hold it."""
    if mandate.holder_forum_id is not None:
        if mandate.holder_forum_id not in member_forum_ids:
            return None
        return [mandate.holder_forum.owner_unit_id]  # type: ignore[union-attr]  # holder_forum_id is set, so holder_forum is a Forum
    units = actor.unit_ids_with_role(mandate.holder_role)
    if mandate.holder_unit_id is not None:
        return [mandate.holder_unit_id] if mandate.holder_unit_id in units else None
    return sorted(units) or None


def mandate_refusal_reasons(
    actor: Actor,
    mandate: Mandate,
    request: MandateRequest,
    *,
    tree: UnitTree | None = None,
    member_forum_ids: set[int] | None = None,
) -> list[str]:
    """Why this mandate does not cover this decision by this person; empty when it does."""
    reasons: list[str] = []
    day = request.on or timezone.localdate()
    if mandate.organisation_id != getattr(actor, "organisation_id", None):
        return [_("Mandatet tillhör en annan organisation.")]
    if not mandate.is_valid_on(day):
        reasons.append(_("Mandatet gäller inte på beslutsdagen."))
    if request.decision_type not in mandate.decision_types:
        label = DecisionType(request.decision_type).label
        reasons.append(_("Mandatet omfattar inte beslutstypen ”%(type)s”.") % {"type": label})
    if mandate.max_amount_sek is not None and request.amount_sek > mandate.max_amount_sek:
        reasons.append(
            _("Beloppet %(amount)s kr är över mandatets gräns på %(max)s kr.")
            % {
                "amount": f"{request.amount_sek:,}".replace(",", " "),
                "max": f"{mandate.max_amount_sek:,}".replace(",", " "),
            }
        )
    if mandate.max_hours is not None and request.hours > mandate.max_hours:
        reasons.append(
            _("Tiden %(hours)s timmar är över mandatets gräns på %(max)s timmar.")
            % {"hours": request.hours, "max": mandate.max_hours}
        )
    if member_forum_ids is None:
        member_forum_ids = set(
            ForumMembership.objects.filter(user=actor).values_list("forum_id", flat=True)
        )
    roots = _holds(actor, mandate, member_forum_ids)
    if roots is None:
        if mandate.holder_forum_id is not None:
            reasons.append(
                _("Du är inte ledamot i %(forum)s, som har mandatet.")
                % {"forum": mandate.holder_forum}
            )
        else:
            reasons.append(
                _("Du har inte rollen %(role)s som mandatet kräver.")
                % {"role": mandate.holder_label}
            )
        return reasons
    if request.crosses_organisations and mandate.scope != MandateScope.CROSS_ORGANISATION:
        reasons.append(
            _("Idén berör flera organisationer, men mandatet gäller bara den egna organisationen.")
        )
    if mandate.scope in (MandateScope.UNIT, MandateScope.SUBTREE) and request.unit_ids:
        tree = tree or UnitTree([mandate.organisation_id])
        own_units = {u for u in request.unit_ids if u in tree.parent}
        for unit_id in own_units:
            if mandate.scope == MandateScope.UNIT:
                ok = unit_id in roots
            else:
                ok = any(tree.is_within(unit_id, root) for root in roots)
            if not ok:
                reasons.append(_("Idén berör enheter utanför mandatets omfattning."))
                break
    return reasons


def mandate_use_refusal(mandate: Mandate, *, meeting_forum: Forum | None) -> str:
    """Why this mandate cannot be used here ('' when it can).

    A forum's mandate is collective: it is used only in that forum's own meeting, never by one
    member on their own, nor in another forum's meeting. A mandate held through a role (a
    person's delegation) can be used anywhere by the person who holds it.
    """
    if mandate.holder_forum_id is None:
        return ""
    if meeting_forum is not None and mandate.holder_forum_id == meeting_forum.pk:
        return ""
    if meeting_forum is None:
        return _(
            "Mandatet innehas av %(forum)s och används bara när forumet beslutar i sitt möte. "
            "Ta upp idén på forumets dagordning."
        ) % {"forum": mandate.holder_forum}
    return _(
        "Mandatet innehas av %(forum)s, inte av %(meeting)s: ett forum beslutar bara med sina "
        "egna mandat."
    ) % {"forum": mandate.holder_forum, "meeting": meeting_forum}


def usable_mandates(
    actor: Actor, *, meeting_forum: Forum | None = None, on: date | None = None
) -> list[Mandate]:
    """Mandates this person may use here (the decision forms list these and nothing else):
    valid mandates held through one of the person's roles, and, in a meeting, the meeting
    forum's own mandates when the person is a member of it."""
    day = on or timezone.localdate()
    qs = mandate_list(actor, on=day).filter(
        Q(holder_forum__isnull=True)
        | Q(holder_forum_id=meeting_forum.pk if meeting_forum is not None else None)
    )
    forum_ids = set(ForumMembership.objects.filter(user=actor).values_list("forum_id", flat=True))
    return [
        m
        for m in qs
        if not mandate_use_refusal(m, meeting_forum=meeting_forum)
        and _holds(actor, m, forum_ids) is not None
    ]


def covering_mandates(actor: Actor, request: MandateRequest) -> list[Mandate]:
    """Mandates the actor holds that cover the request."""
    mandates = list(mandate_list(actor, decision_type=request.decision_type, on=request.on))
    tree = UnitTree([organisation_id(actor)])
    forum_ids = set(ForumMembership.objects.filter(user=actor).values_list("forum_id", flat=True))
    return [
        m
        for m in mandates
        if not mandate_refusal_reasons(actor, m, request, tree=tree, member_forum_ids=forum_ids)
    ]


def forum_can_decide(forum: Forum, request: MandateRequest) -> bool:
    """Can a meeting of this forum take the decision? Yes when a valid mandate usable there
    covers the request's type and units (amounts and hours are weighed when it is taken): one
    the forum holds, or one a member holds through a role when the forum belongs to the idea's
    own line (a unit manager deciding time in her APT). The one rule for the forum an idea is
    registered to (G0) and moved to (escalate, transfer): that forum must be able to decide the
    idea's next step."""
    tree = UnitTree([forum.organisation_id])
    day = request.on or timezone.localdate()
    held = Mandate.objects.filter(holder_forum=forum).select_related("holder_forum")
    if any(mandate_covers_scope(m, request, tree) for m in held):
        return True
    # A member's own (role) mandate counts only in a forum of the idea's own line: the forum's
    # home unit holds every unit of the request (a unit manager deciding time in her APT or her
    # management team), not a joint group she happens to sit in.
    home = forum.owner_unit_id
    if home is None or not all(tree.is_within(unit, home) for unit in request.unit_ids):
        return False
    members = [
        fm.user
        for fm in ForumMembership.objects.filter(forum=forum, user__is_active=True).select_related(
            "user"
        )
    ]
    for member in members:
        personal = mandate_list(member, decision_type=request.decision_type, on=day).filter(
            holder_forum__isnull=True
        )
        if any(
            not mandate_refusal_reasons(member, m, request, tree=tree, member_forum_ids=set())
            for m in personal
        ):
            return True
    return False


def mandate_covers_scope(mandate: Mandate, request: MandateRequest, tree: UnitTree) -> bool:
    """Does the mandate, held by anyone, cover the request's type, size and units?

    Used by the guide "Vart går jag med min idé?" to name who can decide.
    """
    day = request.on or timezone.localdate()
    if not mandate.is_valid_on(day) or request.decision_type not in mandate.decision_types:
        return False
    if mandate.max_amount_sek is not None and request.amount_sek > mandate.max_amount_sek:
        return False
    if mandate.max_hours is not None and request.hours > mandate.max_hours:
        return False
    if request.crosses_organisations and mandate.scope != MandateScope.CROSS_ORGANISATION:
        return False
    if mandate.scope in (MandateScope.ORGANISATION, MandateScope.CROSS_ORGANISATION):
        return True
    if mandate.holder_forum_id is not None:
        root = mandate.holder_forum.owner_unit_id  # type: ignore[union-attr]  # holder_forum_id is set, so holder_forum is a Forum
    elif mandate.holder_unit_id is not None:
        root = mandate.holder_unit_id
    else:
        # A role held "in one's own unit": covers a request if all its units share one unit.
        units = [u for u in request.unit_ids if u in tree.parent]
        return len(units) <= 1
    units = [u for u in request.unit_ids if u in tree.parent]
    if mandate.scope == MandateScope.UNIT:
        return all(u == root for u in units)
    return all(tree.is_within(u, root) for u in units)


FORUM_TYPE_ORDER = [
    ForumType.APT,
    ForumType.MANAGEMENT_TEAM,
    ForumType.PRINCIPALS_GROUP,
    ForumType.COLLABORATION_GROUP,
    ForumType.INNOVATION_COUNCIL,
    ForumType.ADMINISTRATION_MANAGEMENT,
    ForumType.COMMITTEE,
]
