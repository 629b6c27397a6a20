"""The organisation admin area: thin views over orgadmin selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vardag.accounts import personal_data
from vardag.accounts.http import AuthedRequest
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.selectors import unit_tree
from vardag.core.tables import download
from vardag.ideas.selectors import process_model_list
from vardag.orgadmin import forms, labels, selectors, services


def _open_units(request: AuthedRequest) -> Any:
    return selectors.unit_admin_list(request.user).filter(closed_at__isnull=True).order_by("name")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    organisation = request.user.organisation
    context = {
        "organisation": organisation,
        "unit_count": _open_units(request).count(),
        "person_count": selectors.person_list(request.user).count(),
        "imports": selectors.import_list(request.user)[:5],
    }
    return TemplateResponse(request, "orgadmin/home.html", context)


@login_required
def policy(request: AuthedRequest) -> HttpResponse:
    selectors.unit_admin_list(request.user)  # admins only
    models = process_model_list(request.user)
    form = forms.PolicyForm(
        request.POST or None, instance=request.user.organisation, process_models=models
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in forms.PolicyForm.Meta.fields}
        saved = save_or_errors(
            form,
            lambda: services.policy_update(
                actor=request.user, process_model=form.cleaned_data["process_model"], **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Organisationens inställningar är sparade."))
            return redirect("orgadmin:policy")
    return TemplateResponse(request, "orgadmin/policy.html", {"form": form})


@login_required
def unit_list(request: AuthedRequest) -> HttpResponse:
    units = _open_units(request)  # admins only
    show_closed = request.GET.get("visa") == "alla"
    nodes = unit_tree(request.user, include_closed=show_closed)
    form = forms.UnitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = save_or_errors(
            form,
            lambda: services.unit_add(actor=request.user, **form.cleaned_data),
        )
        if unit is not None:
            messages.success(request, _("Enheten %(name)s är skapad.") % {"name": unit.name})
            return redirect("orgadmin:unit_detail", unit_id=unit.pk)
    context = {"nodes": nodes, "form": form, "show_closed": show_closed}
    return TemplateResponse(request, "orgadmin/unit_list.html", context)


@login_required
def unit_detail(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = selectors.access_admin_unit(request.user, unit_id)
    parents = _open_units(request).exclude(pk=unit.pk)
    initial = {"name": unit.name, "kind": unit.kind, "code": unit.code, "parent": unit.parent}
    form = forms.UnitForm(request.POST or None, units=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.unit_update(actor=request.user, unit=unit, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Enheten är sparad."))
            return redirect("orgadmin:unit_detail", unit_id=unit.pk)
    context = {
        "unit": unit,
        "form": form,
        "close_form": forms.CloseUnitForm(initial={"closed_at": timezone.localdate()}),
        "memberships": selectors.unit_memberships(unit),
        "history": _unit_history(request, unit),
    }
    return TemplateResponse(request, "orgadmin/unit_detail.html", context)


@require_POST
@login_required
def unit_close(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = selectors.access_admin_unit(request.user, unit_id)
    form = forms.CloseUnitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange ett giltigt datum."))
        return redirect("orgadmin:unit_detail", unit_id=unit.pk)
    act_or_message(
        request,
        lambda: services.unit_close(
            actor=request.user, unit=unit, on=form.cleaned_data["closed_at"]
        ),
        _("Enheten är avvecklad. Historiken finns kvar."),
    )
    return redirect("orgadmin:unit_detail", unit_id=unit.pk)


@require_POST
@login_required
def unit_reopen(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = selectors.access_admin_unit(request.user, unit_id)
    services.unit_reopen(actor=request.user, unit=unit)
    messages.success(request, _("Enheten är öppnad igen."))
    return redirect("orgadmin:unit_detail", unit_id=unit.pk)


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    include_inactive = request.GET.get("visa") == "alla"
    people = selectors.person_list(request.user, search=search, include_inactive=include_inactive)
    page = Paginator(people, 50).get_page(request.GET.get("sida"))
    form = forms.PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = save_or_errors(
            form,
            lambda: services.person_add(actor=request.user, **form.cleaned_data),
        )
        if person is not None:
            messages.success(request, _("Personen är tillagd. Lägg till ett uppdrag."))
            return redirect("orgadmin:person_detail", user_id=person.pk)
    context = {"page": page, "q": search, "include_inactive": include_inactive, "form": form}
    return TemplateResponse(request, "orgadmin/person_list.html", context)


@login_required
def person_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    person = selectors.access_person(request.user, user_id)
    fields = ("first_name", "last_name", "email", "title", "is_active")
    initial = {key: getattr(person, key) for key in fields}
    is_edit = request.method == "POST" and "first_name" in request.POST
    form = forms.PersonEditForm(request.POST if is_edit else None, initial=initial)
    membership_form = forms.MembershipForm(
        request.POST if request.method == "POST" and not is_edit else None,
        units=_open_units(request),
        initial={"starts_on": timezone.localdate()},
    )
    if is_edit and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.person_update(actor=request.user, person=person, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Uppgifterna är sparade."))
            return redirect("orgadmin:person_detail", user_id=person.pk)
    if request.method == "POST" and not is_edit and membership_form.is_valid():
        added = save_or_errors(
            membership_form,
            lambda: services.membership_add(
                actor=request.user, person=person, **membership_form.cleaned_data
            ),
        )
        if added is not None:
            messages.success(request, _("Uppdraget är tillagt."))
            return redirect("orgadmin:person_detail", user_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "membership_form": membership_form,
        "memberships": person.memberships.all(),
        "can_export": selectors.can_export_person_data(request.user, person),
    }
    return TemplateResponse(request, "orgadmin/person_detail.html", context)


@never_cache
@login_required
def person_data_export(request: AuthedRequest, user_id: int) -> HttpResponse:
    """The person's data as their own download gives it (a register extract), audited."""
    person = selectors.access_person(request.user, user_id)
    content = services.person_data_export(actor=request.user, person=person)
    return download(content, personal_data.file_name(person, own=False), "application/zip")


@login_required
def membership_edit(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = selectors.access_membership(request.user, membership_id)
    initial = {"starts_on": membership.starts_on, "ends_on": membership.ends_on}
    form = forms.MembershipDatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.membership_change(
                actor=request.user, membership=membership, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("Uppdraget är ändrat."))
            return redirect("orgadmin:person_detail", user_id=membership.user_id)
    context = {"membership": membership, "form": form}
    return TemplateResponse(request, "orgadmin/membership_edit.html", context)


@login_required
def agreement_list(request: AuthedRequest) -> HttpResponse:
    agreements = selectors.agreement_admin_list(request.user)
    form = forms.AgreementForm(
        request.POST or None,
        partners=selectors.partner_candidates(request.user),
        units=_open_units(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agreement = save_or_errors(
            form,
            lambda: services.agreement_add(
                actor=request.user,
                title=data["title"],
                purpose=data["purpose"],
                partners=list(data["partners"]),
                units=list(data["units"]),
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            ),
        )
        if agreement is not None:
            messages.success(request, _("Överenskommelsen är registrerad."))
            return redirect("orgadmin:agreement_detail", agreement_id=agreement.pk)
    context = {"agreements": agreements, "form": form, "today": timezone.localdate()}
    return TemplateResponse(request, "orgadmin/agreement_list.html", context)


@login_required
def agreement_detail(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.access_agreement(request.user, agreement_id)
    context = {
        "agreement": agreement,
        "is_active": agreement.is_active_on(timezone.localdate()),
        "forums": selectors.agreement_joint_forums(request.user, agreement),
    }
    return TemplateResponse(request, "orgadmin/agreement_detail.html", context)


@require_POST
@login_required
def agreement_terminate(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.access_agreement(request.user, agreement_id)
    services.agreement_terminate(actor=request.user, agreement=agreement)
    messages.success(request, _("Överenskommelsen är avslutad."))
    return redirect("orgadmin:agreement_detail", agreement_id=agreement.pk)


@login_required
def sso(request: AuthedRequest) -> HttpResponse:
    mappings = selectors.group_mapping_list(request.user)
    form = forms.GroupMappingForm(request.POST or None, units=_open_units(request))
    if request.method == "POST" and form.is_valid():
        services.group_mapping_add(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Gruppkopplingen är sparad."))
        return redirect("orgadmin:sso")
    return TemplateResponse(request, "orgadmin/sso.html", {"mappings": mappings, "form": form})


@require_POST
@login_required
def group_mapping_remove(request: AuthedRequest, mapping_id: int) -> HttpResponse:
    mapping = selectors.access_group_mapping(request.user, mapping_id)
    services.group_mapping_remove(actor=request.user, mapping=mapping)
    messages.success(request, _("Gruppkopplingen är borttagen."))
    return redirect("orgadmin:sso")


@login_required
def import_list(request: AuthedRequest) -> HttpResponse:
    imports = selectors.import_list(request.user)[:30]
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        hr_import = save_or_errors(
            form,
            lambda: services.import_upload(
                actor=request.user, file_name=upload.name, content=upload.read()
            ),
            field="file",  # a file that cannot be read (importing.ImportFileError)
        )
        if hr_import is not None:
            return redirect("orgadmin:import_detail", import_id=hr_import.pk)
    return TemplateResponse(
        request, "orgadmin/import_list.html", {"imports": imports, "form": form}
    )


@login_required
def import_detail(request: AuthedRequest, import_id: int) -> HttpResponse:
    """Step 2 (map columns, dry run) and step 3 (result) of an import."""
    hr_import = selectors.access_import(request.user, import_id)
    form = forms.MappingForm(
        request.POST or None, headers=hr_import.headers, mapping=hr_import.mapping
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.import_check(
                actor=request.user, hr_import=hr_import, mapping=form.mapping()
            ),
        )
        if saved is not None:
            return redirect("orgadmin:import_detail", import_id=hr_import.pk)
    apply_form = forms.ImportApplyForm(hr_import=hr_import)
    return _import_page(request, hr_import, form=form, apply_form=apply_form)


def _unit_history(request: AuthedRequest, unit: Any) -> list[Any]:
    """A unit's last 50 events in words, the units their data names read in one query."""
    events = list(selectors.unit_history(unit)[:50])
    ids = labels.unit_ids_in(events)
    named = selectors.unit_admin_list(request.user).filter(pk__in=ids) if ids else []
    return labels.history(events, unit_names={u.pk: u.name for u in named})


def _import_page(
    request: AuthedRequest, hr_import: Any, *, form: Any, apply_form: Any, status: int = 200
) -> HttpResponse:
    needs_scope = hr_import.needs_scope and hr_import.status == "checked"
    context = {
        "hr_import": hr_import,
        "form": form,
        "apply_form": apply_form,
        "counts": hr_import.summary.get("counts", {}),
        "scopes": {name: labels.closes(scoped) for name, scoped in hr_import.scopes.items()},
        "needs_scope": needs_scope,
        "examples": labels.examples(hr_import.summary, without_closes=needs_scope),
        "history": labels.history(selectors.import_history(hr_import)),
        "is_editable": hr_import.status in {"uploaded", "checked"},
    }
    return TemplateResponse(request, "orgadmin/import_detail.html", context, status=status)


@require_POST
@login_required
def import_apply(request: AuthedRequest, import_id: int) -> HttpResponse:
    hr_import = selectors.access_import(request.user, import_id)
    apply_form = forms.ImportApplyForm(request.POST, hr_import=hr_import)
    if apply_form.is_valid():
        started = save_or_errors(
            apply_form,
            lambda: services.import_start(
                actor=request.user, hr_import=hr_import, scope=apply_form.cleaned_data["scope"]
            ),
        )
        if started is not None:
            return redirect("shell:job", job_id=started.job_id)
    mapping = forms.MappingForm(headers=hr_import.headers, mapping=hr_import.mapping)
    return _import_page(request, hr_import, form=mapping, apply_form=apply_form, status=422)
