"""Comparing validated HR rows with the database: what will be created, changed and closed.

The plan is computed the same way for the dry run and for the apply, so re-importing the same file
gives an empty plan. Only units with an HR code, people with an employee number and memberships
that came from an HR import are ever changed or closed by an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.accounts.models import Membership, User
from vardag.core.models import Organisation, Unit
from vardag.orgadmin.importing import HrRow, Rejection
from vardag.orgadmin.models import HrImport


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str
    line: int


@dataclass(frozen=True)
class PersonSpec:
    employee_id: str
    first_name: str
    last_name: str
    email: str
    title: str
    line: int


@dataclass(frozen=True)
class MembershipSpec:
    employee_id: str
    unit_code: str
    role: str
    starts_on: date | None
    ends_on: date | None
    line: int


# What an import speaks for: everything missing from the file closes (ORGANISATION), or only the
# part of the unit tree the file covers, its units and their sub-units, is kept in step (FILE).
Scope = HrImport.Scope
CLOSES = ("unit_closes", "person_closes", "membership_closes")


@dataclass
class Plan:
    scope: str = HrImport.Scope.ORGANISATION
    rejected: list[Rejection] = field(default_factory=list)
    unit_creates: list[UnitSpec] = field(default_factory=list)
    unit_changes: list[tuple[Unit, UnitSpec, dict[str, Any]]] = field(default_factory=list)
    unit_closes: list[Unit] = field(default_factory=list)
    person_creates: list[PersonSpec] = field(default_factory=list)
    person_changes: list[tuple[User, dict[str, Any]]] = field(default_factory=list)
    person_closes: list[User] = field(default_factory=list)
    membership_creates: list[MembershipSpec] = field(default_factory=list)
    membership_changes: list[tuple[Membership, MembershipSpec]] = field(default_factory=list)
    membership_closes: list[Membership] = field(default_factory=list)
    units_in_file: list[UnitSpec] = field(default_factory=list)
    subtree_ids: set[int] = field(default_factory=set)

    @property
    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (
                "unit_creates",
                "unit_changes",
                "unit_closes",
                "person_creates",
                "person_changes",
                "person_closes",
                "membership_creates",
                "membership_changes",
                "membership_closes",
            )
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())

    def closes(self, sample: int = 50) -> dict[str, Any]:
        """What this plan closes: counts and the first lines of each list."""
        summary = self.summary(sample)
        return {"counts": {k: summary["counts"][k] for k in CLOSES}} | {
            k: summary[k] for k in CLOSES
        }

    def summary(self, sample: int = 20) -> dict[str, Any]:
        """JSON for the dry-run page: counts and the first lines of each list."""
        return {
            "scope": self.scope,
            "counts": self.counts,
            "unit_creates": [f"{u.code} {u.name}" for u in self.unit_creates[:sample]],
            "unit_changes": [
                f"{u.code} {u.name}: " + ", ".join(sorted(c)) for u, _s, c in self.unit_changes
            ][:sample],
            "unit_closes": [f"{u.code} {u.name}" for u in self.unit_closes[:sample]],
            "person_creates": [
                f"{p.employee_id} {p.first_name} {p.last_name}"
                for p in self.person_creates[:sample]
            ],
            "person_changes": [
                f"{u.external_id} {u.get_full_name()}: " + ", ".join(sorted(c))
                for u, c in self.person_changes[:sample]
            ],
            "person_closes": [f"{u.external_id} {u.get_full_name()}" for u in self.person_closes][
                :sample
            ],
            "membership_creates": [
                f"{m.employee_id} – {m.unit_code} ({m.role})" for m in self.membership_creates
            ][:sample],
            "membership_changes": [
                f"{m.user.external_id} – {m.unit.code} ({m.role})"
                for m, _s in self.membership_changes
            ][:sample],
            "membership_closes": [
                f"{m.user.external_id} – {m.unit.code} ({m.role})" for m in self.membership_closes
            ][:sample],
        }


def _collect(rows: list[HrRow | Rejection], plan: Plan) -> tuple[dict, dict, dict]:
    """Group rows into units, people and memberships; conflicting repeats are rejected."""
    units: dict[str, UnitSpec] = {}
    people: dict[str, PersonSpec] = {}
    memberships: dict[tuple[str, str, str], MembershipSpec] = {}
    for row in rows:
        if isinstance(row, Rejection):
            plan.rejected.append(row)
            continue
        unit = UnitSpec(row.unit_code, row.unit_name, row.unit_kind, row.parent_code, row.line)
        person = PersonSpec(
            row.employee_id, row.first_name, row.last_name, row.email, row.title, row.line
        )
        key = (row.employee_id, row.unit_code, row.role)
        known_unit, known_person = units.get(unit.code), people.get(person.employee_id)
        if known_unit and (known_unit.name, known_unit.kind, known_unit.parent_code) != (
            unit.name,
            unit.kind,
            unit.parent_code,
        ):
            reason = _("Enheten %(code)s har andra uppgifter på rad %(line)s.")
            plan.rejected.append(
                Rejection(row.line, reason % {"code": unit.code, "line": known_unit.line})
            )
            continue
        if known_person and (
            known_person.first_name,
            known_person.last_name,
            known_person.email,
            known_person.title,
        ) != (person.first_name, person.last_name, person.email, person.title):
            reason = _("Personen %(id)s har andra uppgifter på rad %(line)s.")
            plan.rejected.append(
                Rejection(row.line, reason % {"id": person.employee_id, "line": known_person.line})
            )
            continue
        if key in memberships:
            reason = _("Samma person, enhet och roll finns redan på rad %(line)s.")
            plan.rejected.append(Rejection(row.line, reason % {"line": memberships[key].line}))
            continue
        units.setdefault(unit.code, unit)
        people.setdefault(person.employee_id, person)
        memberships[key] = MembershipSpec(
            row.employee_id, row.unit_code, row.role, row.starts_on, row.ends_on, row.line
        )
    return units, people, memberships


def _ordered_units(units: dict[str, UnitSpec], known_codes: set[str], plan: Plan) -> list[UnitSpec]:
    """Parents before children; units with an unknown parent or in a cycle are rejected."""
    ordered: list[UnitSpec] = []
    state: dict[str, str] = {}

    def visit(code: str, trail: tuple[str, ...]) -> bool:
        if state.get(code) == "ok":
            return True
        if state.get(code) == "bad" or code in trail:
            return False
        spec = units[code]
        parent = spec.parent_code
        is_valid = not parent or (
            visit(parent, (*trail, code)) if parent in units else parent in known_codes
        )
        state[code] = "ok" if is_valid else "bad"
        if is_valid:
            ordered.append(spec)
        else:
            reason = _("Den överordnade enheten %(code)s finns inte i filen eller i Vardag.")
            if parent in units:
                reason = _("Enheten %(code)s ingår i en cirkel av överordnade enheter.")
                parent = code
            plan.rejected.append(Rejection(spec.line, reason % {"code": parent}))
        return is_valid

    for code in units:
        visit(code, ())
    return ordered


def _plan_units(organisation: Organisation, units: dict[str, UnitSpec], plan: Plan) -> None:
    all_units = {u.pk: u for u in Unit.objects.filter(organisation=organisation)}
    existing = {u.code: u for u in all_units.values() if u.code}
    open_codes = {code for code, u in existing.items() if u.closed_at is None}
    plan.units_in_file = _ordered_units(units, open_codes, plan)
    for spec in plan.units_in_file:
        unit = existing.get(spec.code)
        if unit is None:
            plan.unit_creates.append(spec)
            continue
        parent = existing.get(spec.parent_code) if spec.parent_code else None
        changes: dict[str, Any] = {}
        if unit.name != spec.name:
            changes["name"] = spec.name
        if unit.kind != spec.kind:
            changes["kind"] = spec.kind
        if spec.parent_code and (parent is None or unit.parent_id != parent.pk):
            changes["parent"] = spec.parent_code
        old_parent = all_units.get(unit.parent_id) if unit.parent_id else None
        if not spec.parent_code and old_parent is not None and old_parent.code:
            changes["parent"] = ""
        if unit.closed_at is not None:
            changes["reopen"] = True
        if changes:
            plan.unit_changes.append((unit, spec, changes))
    in_file = {spec.code for spec in plan.units_in_file}
    plan.unit_closes = [
        u for code, u in sorted(existing.items()) if code not in in_file and u.closed_at is None
    ]
    if plan.scope == Scope.FILE:
        roots = {existing[code].pk for code in in_file if code in existing}
        plan.subtree_ids = _subtree_ids(all_units, roots)
        plan.unit_closes = [u for u in plan.unit_closes if u.pk in plan.subtree_ids]


def _subtree_ids(all_units: dict[int, Unit], roots: set[int]) -> set[int]:
    """The given units and every unit below them in the current tree."""
    children: dict[int, list[int]] = {}
    for unit in all_units.values():
        if unit.parent_id is not None:
            children.setdefault(unit.parent_id, []).append(unit.pk)
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk not in seen:
            seen.add(pk)
            stack.extend(children.get(pk, []))
    return seen


def _plan_people(organisation: Organisation, people: dict[str, PersonSpec], plan: Plan) -> None:
    existing = {
        u.external_id: u
        for u in User.objects.filter(organisation=organisation).exclude(external_id="")
    }
    for employee_id, spec in people.items():
        user = existing.get(employee_id)
        if user is None:
            plan.person_creates.append(spec)
            continue
        wanted = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": spec.email,
            "title": spec.title,
            "is_active": True,
        }
        changes = {k: v for k, v in wanted.items() if getattr(user, k) != v}
        if changes:
            plan.person_changes.append((user, changes))
    if plan.scope == Scope.FILE:
        return  # people outside the file may work elsewhere: their other units' files say so
    plan.person_closes = [
        u for eid, u in sorted(existing.items()) if eid not in people and u.is_active
    ]


def _plan_memberships(
    organisation: Organisation, memberships: dict[tuple[str, str, str], MembershipSpec], plan: Plan
) -> None:
    today = timezone.localdate()
    existing = {
        (m.user.external_id, m.unit.code, m.role): m
        for m in Membership.objects.filter(
            unit__organisation=organisation, source=Membership.Source.HR
        )
        .exclude(user__external_id="")
        .select_related("user", "unit")
        .order_by("starts_on", "pk")
    }
    for key, spec in memberships.items():
        membership = existing.get(key)
        if membership is None:
            plan.membership_creates.append(spec)
            continue
        is_start_changed = spec.starts_on is not None and spec.starts_on != membership.starts_on
        if is_start_changed or spec.ends_on != membership.ends_on:
            plan.membership_changes.append((membership, spec))
    plan.membership_closes = [
        m
        for key, m in existing.items()
        if key not in memberships
        and (m.ends_on is None or m.ends_on >= today)
        and (plan.scope == Scope.ORGANISATION or m.unit_id in plan.subtree_ids)
    ]


def make_plan(
    organisation: Organisation, rows: list[HrRow | Rejection], *, scope: str = Scope.ORGANISATION
) -> Plan:
    """What importing these rows would create, change and close in the organisation.

    With `Scope.FILE` only units below the file's units, and HR memberships in them, are closed;
    nothing elsewhere in the organisation, and no person, is closed.
    """
    plan = Plan(scope=scope)
    units, people, memberships = _collect(rows, plan)
    _plan_units(organisation, units, plan)
    valid_units = {spec.code for spec in plan.units_in_file}
    for key, spec in list(memberships.items()):
        if spec.unit_code not in valid_units:
            del memberships[key]
            if spec.line != units[spec.unit_code].line:
                reason = _("Enheten %(code)s kunde inte läsas in (se rad %(line)s).")
                data = {"code": spec.unit_code, "line": units[spec.unit_code].line}
                plan.rejected.append(Rejection(spec.line, reason % data))
    _plan_people(organisation, people, plan)
    _plan_memberships(organisation, memberships, plan)
    plan.rejected.sort(key=lambda r: r.line)
    return plan
