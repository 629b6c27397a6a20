"""Writes of the kernel. Keyword-only, actor first, atomic, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from vardag.core import audit, jobs
from vardag.core.models import CollaborationAgreement, Job, Organisation, Unit


@transaction.atomic
def organisation_create(
    *, actor: Any, name: str, slug: str, kind: str, **policy: Any
) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind, **policy)
    audit.record(actor, "organisation.created", target=organisation, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_update_policy(
    *, actor: Any, organisation: Organisation, **policy: Any
) -> Organisation:
    allowed = {
        "default_language",
        "feedback_deadline_days",
        "suppression_threshold",
    }
    changes = {k: v for k, v in policy.items() if k in allowed}
    for key, value in changes.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    audit.record(actor, "organisation.policy_changed", target=organisation, data=changes)
    return organisation


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    kind: str,
    parent: Unit | None = None,
    code: str = "",
) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("Den överordnade enheten tillhör en annan organisation."))
    unit = Unit.objects.create(
        organisation=organisation, parent=parent, name=name, kind=kind, code=code
    )
    # Its name and HR code as created: the unit's history says which unit was created.
    data = {"parent": parent, "name": name, "kind": kind, "code": code}
    audit.record(actor, "unit.created", target=unit, data=data)
    return unit


@transaction.atomic
def unit_close(*, actor: Any, unit: Unit, on: date | None = None) -> Unit:
    unit.closed_at = on or timezone.localdate()
    unit.save(update_fields=["closed_at"])
    audit.record(actor, "unit.closed", target=unit, data={"on": unit.closed_at})
    return unit


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    title: str,
    parties: list[Organisation],
    valid_from: date,
    valid_until: date | None = None,
    purpose: str = "",
) -> CollaborationAgreement:
    if len({p.pk for p in parties}) < 2:
        raise ValidationError(_("En samverkansöverenskommelse behöver minst två parter."))
    agreement = CollaborationAgreement.objects.create(
        title=title, purpose=purpose, valid_from=valid_from, valid_until=valid_until
    )
    agreement.parties.set(parties)
    for party in parties:
        audit.record(actor, "agreement.created", target=agreement, organisation=party)
    return agreement


@transaction.atomic
def job_create(*, actor: Any, kind: str, title: str, total: int = 0) -> Job:
    job = Job.objects.create(
        organisation_id=actor.organisation_id, owner=actor, kind=kind, title=title, total=total
    )
    audit.record(actor, "job.created", target=job, data={"kind": kind})
    return job


def job_progress(*, job_id: Any, done: int, total: int | None = None, message: str = "") -> None:
    """Progress is bookkeeping, not a change of content: it is not audited."""
    fields: dict[str, Any] = {
        "done": done,
        "status": Job.Status.RUNNING,
        "updated_at": timezone.now(),
    }
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message
    Job.objects.filter(pk=job_id).update(**fields)


@transaction.atomic
def job_finish(
    *,
    job_id: Any,
    is_success: bool,
    message: str = "",
    result: dict | None = None,
    result_url: str = "",
) -> Job:
    job = Job.objects.select_for_update().get(pk=job_id)
    job.status = Job.Status.DONE if is_success else Job.Status.FAILED
    if is_success:
        job.done = job.total
    job.message = message
    job.result = result or {}
    job.result_url = result_url
    job.save()
    audit.record(None, "job.finished", target=job, data={"status": job.status})
    return job


@transaction.atomic
def job_rerun(*, actor: Any, job: Job) -> Job:
    """Run again a job whose worker died (Job.can_rerun: the page offers it by the same rule)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.owner_id != actor.pk:
        raise PermissionDenied
    if not job.can_rerun:
        raise ValidationError(_("Jobbet kan inte köras igen."))
    job.status = Job.Status.QUEUED
    job.done = 0
    job.message = ""
    job.interrupted_at = None
    job.save(update_fields=["status", "done", "message", "interrupted_at", "updated_at"])
    audit.record(actor, "job.rerun", target=job)
    jobs.job_enqueue(job=job, task=import_string(job.task_path), args=job.task_args)
    return job
