"""Pages of the surveys app: rounds, answering and results (the builder: builder_views.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.selectors import access_unit, unit_list
from vardag.core.tables import CSV_TYPE, csv_text, download
from vardag.surveys import analysis, charts, exports, forms, importers, selectors, services
from vardag.surveys.models import Answer, Audience, Item, Round

# The questionnaire builder's pages (home, questionnaires, sections, items, dimensions, preview)
# are in builder_views.py.


# ---- rounds ----------------------------------------------------------------------------------


@login_required
def round_create(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = selectors.access_questionnaire(request.user, questionnaire_id)
    require(selectors.can_manage(request.user))
    form = forms.RoundForm(
        request.POST or None,
        units=unit_list(request.user),
        rounds=selectors.round_list(request.user),
    )
    if request.method == "POST" and form.is_valid():
        round_ = services.round_create(
            actor=request.user, version=selectors.current_version(q), **form.cleaned_data
        )
        return redirect("surveys:round", round_.pk)
    title = _("Ny omgång av %(title)s") % {"title": q.title}
    return TemplateResponse(request, "surveys/form.html", {"form": form, "title": title})


@login_required
def round_detail(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.access_round(request.user, round_id)
    require(selectors.can_open_round(request.user, round_))
    rates, invited, answered = selectors.response_rates(round_)
    open_url = (
        request.build_absolute_uri(reverse("surveys:answer_open", args=[round_.open_token]))
        if round_.is_open_link and round_.open_token
        else ""
    )
    context = {
        "round": round_,
        "rates": rates,
        "invited": invited,
        "answered": answered,
        "can_manage": selectors.can_manage(request.user),
        "open_url": open_url,
        "target_units": round_.target_units.all(),
    }
    return TemplateResponse(request, "surveys/round.html", context)


def _round_action(request: AuthedRequest, round_id: int, action: Any, done: str) -> HttpResponse:
    round_ = selectors.access_round(request.user, round_id)
    require(selectors.can_manage(request.user))
    act_or_message(request, lambda: action(actor=request.user, round_=round_), done)
    return redirect("surveys:round", round_.pk)


@require_POST
@login_required
def round_open(request: AuthedRequest, round_id: int) -> HttpResponse:
    return _round_action(request, round_id, services.round_open, _("Omgången är startad."))


@require_POST
@login_required
def round_remind(request: AuthedRequest, round_id: int) -> HttpResponse:
    return _round_action(request, round_id, services.round_remind, _("Påminnelser är skickade."))


@require_POST
@login_required
def round_close(request: AuthedRequest, round_id: int) -> HttpResponse:
    return _round_action(request, round_id, services.round_close, _("Omgången är avslutad."))


@login_required
def round_links(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.access_round(request.user, round_id)
    require(selectors.can_manage(request.user))
    form = forms.LinksForm(request.POST or None, units=unit_list(request.user))
    if request.method == "POST" and form.is_valid():
        links = save_or_errors(
            form,
            lambda: services.round_links_generate(
                actor=request.user, round_=round_, **form.cleaned_data
            ),
        )
        if links is not None:
            rows = [[_("Enhet"), _("Grupp"), _("Länk")]]
            for link in links:
                url = request.build_absolute_uri(reverse("surveys:answer", args=[link.token]))
                rows.append([link.unit.name, str(Audience(link.audience).label), url])
            return download(csv_text(rows).encode(), "lankar.csv", CSV_TYPE)
    title = _("Anonyma länkar för %(title)s") % {"title": round_.title}
    return TemplateResponse(request, "surveys/form.html", {"form": form, "title": title})


@login_required
def round_import(request: AuthedRequest, round_id: int) -> HttpResponse:
    """Step 1 of an answer import: upload a CSV or XLSX file (kept on the server)."""
    round_ = selectors.access_round(request.user, round_id)
    require(importers.can_import(request.user))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = save_or_errors(
            form,
            lambda: importers.answer_import_upload(
                actor=request.user, round_=round_, file_name=upload.name, content=upload.read()
            ),
        )
        if stored is not None:
            return redirect("surveys:round_import_map", round_.pk, stored.pk)
    return TemplateResponse(request, "surveys/import.html", {"form": form, "round": round_})


@login_required
def round_import_map(request: AuthedRequest, round_id: int, import_id: int) -> HttpResponse:
    """Steps 2 and 3: match every column, then the dry run with a report by row."""
    round_ = selectors.access_round(request.user, round_id)
    require(importers.can_import(request.user))
    stored = importers.access_answer_import(request.user, round_, import_id)
    items = importers.importable_items(round_)
    form = forms.MappingForm(
        request.POST or None,
        headers=stored.headers,
        mapping=stored.mapping,
        items=items,
        samples=stored.report.get("samples", []),
    )
    if request.method == "POST" and form.is_valid():
        checked = save_or_errors(
            form,
            lambda: importers.answer_import_check(
                actor=request.user, answer_import=stored, mapping=form.mapping()
            ),
        )
        if checked is not None:
            return redirect("surveys:round_import_map", round_.pk, stored.pk)
    context = {
        "form": form,
        "round": round_,
        "stored": stored,
        "report": importers.ImportReport.from_json(stored.report) if stored.report else None,
        "is_checked": stored.status == stored.Status.CHECKED,
        "is_open": stored.status in {stored.Status.UPLOADED, stored.Status.CHECKED},
    }
    return TemplateResponse(request, "surveys/import_map.html", context)


@require_POST
@login_required
def round_import_apply(request: AuthedRequest, round_id: int, import_id: int) -> HttpResponse:
    """Step 4: save every row in one transaction, or nothing."""
    round_ = selectors.access_round(request.user, round_id)
    require(importers.can_import(request.user))
    stored = importers.access_answer_import(request.user, round_, import_id)
    report = act_or_message(
        request,
        lambda: importers.answer_import_apply(actor=request.user, answer_import=stored),
        lambda report: (
            _("%(n)s svar är importerade, %(skipped)s rader hoppades över.")
            % {"n": report.imported, "skipped": len(report.skipped)}
        ),
    )
    if report is None:
        return redirect("surveys:round_import_map", round_.pk, stored.pk)
    return redirect("surveys:round", round_.pk)


# ---- results ---------------------------------------------------------------------------------


def _results_context(request: AuthedRequest, round_: Round, unit_id: int | None) -> dict[str, Any]:
    unit = access_unit(request.user, unit_id) if unit_id is not None else None
    results = selectors.results_for(request.user, round_, unit_id)
    language = get_language() or "sv"
    codes = [d.spec.code for d in results.dimensions]
    trend_rows = [(past, [means.get(c) for c in codes]) for past, means in results.trend]
    return {
        "trend_rows": trend_rows,
        "round": round_,
        "unit": unit,
        "results": results,
        "language": language,
        "chart": charts.dimension_chart(results, language),
        "trend_chart": charts.trend_chart(results, language),
        "fmt": analysis.fmt,
    }


@login_required
def results(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.access_round(request.user, round_id)
    if not request.user.has_role(*selectors.WIDE_ROLES):
        managed = sorted(request.user.unit_ids_with_role(*selectors.MANAGER_ROLES))
        require(bool(managed))
        return redirect("surveys:results_unit", round_.pk, managed[0])
    context = _results_context(request, round_, None)
    return TemplateResponse(request, "surveys/results.html", context)


@login_required
def results_unit(request: AuthedRequest, round_id: int, unit_id: int) -> HttpResponse:
    round_ = selectors.access_round(request.user, round_id)
    context = _results_context(request, round_, unit_id)
    return TemplateResponse(request, "surveys/results.html", context)


@login_required
def result_dimension(request: AuthedRequest, round_id: int, code: str) -> HttpResponse:
    """A stable reference to one dimension's result (ideas/meetings link challenges here)."""
    round_ = selectors.access_round(request.user, round_id)
    unit_param = request.GET.get("enhet", "")
    unit_id = int(unit_param) if unit_param.isdigit() else None
    if unit_id is None and not request.user.has_role(*selectors.WIDE_ROLES):
        managed = sorted(request.user.unit_ids_with_role(*selectors.MANAGER_ROLES))
        require(bool(managed))
        unit_id = managed[0]
    context = _results_context(request, round_, unit_id)
    found = [d for d in context["results"].dimensions if d.spec.code == code]
    if not found and not context["results"].is_suppressed:
        raise Http404
    context["dimension"] = found[0] if found else None
    context["code"] = code
    context.update(_dimension_units(context["results"], code))
    user = request.user
    context["can_act"] = user.is_manager or user.is_org_admin or user.is_innovation_staff
    return TemplateResponse(request, "surveys/result_dimension.html", context)


def _dimension_units(results: analysis.RoundResults, code: str) -> dict[str, Any]:
    """One dimension's unit comparison (chart and table) and its gap per unit."""
    comparison = next((c for c in results.unit_comparisons if c.spec.code == code), None)
    return {
        "comparison": comparison,
        "comparison_rows": (
            list(zip(comparison.units, comparison.result.groups, strict=True))
            if comparison and comparison.result
            else []
        ),
        "unit_chart": charts.unit_comparison_chart(comparison),
        "unit_gap_rows": [
            (g.unit, next(c for c in g.cells if c.spec.code == code)) for g in results.unit_gaps
        ],
    }


@login_required
def export(request: AuthedRequest, round_id: int, fmt: str) -> HttpResponse:
    round_ = selectors.access_round(request.user, round_id)
    require(request.user.has_role(*selectors.WIDE_ROLES))
    name = f"omgang-{round_.pk}"
    if fmt == "csv":
        body, kind = exports.to_csv(round_), "text/csv; charset=utf-8"
    elif fmt == "sav":
        body, kind = exports.to_sav(round_), "application/x-spss-sav"
    elif fmt == "xlsx":
        body = exports.to_xlsx(round_, selectors.results_for(request.user, round_))
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body, kind = _report_pdf(request, round_), "application/pdf"
    else:
        raise Http404
    return download(body, f"{name}.{fmt}", kind)


def _report_pdf(request: AuthedRequest, round_: Round) -> bytes:
    """The organisation's results as a tagged PDF (WeasyPrint; the same suppressed figures)."""
    import weasyprint

    context = _results_context(request, round_, None)
    html = render_to_string("surveys/report_pdf.html", context, request=request)
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


# ---- answering (public, by link) -------------------------------------------------------------


def _message(request: HttpRequest, text: str, status: int = 200) -> HttpResponse:
    return TemplateResponse(request, "surveys/message.html", {"text": text}, status=status)


def answer_open(request: HttpRequest, open_token: str) -> HttpResponse:
    round_ = selectors.open_round(open_token)
    if round_ is None:
        return _message(request, _("Länken är inte giltig."), status=404)
    if request.method == "POST":
        try:
            token = services.open_response_start(round_=round_, language=get_language() or "sv")
        except ValidationError as exc:
            return _message(request, " ".join(exc.messages))
        return redirect("surveys:answer", token)
    return TemplateResponse(request, "surveys/answer_start.html", {"round": round_})


def _visible_sections(version_id: int, answers: dict[int, Answer]) -> list:
    from vardag.surveys.models import Section

    sections = Section.objects.filter(version_id=version_id).prefetch_related("items")
    visible = []
    for section in sections:
        if section.condition_item_id:
            given = answers.get(section.condition_item_id)
            value = "" if given is None or given.value is None else f"{given.value:g}"
            if value != section.condition_value:
                continue
        visible.append(section)
    return visible


def answer(request: HttpRequest, token: str) -> HttpResponse:
    target = selectors.token_target(token)
    if target is None:
        return _message(request, _("Länken är inte giltig."), status=404)
    if target.invitation is not None and target.invitation.is_used:
        return _message(
            request, _("Den här länken har redan använts för att svara. Tack för ditt svar!")
        )
    if target.round.status != Round.Status.OPEN:
        return _message(request, _("Enkäten är inte öppen för svar."))
    language = get_language() or "sv"
    audience = target.invitation.audience if target.invitation else "other"
    answers = {a.item_id: a for a in target.response.answers.all()} if target.response else {}
    sections = _visible_sections(target.round.version_id, answers)
    page = _page(request, target, len(sections))
    section = sections[page]
    error = ""
    if request.method == "POST":
        items = list(section.items.all())
        data = {
            i.code: (
                request.POST.getlist(i.code)
                if i.kind == Item.Kind.MULTIPLE
                else request.POST.get(i.code)
            )
            for i in items
        }
        step = request.POST.get("step", "next")
        target_page = max(0, page - 1) if step == "back" else min(page + 1, len(sections) - 1)
        try:
            services.response_save_page(
                token=token, items=items, data=data, language=language, page=target_page
            )
            if step == "submit":
                services.response_submit(token=token)
                return redirect("surveys:answer_done")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if step == "save":
                return _message(
                    request, _("Dina svar är sparade. Öppna samma länk för att fortsätta senare.")
                )
            return redirect(f"{reverse('surveys:answer', args=[token])}?sida={target_page + 1}")
    context = {
        "round": target.round,
        "section": section,
        "section_title": section.title(language),
        "questions": _questions(
            section, answers, language, audience, request.POST if error else None
        ),
        "page": page,
        "pages": len(sections),
        "is_last": page == len(sections) - 1,
        "error": error,
        "language": language,
    }
    return TemplateResponse(request, "surveys/answer.html", context)


def _page(request: HttpRequest, target: selectors.TokenTarget, count: int) -> int:
    raw = request.POST.get("page") if request.method == "POST" else request.GET.get("sida")
    saved = target.response.page if target.response else 0
    page = int(raw) - 1 if raw and raw.isdigit() else saved
    return min(max(page, 0), count - 1)


def _questions(section: Any, answers: dict, language: str, audience: str, posted: Any) -> list:
    from vardag.surveys.instrument import SCALE_LABELS

    rows = []
    for item in section.items.all():
        given = answers.get(item.pk)
        if posted is not None:
            current: Any = (
                posted.getlist(item.code)
                if item.kind == Item.Kind.MULTIPLE
                else posted.get(item.code, "")
            )
        elif given is None:
            current = [] if item.kind == Item.Kind.MULTIPLE else ""
        elif item.kind == Item.Kind.OPEN:
            current = given.text
        elif item.kind == Item.Kind.MULTIPLE:
            current = given.choices
        else:
            current = "" if given.value is None else f"{given.value:g}"
        options = _options(item, language, SCALE_LABELS)
        rows.append(
            {
                "item": item,
                "text": item.text(language, audience),
                "options": options,
                "current": current,
            }
        )
    return rows


def _options(item: Item, language: str, scale_labels: dict) -> list[tuple[str, str]]:
    if item.is_scale:
        labels = scale_labels["en" if language == "en" else "sv"] if item.scale_points == 5 else []
        return [
            (str(v), f"{v} – {labels[v - 1]}" if labels else str(v))
            for v in range(1, item.scale_points + 1)
        ]
    if item.kind == Item.Kind.YES_NO:
        return [("1", _("Ja")), ("0", _("Nej"))]
    return [
        (str(c[0]), (c[2] if language == "en" and len(c) > 2 and c[2] else c[1]))
        for c in item.choices
    ]


def answer_done(request: HttpRequest) -> HttpResponse:
    return _message(request, _("Tack! Ditt svar är inskickat. Det går inte att koppla till dig."))
