"""Records area (organisation admins and the data protection officer): retention rules, the
retention job's trail, erasure requests, disclosure of public documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.tables import download
from vardag.meetings.pdf import render_pdf
from vardag.orgadmin.selectors import person_list
from vardag.records import documents, erasure, forms, selectors, services
from vardag.records import trail as trail_lines
from vardag.records.kinds import KINDS
from vardag.records.models import ErasureRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    rules = selectors.retention_rule_list(request.user)
    open_kinds = selectors.open_rule_kinds(request.user)
    form = forms.RetentionRuleForm(request.POST or None, open_kinds=open_kinds)
    if request.method == "POST" and open_kinds and form.is_valid():
        rule = save_or_errors(
            form, lambda: services.retention_rule_save(actor=request.user, **form.cleaned_data)
        )
        if rule is not None:
            messages.success(request, _("Gallringsregeln är sparad."))
            return redirect("records:home")
    context = {
        "rows": [(rule, KINDS.get(rule.kind)) for rule in rules],
        "form": form if open_kinds else None,
    }
    return TemplateResponse(request, "records/home.html", context)


@login_required
def rule_edit(request: AuthedRequest, rule_id: int) -> HttpResponse:
    rule = selectors.access_retention_rule(request.user, rule_id)
    form = forms.RetentionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "kind": rule.kind}
        saved = save_or_errors(
            form, lambda: services.retention_rule_save(actor=request.user, rule=rule, **data)
        )
        if saved is not None:
            messages.success(request, _("Gallringsregeln är sparad."))
            return redirect("records:home")
    return TemplateResponse(
        request,
        "records/rule_edit.html",
        {"form": form, "rule": rule, "kind": KINDS.get(rule.kind)},
    )


@login_required
def trail(request: AuthedRequest) -> HttpResponse:
    events = selectors.records_trail(request.user)
    page = Paginator(events, 50).get_page(request.GET.get("sida"))
    rows = trail_lines.described(list(page.object_list), request.user)
    return TemplateResponse(request, "records/trail.html", {"page": page, "rows": rows})


@login_required
def erasure_list(request: AuthedRequest) -> HttpResponse:
    requests = selectors.erasure_request_list(request.user)
    people = person_list(request.user, include_inactive=True).order_by(
        "first_name", "last_name", "username", "pk"
    )
    form = forms.ErasureRequestForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = save_or_errors(
            form,
            lambda: services.erasure_request_review(
                actor=request.user,
                received_on=data["received_on"],
                person=data["person"],
                participant_code=data["participant_code"],
                note=data["note"],
            ),
        )
        if created is not None:
            return redirect("records:erasure_detail", request_id=created.pk)
    shown = list(requests[:100])
    for item in shown:
        label = forms.person_label(item.subject, email=False) if item.subject else ""
        item.subject_label = label  # type: ignore[attr-defined]
    context = {"requests": shown, "form": form}
    return TemplateResponse(request, "records/erasure_list.html", context)


def _erasure_detail_context(
    erasure_request: ErasureRequest, withdraw_form: forms.WithdrawErasureForm | None = None
) -> dict[str, object]:
    shown = erasure_request.outcome if erasure_request.status == "done" else erasure_request.plan
    current = services.erasure_plan_changed(erasure_request)
    subject = erasure_request.subject
    return {
        "erasure_request": erasure_request,
        "subject_label": forms.person_label(subject, email=False) if subject else "",
        "erase": erasure.describe(shown.get("erase", [])),
        "refuse": erasure.describe(shown.get("refuse", [])),
        "current": current is not None,
        "current_erase": erasure.describe((current or {}).get("erase", [])),
        "current_refuse": erasure.describe((current or {}).get("refuse", [])),
        "withdraw_form": withdraw_form or forms.WithdrawErasureForm(),
    }


@login_required
def erasure_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    erasure_request = selectors.access_erasure_request(request.user, request_id)
    return TemplateResponse(
        request, "records/erasure_detail.html", _erasure_detail_context(erasure_request)
    )


@login_required
@require_POST
def erasure_execute(request: AuthedRequest, request_id: int) -> HttpResponse:
    erasure_request = selectors.access_erasure_request(request.user, request_id)
    # Not through act_or_message: a refusal because the data changed is audited, and that
    # audit event must stay when the refusal is raised.
    try:
        services.erasure_request_execute(actor=request.user, request=erasure_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Raderingen är genomförd. Det som inte får raderas finns kvar, med skälet.")
        )
    return redirect("records:erasure_detail", request_id=erasure_request.pk)


@login_required
@require_POST
def erasure_rereview(request: AuthedRequest, request_id: int) -> HttpResponse:
    erasure_request = selectors.access_erasure_request(request.user, request_id)
    act_or_message(
        request,
        lambda: services.erasure_request_rereview(actor=request.user, request=erasure_request),
        _("Begäran är granskad igen med uppgifterna som de är nu."),
    )
    return redirect("records:erasure_detail", request_id=erasure_request.pk)


@login_required
@require_POST
def erasure_withdraw(request: AuthedRequest, request_id: int) -> HttpResponse:
    erasure_request = selectors.access_erasure_request(request.user, request_id)
    form = forms.WithdrawErasureForm(request.POST)
    if form.is_valid():
        done = save_or_errors(
            form,
            lambda: services.erasure_request_withdraw(
                actor=request.user, request=erasure_request, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Begäran är återkallad. Ingenting raderades."))
            return redirect("records:erasure_detail", request_id=erasure_request.pk)
    context = _erasure_detail_context(erasure_request, withdraw_form=form)
    return TemplateResponse(request, "records/erasure_detail.html", context, status=400)


@login_required
def disclosure_list(request: AuthedRequest) -> HttpResponse:
    disclosures = selectors.disclosure_list(request.user)
    form = forms.DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = save_or_errors(
            form, lambda: services.disclosure_start(actor=request.user, **form.cleaned_data)
        )
        if created is not None:
            return redirect("records:disclosure_detail", disclosure_id=created.pk)
    context = {"disclosures": disclosures[:100], "form": form}
    return TemplateResponse(request, "records/disclosure_list.html", context)


@login_required
def disclosure_detail(request: AuthedRequest, disclosure_id: int) -> HttpResponse:
    disclosure = selectors.access_disclosure(request.user, disclosure_id)
    document = selectors.disclosure_document(disclosure)
    masks = selectors.disclosure_masks(disclosure)
    form = forms.MaskingForm(
        request.POST or None,
        parts=document.parts,
        masks=masks,
        initial={"note": disclosure.decision_note},
    )
    if request.method == "POST" and form.is_valid():
        decided = save_or_errors(
            form,
            lambda: services.disclosure_decide(
                actor=request.user,
                disclosure=disclosure,
                masks=form.masks(),
                note=form.cleaned_data["note"],
            ),
        )
        if decided is not None:
            messages.success(request, _("Sekretessprövningen är sparad."))
            return redirect("records:disclosure_detail", disclosure_id=disclosure.pk)
    # Disclosed parts that quote a masked one: the quotation is replaced in what is handed out.
    quoting = {row["key"] for row in documents.masked(document, masks) if row["scrubbed"]}
    rows = [(part, form[name], part.key in quoting) for part, name in form.part_fields]
    context = {"disclosure": disclosure, "document": document, "form": form, "rows": rows}
    return TemplateResponse(request, "records/disclosure_detail.html", context)


@login_required
@require_POST
def disclosure_pdf(request: AuthedRequest, disclosure_id: int) -> HttpResponse:
    disclosure = selectors.access_disclosure(request.user, disclosure_id)
    if disclosure.decided_at is None:
        messages.error(request, _("Pröva handlingen innan den lämnas ut."))
        return redirect("records:disclosure_detail", disclosure_id=disclosure.pk)
    document = selectors.disclosure_document(disclosure)
    masks = selectors.disclosure_masks(disclosure)
    context = {
        "disclosure": disclosure,
        "document": document,
        "facts": documents.masked_facts(document, masks),
        "parts": documents.masked(document, masks),
    }
    pdf = render_pdf(request, "records/disclosure_pdf.html", context)
    services.disclosure_exported(actor=request.user, disclosure=disclosure, size=len(pdf))
    return download(pdf, f"utlamnande-{disclosure.pk}.pdf", "application/pdf")
