"""Writes of the organisation admin area. Keyword-only, actor first, atomic, audited.

Only organisation admins may call these; each checks `actor.is_org_admin` and that the object
belongs to the actor's organisation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.accounts import personal_data
from vardag.accounts import services as account_services
from vardag.accounts.models import GroupMapping, Membership, User
from vardag.core import audit
from vardag.core import jobs as core_jobs
from vardag.core import services as core_services
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import CollaborationAgreement, Organisation, Unit
from vardag.core.selectors import descendant_ids, organisation_of
from vardag.ideas.models import ProcessModel
from vardag.ideas.services import process_model_make_default
from vardag.notifications.services import notify
from vardag.orgadmin import importing, planning, selectors
from vardag.orgadmin.models import HrImport


def _org(actor: User) -> Organisation:
    return organisation_of(actor)


def _org_id(actor: User) -> int:
    return organisation_id(actor)


def _require_admin(actor: Actor, organisation_id: int | None = None) -> None:
    require(bool(getattr(actor, "is_org_admin", False)))
    if organisation_id is not None:
        require(organisation_id == actor.organisation_id)


# --- Organisation policy ---------------------------------------------------------------------


@transaction.atomic
def policy_update(
    *, actor: User, process_model: ProcessModel | None = None, **policy: Any
) -> Organisation:
    _require_admin(actor)
    organisation = Organisation.objects.select_for_update().get(pk=_org_id(actor))
    core_services.organisation_update_policy(actor=actor, organisation=organisation, **policy)
    if process_model is not None and not process_model.is_default:
        process_model_make_default(actor=actor, model=process_model)
    return organisation


# --- Units ------------------------------------------------------------------------------------


@transaction.atomic
def unit_add(
    *, actor: User, name: str, kind: str, parent: Unit | None = None, code: str = ""
) -> Unit:
    _require_admin(actor)
    if parent is not None:
        _require_admin(actor, parent.organisation_id)
    _check_code_free(actor, code, None)
    return core_services.unit_create(
        actor=actor, organisation=_org(actor), name=name, kind=kind, parent=parent, code=code
    )


def _check_code_free(actor: User, code: str, unit: Unit | None) -> None:
    if not code:
        return
    clash = Unit.objects.filter(organisation_id=_org_id(actor), code=code)
    if unit is not None:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError(_("En annan enhet har redan koden %(code)s.") % {"code": code})


@transaction.atomic
def unit_update(
    *, actor: User, unit: Unit, name: str, kind: str, code: str, parent: Unit | None
) -> Unit:
    """Rename, re-type, re-code or move a unit; each change is kept in the audit history."""
    _require_admin(actor, unit.organisation_id)
    _check_code_free(actor, code, unit)
    changes: dict[str, list[Any]] = {}
    for key, value in (("name", name), ("kind", kind), ("code", code)):
        if getattr(unit, key) != value:
            changes[key] = [getattr(unit, key), value]
            setattr(unit, key, value)
    if unit.parent_id != (parent.pk if parent else None):
        if parent is not None:
            _require_admin(actor, parent.organisation_id)
            if parent.pk in descendant_ids(unit):
                raise ValidationError(_("En enhet kan inte flyttas in under sig själv."))
        changes["parent"] = [str(unit.parent) if unit.parent else "", str(parent or "")]
        unit.parent = parent
    if changes:
        unit.save()
        action = "unit.moved" if set(changes) == {"parent"} else "unit.changed"
        if set(changes) == {"name"}:
            action = "unit.renamed"
        audit.record(actor, action, target=unit, data=changes)
    return unit


@transaction.atomic
def unit_close(*, actor: User, unit: Unit, on: date | None = None) -> Unit:
    """Close a unit (it stays in the history); its open memberships end the same day."""
    _require_admin(actor, unit.organisation_id)
    day = on or timezone.localdate()
    open_children = Unit.objects.filter(parent=unit, closed_at__isnull=True)
    if open_children.exists():
        raise ValidationError(_("Stäng eller flytta de underordnade enheterna först."))
    for membership in Membership.objects.filter(unit=unit).select_related("unit"):
        if membership.ends_on is None or membership.ends_on > day:
            account_services.membership_update(
                actor=actor, membership=membership, ends_on=max(day, membership.starts_on)
            )
    return core_services.unit_close(actor=actor, unit=unit, on=day)


@transaction.atomic
def unit_reopen(*, actor: User, unit: Unit) -> Unit:
    _require_admin(actor, unit.organisation_id)
    if unit.closed_at is not None:
        unit.closed_at = None
        unit.save(update_fields=["closed_at"])
        audit.record(actor, "unit.reopened", target=unit)
    return unit


# --- People and memberships ---------------------------------------------------------------------


@transaction.atomic
def person_add(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    title: str = "",
    external_id: str = "",
) -> User:
    _require_admin(actor)
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Användarnamnet är upptaget."))
    if (
        external_id
        and User.objects.filter(organisation_id=_org_id(actor), external_id=external_id).exists()
    ):
        raise ValidationError(_("Någon annan har redan det anställningsnumret."))
    return account_services.user_create(
        actor=actor,
        organisation=_org(actor),
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        external_id=external_id,
    )


@transaction.atomic
def person_update(*, actor: User, person: User, **changes: Any) -> User:
    _require_admin(actor, person.organisation_id)
    if person.pk == actor.pk and changes.get("is_active") is False:
        raise ValidationError(_("Du kan inte inaktivera ditt eget konto."))
    return account_services.user_update(actor=actor, user=person, **changes)


@transaction.atomic
def person_data_export(*, actor: User, person: User) -> bytes:
    """Everything Vardag holds about `person`, as the person's own "download my data" gives it
    (`accounts.personal_data.export_zip`), for the admin answering a register extract request.
    Audited: who exported whose data."""
    require(selectors.can_export_person_data(actor, person))
    content = personal_data.export_zip(person)
    audit.record(actor, "person.data_exported", target=person, data={"bytes": len(content)})
    return content


@transaction.atomic
def membership_add(
    *,
    actor: User,
    person: User,
    unit: Unit,
    role: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Membership:
    _require_admin(actor, person.organisation_id)
    _require_admin(actor, unit.organisation_id)
    return account_services.membership_create(
        actor=actor, user=person, unit=unit, role=role, starts_on=starts_on, ends_on=ends_on
    )


@transaction.atomic
def membership_change(
    *, actor: User, membership: Membership, starts_on: date, ends_on: date | None
) -> Membership:
    _require_admin(actor, membership.unit.organisation_id)
    return account_services.membership_update(
        actor=actor,
        membership=membership,
        starts_on=starts_on,
        ends_on=ends_on,
        clear_end=ends_on is None,
    )


# --- Collaboration agreements ---------------------------------------------------------------


@transaction.atomic
def agreement_add(
    *,
    actor: User,
    title: str,
    purpose: str,
    partners: list[Organisation],
    units: list[Unit],
    valid_from: date,
    valid_until: date | None,
) -> CollaborationAgreement:
    """An agreement with other organisations, or between administrations of our own."""
    _require_admin(actor)
    for unit in units:
        _require_admin(actor, unit.organisation_id)
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
    own = _org(actor)
    parties = [own, *(p for p in partners if p.pk != own.pk)]
    if len(parties) < 2 and len(units) < 2:
        raise ValidationError(
            _("Välj minst en annan organisation, eller minst två förvaltningar i den egna.")
        )
    agreement = CollaborationAgreement.objects.create(
        title=title, purpose=purpose, valid_from=valid_from, valid_until=valid_until
    )
    agreement.parties.set(parties)
    agreement.unit_parties.set(units)
    for party in parties:
        audit.record(
            actor,
            "agreement.created",
            target=agreement,
            organisation=party,
            data={"parties": [p.pk for p in parties], "units": [u.pk for u in units]},
        )
    return agreement


@transaction.atomic
def agreement_terminate(*, actor: User, agreement: CollaborationAgreement) -> None:
    _require_admin(actor)
    require(agreement.parties.filter(pk=_org_id(actor)).exists())
    if agreement.terminated_at is None:
        agreement.terminated_at = timezone.now()
        agreement.save(update_fields=["terminated_at"])
        for party in agreement.parties.all():
            audit.record(actor, "agreement.terminated", target=agreement, organisation=party)


# --- Group claims from single sign-on -------------------------------------------------------------


@transaction.atomic
def group_mapping_add(*, actor: User, group: str, unit: Unit, role: str) -> GroupMapping:
    _require_admin(actor, unit.organisation_id)
    mapping, _created = GroupMapping.objects.get_or_create(
        organisation_id=_org_id(actor), group=group.strip(), unit=unit, role=role
    )
    audit.record(actor, "group_mapping.created", target=mapping, data={"group": mapping.group})
    return mapping


@transaction.atomic
def group_mapping_remove(*, actor: User, mapping: GroupMapping) -> None:
    _require_admin(actor, mapping.organisation_id)
    audit.record(actor, "group_mapping.removed", target=mapping, data={"group": mapping.group})
    mapping.delete()


# --- HR import ----------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, actor: User, file_name: str, content: bytes) -> HrImport:
    """Store an uploaded export and propose a column mapping from its header row."""
    _require_admin(actor)
    table = importing.read_table(content, file_name)  # size, encoding and shape checked there
    hr_import = HrImport.objects.create(
        organisation_id=_org_id(actor),
        created_by=actor,
        file_name=file_name[:255],
        content=content,
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        mapping=importing.propose_mapping(table.headers),
        row_count=len(table.rows),
    )
    audit.record(
        actor,
        "hr_import.uploaded",
        target=hr_import,
        data={"file": hr_import.file_name, "rows": hr_import.row_count},
    )
    return hr_import


def _rows(hr_import: HrImport) -> list[importing.HrRow | importing.Rejection]:
    table = importing.read_table(bytes(hr_import.content), hr_import.file_name)
    mapping = {k: (int(v) if v is not None else None) for k, v in hr_import.mapping.items()}
    return [importing.parse_row(line, cells, mapping) for line, cells in table.rows]


@transaction.atomic
def import_check(*, actor: User, hr_import: HrImport, mapping: dict[str, int | None]) -> HrImport:
    """Save the column mapping and make the dry run: what would be created, changed, closed."""
    _require_admin(actor, hr_import.organisation_id)
    require(hr_import.status in {HrImport.Status.UPLOADED, HrImport.Status.CHECKED})
    missing = [
        str(f.label) for f in importing.FIELDS if f.is_required and mapping.get(f.key) is None
    ]
    if missing:
        raise ValidationError(_("Välj en kolumn för %(fields)s.") % {"fields": ", ".join(missing)})
    hr_import.mapping = mapping
    rows = _rows(hr_import)
    plan = planning.make_plan(_org(actor), rows)
    within = planning.make_plan(_org(actor), rows, scope=HrImport.Scope.FILE)
    # Both scopes' closes are shown; if they differ the admin must choose before applying.
    hr_import.summary = plan.summary() | {
        "scopes": {HrImport.Scope.ORGANISATION: plan.closes(), HrImport.Scope.FILE: within.closes()}
    }
    hr_import.scope = ""
    hr_import.rejected = [{"line": r.line, "reason": r.reason} for r in plan.rejected]
    hr_import.status = HrImport.Status.CHECKED
    hr_import.save(update_fields=["mapping", "summary", "rejected", "status", "scope"])
    audit.record(
        actor,
        "hr_import.checked",
        target=hr_import,
        data={"counts": plan.counts, "rejected": len(plan.rejected)},
    )
    return hr_import


@transaction.atomic
def import_start(*, actor: User, hr_import: HrImport, scope: str = "") -> HrImport:
    """Queue the apply as a background job; the job page shows its progress.

    When the whole-organisation reading would close units, people or assignments outside the
    file's units, `scope` must say which reading is meant: nothing is closed by default.
    """
    _require_admin(actor, hr_import.organisation_id)
    if not hr_import.can_apply:
        raise ValidationError(_("Importen kan inte genomföras: rätta de avvisade raderna först."))
    if scope and scope not in HrImport.Scope.values:
        raise ValidationError({"scope": _("Okänd omfattning.")})
    if hr_import.needs_scope and not scope:
        raise ValidationError(
            {
                "scope": _(
                    "Välj vad filen gäller: hela organisationen (det som saknas i filen "
                    "avslutas) eller bara enheterna i filen (ingenting annat avslutas)."
                )
            }
        )
    hr_import.scope = scope or HrImport.Scope.ORGANISATION
    chosen = hr_import.scopes.get(hr_import.scope)
    if chosen:
        # The counts shown from now on are those of the chosen reading.
        hr_import.summary = (
            hr_import.summary
            | {
                "scope": hr_import.scope,
                "counts": hr_import.summary["counts"] | chosen["counts"],
            }
            | {k: chosen[k] for k in planning.CLOSES}
        )
    job = core_services.job_create(
        actor=actor,
        kind="orgadmin.hr_import",
        title=_("HR-import av %(file)s") % {"file": hr_import.file_name},
        total=hr_import.row_count,
    )
    hr_import.job = job
    hr_import.status = HrImport.Status.APPLYING
    hr_import.save(update_fields=["job", "status", "scope", "summary"])
    audit.record(actor, "hr_import.started", target=hr_import, data={"scope": hr_import.scope})
    from vardag.orgadmin.tasks import apply_hr_import

    core_jobs.job_enqueue(job=job, task=apply_hr_import, args=[hr_import.pk])
    return hr_import


def import_run(*, import_id: int) -> None:
    """The background job: re-plan from the file, then apply everything in one transaction."""
    hr_import = HrImport.objects.select_related("created_by", "job").get(pk=import_id)
    if hr_import.status != HrImport.Status.APPLYING or hr_import.job is None:
        return  # already applied (the task is idempotent)
    job_id = hr_import.job_id
    result_url = reverse("orgadmin:import_detail", args=[hr_import.pk])
    actor = hr_import.created_by
    core_services.job_progress(job_id=job_id, done=0, message=_("Läser filen …"))
    rows = _rows(hr_import)
    core_services.job_progress(job_id=job_id, done=len(rows) // 3, message=_("Jämför …"))
    plan = planning.make_plan(
        hr_import.organisation, rows, scope=hr_import.scope or HrImport.Scope.ORGANISATION
    )
    if plan.rejected:
        _finish(hr_import, plan, is_success=False, result_url=result_url)
        return
    core_services.job_progress(
        job_id=job_id, done=2 * len(rows) // 3, message=_("Sparar ändringarna …")
    )
    try:
        with transaction.atomic():
            _apply(actor, hr_import, plan)
    except Exception:
        _finish(hr_import, plan, is_success=False, result_url=result_url)
        raise
    _finish(hr_import, plan, is_success=True, result_url=result_url)


def _finish(hr_import: HrImport, plan: planning.Plan, *, is_success: bool, result_url: str) -> None:
    with transaction.atomic():
        hr_import.status = HrImport.Status.APPLIED if is_success else HrImport.Status.FAILED
        hr_import.rejected = [{"line": r.line, "reason": r.reason} for r in plan.rejected]
        if is_success:
            hr_import.applied_at = timezone.now()
            # The result page shows what was done, which may differ from the dry run.
            hr_import.summary = plan.summary() | {"scopes": hr_import.scopes}
        hr_import.save(update_fields=["status", "rejected", "applied_at", "summary"])
        message = _("Importen är genomförd.") if is_success else _("Importen genomfördes inte.")
        core_services.job_finish(
            job_id=hr_import.job_id,
            is_success=is_success,
            message=message,
            result=plan.counts,
            result_url=result_url,
        )
        notify(
            actor=None,
            recipients=[hr_import.created_by],
            kind="orgadmin.import_finished",
            subject=lambda: (
                _("HR-import av %(file)s: %(result)s")
                % {
                    "file": hr_import.file_name,
                    "result": _("Importen är genomförd.")
                    if is_success
                    else _("Importen genomfördes inte."),
                }
            ),
            url=result_url,
        )


def _apply(actor: User, hr_import: HrImport, plan: planning.Plan) -> None:
    organisation = hr_import.organisation
    units = {u.code: u for u in Unit.objects.filter(organisation=organisation).exclude(code="")}
    for spec in plan.unit_creates:
        units[spec.code] = core_services.unit_create(
            actor=actor,
            organisation=organisation,
            name=spec.name,
            kind=spec.kind,
            parent=units.get(spec.parent_code) if spec.parent_code else None,
            code=spec.code,
        )
    for unit, spec, changes in plan.unit_changes:
        if changes.pop("reopen", False):
            unit_reopen(actor=actor, unit=unit)
        parent = units.get(spec.parent_code) if spec.parent_code else None
        if "parent" not in changes:
            parent = unit.parent
        unit_update(
            actor=actor, unit=unit, name=spec.name, kind=spec.kind, code=unit.code, parent=parent
        )
    people = {
        u.external_id: u
        for u in User.objects.filter(organisation=organisation).exclude(external_id="")
    }
    for person in plan.person_creates:
        people[person.employee_id] = account_services.user_create(
            actor=actor,
            organisation=organisation,
            username=_free_username(organisation, person.employee_id),
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            title=person.title,
            external_id=person.employee_id,
        )
    for user, changes in plan.person_changes:
        account_services.user_update(actor=actor, user=user, **changes)
    for new in plan.membership_creates:
        account_services.membership_create(
            actor=actor,
            user=people[new.employee_id],
            unit=units[new.unit_code],
            role=new.role,
            starts_on=new.starts_on,
            ends_on=new.ends_on,
            source=Membership.Source.HR,
        )
    for membership, change in plan.membership_changes:
        account_services.membership_update(
            actor=actor,
            membership=membership,
            starts_on=change.starts_on,
            ends_on=change.ends_on,
            clear_end=change.ends_on is None,
        )
    for membership in plan.membership_closes:
        account_services.membership_end(actor=actor, membership=membership)
    for user in plan.person_closes:
        for membership in user.memberships.filter(source=Membership.Source.HR).select_related(
            "unit"
        ):
            if membership.ends_on is None or membership.ends_on >= timezone.localdate():
                account_services.membership_end(actor=actor, membership=membership)
        account_services.user_update(actor=actor, user=user, is_active=False)
    for unit in plan.unit_closes:
        unit.closed_at = timezone.localdate()
        unit.save(update_fields=["closed_at"])
        audit.record(
            actor, "unit.closed", target=unit, data={"by": "hr_import", "scope": plan.scope}
        )
    audit.record(
        actor,
        "hr_import.applied",
        target=hr_import,
        data={"file": hr_import.file_name, "counts": plan.counts},
    )


def _free_username(organisation: Organisation, employee_id: str) -> str:
    base = f"{organisation.slug}-{employee_id}".lower()[:140]
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
