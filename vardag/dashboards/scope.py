"""Who may see the overview, and of what: the organisation or one unit's subtree, in a period.

Organisation admins and innovation leads see the whole organisation; unit managers, principals,
heads of administration and committee members see the subtree of the units they hold that role
in. Everyone else is refused (403); another organisation's unit is the same 404 as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from vardag.core.access import organisation_id, require
from vardag.core.models import Organisation, Unit
from vardag.core.roles import Role
from vardag.core.selectors import access_unit, unit_list

WHOLE_ORGANISATION_ROLES = (Role.ADMIN, Role.INNOVATION_LEAD)
SUBTREE_ROLES = (
    Role.UNIT_MANAGER,
    Role.PRINCIPAL,
    Role.ADMINISTRATION_HEAD,
    Role.COMMITTEE_MEMBER,
)


def sees_whole_organisation(user: Any) -> bool:
    return bool(user.has_role(*WHOLE_ORGANISATION_ROLES))


def can_view_overview(user: Any) -> bool:
    """The navigation shows the overview to exactly these people."""
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return False
    return sees_whole_organisation(user) or bool(user.unit_ids_with_role(*SUBTREE_ROLES))


def unit_parents(org_id: int) -> dict[int, int | None]:
    return dict(Unit.objects.filter(organisation_id=org_id).values_list("id", "parent_id"))


def subtree(parents: dict[int, int | None], root: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for uid, parent in parents.items():
        children.setdefault(parent, []).append(uid)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def allowed_unit_ids(user: Any, parents: dict[int, int | None]) -> set[int]:
    """Every unit whose figures the person may see."""
    if sees_whole_organisation(user):
        return set(parents)
    ids: set[int] = set()
    for root in user.unit_ids_with_role(*SUBTREE_ROLES):
        if root in parents:
            ids |= subtree(parents, root)
    return ids


def default_unit(user: Any, parents: dict[int, int | None]) -> int | None:
    """The widest unit the person holds an overview role in (None: the whole organisation)."""
    if sees_whole_organisation(user):
        return None
    roots = [r for r in user.unit_ids_with_role(*SUBTREE_ROLES) if r in parents]

    def depth(uid: int) -> int:
        d, current = 0, parents.get(uid)
        while current is not None and d < 100:
            d, current = d + 1, parents.get(current)
        return d

    return min(roots, key=lambda uid: (depth(uid), uid)) if roots else None


@dataclass(frozen=True)
class Scope:
    """What one overview covers. `unit` None = the whole organisation."""

    organisation: Organisation
    unit: Unit | None
    unit_ids: frozenset[int]  # the scope's units (the unit's subtree, or every unit)
    parents: dict[int, int | None] = field(repr=False, hash=False, compare=False)
    since: date | None = None
    until: date | None = None
    today: date = field(default_factory=timezone.localdate)

    @property
    def threshold(self) -> int:
        return int(self.organisation.suppression_threshold)

    @property
    def deadline_days(self) -> int:
        return int(self.organisation.feedback_deadline_days)

    def params(self) -> dict[str, str]:
        """The scope as query parameters of the overview (and of the idea list)."""
        out: dict[str, str] = {}
        if self.unit is not None:
            out["unit"] = str(self.unit.pk)
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        return out

    def idea_data(self, **extra: Any) -> dict[str, str]:
        """The idea list's filters (`ideas.filters.IdeaFilterSet`) for the scope (no drafts),
        plus one figure's condition."""
        params = self.params()
        params["submitted"] = "on"
        for key, value in extra.items():
            params[key] = "on" if value is True else str(value)
        if "unit" in params:
            params["under"] = "on"
        return params

    def ideas_query(self, **extra: Any) -> str:
        """The idea list's query string for the scope plus one figure's condition: the link
        lands on exactly the ideas the figure counts (same filters, same selector)."""
        return urlencode(self.idea_data(**extra))


def overview_scope(
    actor: Any,
    *,
    unit_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> Scope:
    """The scope one person asked for, refused (403) outside what they may see."""
    org_id = organisation_id(actor)
    require(can_view_overview(actor))
    parents = unit_parents(org_id)
    allowed = allowed_unit_ids(actor, parents)
    if unit_id is None:
        unit_id = default_unit(actor, parents)
    unit = None
    if unit_id is not None:
        unit = access_unit(actor, unit_id)
        require(unit.pk in allowed)
    unit_ids = frozenset(subtree(parents, unit.pk) if unit else parents)
    return Scope(
        organisation=actor.organisation,
        unit=unit,
        unit_ids=unit_ids,
        parents=parents,
        since=since,
        until=until,
        today=today or timezone.localdate(),
    )


def unit_choices(actor: Any) -> list[Unit]:
    """The units a person may pick for the overview, in tree order."""
    org_id = organisation_id(actor)
    parents = unit_parents(org_id)
    allowed = allowed_unit_ids(actor, parents)
    units = {u.pk: u for u in unit_list(actor, include_closed=True) if u.pk in allowed}
    return tree_order(units, parents)


def tree_order(units: dict[int, Unit], parents: dict[int, int | None]) -> list[Unit]:
    children: dict[int | None, list[Unit]] = {}
    for unit in units.values():
        parent = parents.get(unit.pk)
        children.setdefault(parent if parent in units else None, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u.name):
            unit.depth = depth  # type: ignore[attr-defined]
            ordered.append(unit)
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered
