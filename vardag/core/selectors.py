"""Reads of the kernel, always scoped to the actor. Missing and "not yours" are the same 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vardag.core.models import AuditEvent, CollaborationAgreement, Job, Organisation, Unit


def organisation_of(actor: Any) -> Organisation:
    if actor is None or not actor.is_authenticated or actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation


def own_organisation(actor: Any) -> QuerySet[Organisation]:
    """The actor's own organisation, as a query (the event log names it)."""
    return Organisation.objects.filter(pk=actor.organisation_id)


def agreement_list(actor: Any, *, on: date | None = None) -> QuerySet[CollaborationAgreement]:
    """Agreements the actor's organisation is party to (active on `on`, if given)."""
    qs = CollaborationAgreement.objects.filter(parties__id=actor.organisation_id)
    if on is not None:
        qs = qs.filter(terminated_at__isnull=True, valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    return qs.distinct()


def partner_organisations(actor: Any, *, on: date | None = None) -> QuerySet[Organisation]:
    """Organisations that an ACTIVE agreement connects to the actor's organisation.

    This is the only rule that lets anything cross organisations; what an agreement opens
    (joint forums, shared spaces) is decided by the app that owns those objects. As a query,
    so that it can stand inside another one as a subquery (`partner_organisation_ids` reads it).
    """
    day = on or timezone.localdate()
    return Organisation.objects.filter(agreements__in=agreement_list(actor, on=day)).exclude(
        pk=actor.organisation_id
    )


def partner_organisation_ids(actor: Any, *, on: date | None = None) -> set[int]:
    """`partner_organisations` read into a set (one query)."""
    return set(partner_organisations(actor, on=on).values_list("id", flat=True))


def unit_list(actor: Any, *, include_closed: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(organisation_id=actor.organisation_id)
    if not include_closed:
        qs = qs.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=timezone.localdate()))
    return qs.select_related("parent")


def access_unit(actor: Any, unit_id: int) -> Unit:
    return get_object_or_404(unit_list(actor, include_closed=True), pk=unit_id)


@dataclass(frozen=True)
class UnitNode:
    unit: Unit
    depth: int


def unit_tree(actor: Any, *, include_closed: bool = False) -> list[UnitNode]:
    """The unit tree in depth-first order, from one query."""
    units = list(unit_list(actor, include_closed=include_closed).order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    known = {u.pk for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in known else None
        children.setdefault(parent, []).append(unit)
    nodes: list[UnitNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            nodes.append(UnitNode(unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return nodes


def descendant_ids(unit: Unit) -> set[int]:
    """The unit and every unit below it."""
    pairs = Unit.objects.filter(organisation_id=unit.organisation_id).values_list("id", "parent_id")
    children: dict[int, list[int]] = {}
    for child, parent in pairs:
        children.setdefault(parent, []).append(child)
    found, stack = {unit.pk}, [unit.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def audit_event_list(actor: Any) -> QuerySet[AuditEvent]:
    """The organisation's audit log; only organisation admins may read it. The page narrows it
    with `shell.filters.AuditFilterSet`."""
    if not getattr(actor, "is_org_admin", False):
        raise PermissionDenied
    qs = AuditEvent.objects.filter(organisation_id=actor.organisation_id)
    return qs.select_related("actor")


def audit_action_choices(actor: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(organisation_id=actor.organisation_id)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def organisation_jobs(actor: Any) -> QuerySet[Job]:
    """The background jobs of the actor's organisation, for its admins: the event log names
    them by what they do, their state and time. A job's own page stays its owner's
    (`access_job`)."""
    if not getattr(actor, "is_org_admin", False):
        return Job.objects.none()
    return Job.objects.filter(organisation_id=actor.organisation_id).only(
        "pk", "task_path", "title", "status", "updated_at"
    )


def access_job(actor: Any, job_id: Any) -> Job:
    return get_object_or_404(Job, pk=job_id, owner_id=actor.pk)
