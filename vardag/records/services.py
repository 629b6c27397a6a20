"""Writes of the records area: retention rules, the retention job, erasure requests."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.accounts.models import User
from vardag.core import audit
from vardag.participation.models import Contribution
from vardag.participation.selectors import code_digest, contribution_by_code
from vardag.records import documents, erasure
from vardag.records.kinds import KINDS
from vardag.records.models import (
    Disclosure,
    DisclosureMask,
    ErasureRequest,
    RetentionAction,
    RetentionRule,
    SecrecyGround,
)
from vardag.records.selectors import admin_org_id, kinds_without_rule

# --- Retention rules ---------------------------------------------------------------------------


def _check_rule(kind: str, action: str) -> None:
    if kind not in KINDS:
        raise ValidationError({"kind": _("Okänt slag av uppgift.")})
    if action not in KINDS[kind].actions:
        raise ValidationError({"action": _("Den åtgärden går inte att välja för det här slaget.")})


@transaction.atomic
def retention_rule_save(
    *,
    actor: User,
    kind: str,
    months: int,
    action: str,
    decision_reference: str,
    is_active: bool = True,
    rule: RetentionRule | None = None,
) -> RetentionRule:
    """Add a retention rule, or change one (an admin of the rule's organisation)."""
    org_id = admin_org_id(actor)
    _check_rule(kind, action)
    if not decision_reference.strip():
        raise ValidationError({"decision_reference": _("Ange gallringsbeslutet.")})
    if rule is None:
        if kind not in kinds_without_rule(org_id):
            raise ValidationError({"kind": _("Det finns redan en regel för det här slaget.")})
        rule = RetentionRule(organisation_id=org_id, kind=kind)
    elif rule.organisation_id != org_id or rule.kind != kind:
        raise ValidationError(_("Regeln hör till ett annat slag av uppgift."))
    created = rule.pk is None
    before = None
    if not created:
        # As stored, not as given: an edit form has already set the new values on `rule`.
        before = (
            RetentionRule.objects.select_for_update()
            .filter(pk=rule.pk)
            .values("months", "action", "decision_reference", "is_active")
            .get()
        )
    rule.months = months
    rule.action = action
    rule.decision_reference = decision_reference.strip()
    rule.is_active = is_active
    rule.updated_by = actor
    rule.save()
    audit.record(
        actor,
        "retention.rule_created" if created else "retention.rule_changed",
        target=rule,
        data={
            "kind": kind,
            "months": months,
            "action": action,
            "decision_reference": rule.decision_reference,
            "is_active": is_active,
            "before": before,
        },
    )
    return rule


# --- The daily retention job --------------------------------------------------------------------


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day if shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff_for(rule: RetentionRule, now: datetime) -> datetime:
    return months_before(now, rule.months)


@transaction.atomic
def _apply_rule(rule: RetentionRule, now: datetime) -> int:
    kind = KINDS[rule.kind]
    cutoff = cutoff_for(rule, now)
    rows = kind.expired(rule.organisation_id, cutoff)
    if rule.action == RetentionAction.ANONYMISE and kind.anonymise is not None:
        count = kind.anonymise(rows)
    else:
        count = rows.count()
        if count:
            rows.delete()
    if count:
        audit.record(
            None,
            "retention.applied",
            target=rule,
            organisation=rule.organisation_id,
            data={
                "kind": rule.kind,
                "action": rule.action,
                "count": count,
                "months": rule.months,
                "cutoff": cutoff.isoformat(timespec="seconds"),
                "decision_reference": rule.decision_reference,
                "is_public_record": kind.is_public_record,
            },
        )
    return count


def retention_run(*, now: datetime | None = None) -> dict[int, dict[str, int]]:
    """Remove or anonymise what every organisation's active rules say has expired; one
    transaction per rule, each audited (`retention.applied`), and one `retention.run` per
    organisation. Returns {organisation id: {kind: count}}."""
    now = now or timezone.now()
    results: dict[int, dict[str, int]] = {}
    rules = RetentionRule.objects.filter(is_active=True).select_related("organisation")
    for rule in rules.order_by("organisation_id", "kind"):
        if rule.kind not in KINDS:
            continue
        results.setdefault(rule.organisation_id, {})[rule.kind] = _apply_rule(rule, now)
    for org_id, counts in results.items():
        with transaction.atomic():
            audit.record(
                None,
                "retention.run",
                organisation=org_id,
                data={"counts": counts, "at": now.isoformat(timespec="seconds")},
            )
    return results


# --- Erasure requests ---------------------------------------------------------------------------


@transaction.atomic
def erasure_request_review(
    *,
    actor: User,
    received_on: date,
    person: User | None = None,
    participant_code: str = "",
    note: str = "",
) -> ErasureRequest:
    """Record an erasure request and what it would erase and refuse; nothing is erased yet."""
    org_id = admin_org_id(actor)
    if (person is None) == (not participant_code.strip()):
        raise ValidationError(_("Ange antingen en person eller en deltagarkod."))
    if person is not None:
        if person.organisation_id != org_id:
            raise ValidationError({"person": _("Personen hör inte till organisationen.")})
        plan = erasure.plan_for_person(person)
        digest = ""
    else:
        contribution = contribution_by_code(participant_code.strip())
        if contribution is None or contribution.activity.organisation_id != org_id:
            raise ValidationError(
                {"participant_code": _("Ingen synpunkt i organisationen har den koden.")}
            )
        plan = erasure.plan_for_contribution(contribution)
        digest = code_digest(participant_code.strip())
    request = ErasureRequest.objects.create(
        organisation_id=org_id,
        subject=person,
        code_digest=digest,
        received_on=received_on,
        note=note,
        plan=plan,
        created_by=actor,
    )
    audit.record(actor, "erasure.reviewed", target=request, data=_counts(plan))
    return request


def _counts(plan: dict[str, Any]) -> dict[str, Any]:
    return {
        part: {row["model"]: row["count"] for row in plan.get(part, [])}
        for part in ("erase", "refuse")
    }


class PlanChangedError(ValidationError):
    """The data changed since the request was reviewed: nothing was erased."""


def _open_request(actor: User, request: ErasureRequest) -> tuple[int, ErasureRequest]:
    org_id = admin_org_id(actor)
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.organisation_id != org_id:
        raise ValidationError(_("Begäran hör till en annan organisation."))
    if request.status == ErasureRequest.Status.DONE:
        raise ValidationError(_("Begäran är redan genomförd."))
    if request.status == ErasureRequest.Status.WITHDRAWN:
        raise ValidationError(_("Begäran är återkallad och kan inte genomföras."))
    return org_id, request


def erasure_current_plan(request: ErasureRequest) -> dict[str, Any]:
    """What the request would erase and refuse now (the data may have changed since review)."""
    if request.subject is not None:
        return erasure.plan_for_person(request.subject)
    ids = sorted(
        Contribution.objects.filter(
            code_digest=request.code_digest, activity__organisation_id=request.organisation_id
        ).values_list("pk", flat=True)
    )
    erase = [{"model": "participation.Contribution", "count": len(ids), "reason": "consent"}]
    return {"erase": [{**erase[0], "ids": ids}] if ids else [], "refuse": []}


def erasure_plan_changed(request: ErasureRequest) -> dict[str, Any] | None:
    """The current plan if the request is open and it differs from the reviewed one, else None."""
    if not request.is_open:
        return None
    current = erasure_current_plan(request)
    return current if erasure.differs(request.plan, current) else None


def erasure_request_execute(*, actor: User, request: ErasureRequest) -> ErasureRequest:
    """Erase exactly what was reviewed and record what was refused. The plan is computed again
    first: if it differs from the reviewed one (a draft saved since, notifications the retention
    job removed), nothing is erased, the refusal is audited (`erasure.plan_changed`) and
    PlanChangedError raised; the request must be reviewed again (erasure_request_rereview)."""
    with transaction.atomic():
        org_id, request = _open_request(actor, request)
        current = erasure_current_plan(request)
        if not erasure.differs(request.plan, current):
            if not request.has_something_to_erase:
                raise ValidationError(
                    _(
                        "Det finns ingenting som får raderas. Avsluta begäran i stället om "
                        "den är färdigbehandlad."
                    )
                )
            return _carry_out(actor, request, current)
        audit.record(
            actor,
            "erasure.plan_changed",
            target=request,
            data={"reviewed": _counts(request.plan), "current": _counts(current)},
        )
    raise PlanChangedError(
        _(
            "Ingenting raderades: uppgifterna har ändrats sedan begäran granskades. Granska den "
            "nya planen och radera sedan."
        )
    )


def _carry_out(actor: User, request: ErasureRequest, plan: dict[str, Any]) -> ErasureRequest:
    erased, scrubbed = erasure.erase_planned(plan)
    request.outcome = {
        "erase": [
            {"model": model, "count": count, "reason": _reason_of(plan, model)}
            for model, count in erased.items()
            if count
        ],
        "refuse": plan["refuse"],
    }
    request.status = ErasureRequest.Status.DONE
    request.handled_at = timezone.now()
    request.save(update_fields=["outcome", "status", "handled_at"])
    audit.record(
        actor,
        "erasure.done",
        target=request,
        data={**_counts(request.outcome), "labels_replaced": scrubbed},
    )
    return request


@transaction.atomic
def erasure_request_rereview(*, actor: User, request: ErasureRequest) -> ErasureRequest:
    """Replace the reviewed plan by the current one, after the reviewer has seen it."""
    _org_id, request = _open_request(actor, request)
    request.plan = erasure_current_plan(request)
    request.save(update_fields=["plan"])
    audit.record(
        actor, "erasure.reviewed", target=request, data={**_counts(request.plan), "again": True}
    )
    return request


@transaction.atomic
def erasure_request_withdraw(
    *, actor: User, request: ErasureRequest, reason: str
) -> ErasureRequest:
    """Withdraw or close a request that is not carried out (made by mistake, taken back by the
    person); the reason is required and kept. A withdrawn request cannot be carried out."""
    _org_id, request = _open_request(actor, request)
    if not reason.strip():
        raise ValidationError({"reason": _("Ange varför begäran återkallas.")})
    request.status = ErasureRequest.Status.WITHDRAWN
    request.withdrawn_reason = reason.strip()
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "withdrawn_reason", "handled_at"])
    audit.record(
        actor, "erasure.withdrawn", target=request, data={"reason": request.withdrawn_reason}
    )
    return request


def _reason_of(plan: dict[str, Any], model: str) -> str:
    for row in plan.get("erase", []):
        if row["model"] == model:
            return str(row["reason"])
    return "consent"


# --- Disclosure of public documents (utlämnande) -------------------------------------------------


@transaction.atomic
def disclosure_start(
    *,
    actor: User,
    document_type: str,
    document_id: int,
    received_on: date,
    requested_by: str = "",
) -> Disclosure:
    """Register a request for a public document of the organisation, to be reviewed for secrecy."""
    org_id = admin_org_id(actor)
    document = documents.load(document_type, document_id, org_id)
    if document is None:
        raise ValidationError({"document_id": _("Organisationen har ingen sådan handling.")})
    disclosure = Disclosure.objects.create(
        organisation_id=org_id,
        document_type=document_type,
        document_id=document_id,
        document_title=document.title[:300],
        requested_by=requested_by.strip(),
        received_on=received_on,
        created_by=actor,
    )
    audit.record(
        actor,
        "disclosure.requested",
        target=disclosure,
        data={"document_type": document_type, "document_id": document_id},
    )
    return disclosure


@transaction.atomic
def disclosure_decide(
    *, actor: User, disclosure: Disclosure, masks: dict[str, str], note: str = ""
) -> Disclosure:
    """Record the secrecy review: which parts are masked on which ground (OSL), by whom, when.
    Replaces an earlier decision on the same request; every decision is in the audit log."""
    org_id = admin_org_id(actor)
    if disclosure.organisation_id != org_id:
        raise ValidationError(_("Begäran hör till en annan organisation."))
    document = documents.load(disclosure.document_type, disclosure.document_id, org_id)
    if document is None:
        raise ValidationError(_("Handlingen finns inte längre."))
    labels = {part.key: part.label for part in document.parts}
    unknown = set(masks) - set(labels)
    if unknown:
        raise ValidationError(_("Delar som inte finns i handlingen kan inte maskeras."))
    grounds = set(SecrecyGround.values)
    if any(ground not in grounds for ground in masks.values()):
        raise ValidationError(_("Välj en sekretessgrund ur listan."))
    if masks and not note.strip():
        raise ValidationError({"note": _("Motivera sekretessprövningen när något maskeras.")})
    disclosure.masks.all().delete()
    DisclosureMask.objects.bulk_create(
        DisclosureMask(disclosure=disclosure, part_key=key, part_label=labels[key][:200], ground=g)
        for key, g in sorted(masks.items())
    )
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.decision_note = note.strip()
    disclosure.save(update_fields=["decided_by", "decided_at", "decision_note"])
    audit.record(
        actor,
        "disclosure.masking_decided",
        target=disclosure,
        data={
            "masks": [
                {"part": key, "label": labels[key], "ground": ground}
                for key, ground in sorted(masks.items())
            ],
            "parts": len(labels),
            "note": disclosure.decision_note,
        },
    )
    return disclosure


@transaction.atomic
def disclosure_exported(*, actor: User, disclosure: Disclosure, size: int) -> None:
    """Audit that the masked document was handed out (the PDF's size, the masks in force)."""
    admin_org_id(actor)
    if disclosure.decided_at is None:
        raise ValidationError(_("Pröva handlingen innan den lämnas ut."))
    audit.record(
        actor,
        "disclosure.exported",
        target=disclosure,
        data={"bytes": size, "masked_parts": disclosure.masks.count()},
    )
