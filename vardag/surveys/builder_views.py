"""Pages of the questionnaire builder: questionnaires, sections, items, dimensions, preview.

Every edit goes through the builder services, which make a new version when answers have come
in; each edit page says so before the edit (`next_version_notice`). Reordering is a POST button
(up/down) that works without JavaScript and brings the person back to the moved row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.selectors import organisation_of
from vardag.surveys import builder, forms, instrument, selectors
from vardag.surveys import builder_selectors as bs
from vardag.surveys.models import Audience, Item, Questionnaire

# ---- helpers ---------------------------------------------------------------------------------


def _managed(request: AuthedRequest, questionnaire_id: int) -> Questionnaire:
    q = selectors.access_questionnaire(request.user, questionnaire_id)
    require(selectors.can_manage(request.user))
    return q


def _back(q: Questionnaire, anchor: str = "") -> HttpResponse:
    url = reverse("surveys:questionnaire", args=[q.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_page(request: AuthedRequest, q: Questionnaire, form: Any, title: str) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "questionnaire": q,
        "notice": bs.next_version_notice(q),
    }
    return TemplateResponse(request, "surveys/form.html", context)


def _moved(version_number: int) -> str:
    return _("Ordningen är ändrad (version %(n)s).") % {"n": version_number}


# ---- questionnaires --------------------------------------------------------------------------


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    installed = builder.installed_instrument(organisation_of(request.user).pk)
    rounds = list(selectors.round_list(request.user))
    context = {
        "questionnaires": selectors.questionnaire_list(request.user),
        "rounds": rounds,
        "openable": {r.pk for r in rounds if selectors.can_open_round(request.user, r)},
        "can_manage": selectors.can_manage(request.user),
        "installed": installed,
        "instrument_version": instrument.INSTRUMENT_VERSION,
    }
    return TemplateResponse(request, "surveys/home.html", context)


@login_required
def questionnaire_create(request: AuthedRequest) -> HttpResponse:
    require(selectors.can_manage(request.user))
    form = forms.QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        q = save_or_errors(
            form,
            lambda: builder.questionnaire_create(
                actor=request.user, organisation=organisation_of(request.user), **form.cleaned_data
            ),
        )
        if q is not None:
            return redirect("surveys:questionnaire", q.pk)
    return TemplateResponse(request, "surveys/form.html", {"form": form, "title": _("Ny enkät")})


@require_POST
@login_required
def instrument_install(request: AuthedRequest) -> HttpResponse:
    """Idempotent: a second click (or a second tab) opens the one already installed."""
    require(selectors.can_manage(request.user))
    q, created = builder.instrument_ensure(
        actor=request.user, organisation=organisation_of(request.user)
    )
    if created:
        messages.success(request, _("Förutsättningsanalysen är tillagd."))
    else:
        messages.info(
            request,
            _("Förutsättningsanalysen (version %(v)s) fanns redan; här är den.")
            % {"v": instrument.INSTRUMENT_VERSION},
        )
    return redirect("surveys:questionnaire", q.pk)


@login_required
def questionnaire(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = selectors.access_questionnaire(request.user, questionnaire_id)
    version = bs.builder_contents(q)
    sections = list(version.sections.all())
    context = {
        "questionnaire": q,
        "version": version,
        "sections": sections,
        "last_section": len(sections),
        "can_manage": selectors.can_manage(request.user),
        "notice": bs.next_version_notice(q),
        "language": get_language(),
        "versions": bs.version_history(q),
    }
    return TemplateResponse(request, "surveys/questionnaire.html", context)


@login_required
def preview(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    """The questionnaire as respondents see it, read-only, in the page's language."""
    q = selectors.access_questionnaire(request.user, questionnaire_id)
    version = bs.builder_contents(q)
    audiences = [Audience.EMPLOYEE, Audience.MANAGER] if bs.has_manager_wording(version) else []
    audience = request.GET.get("grupp", Audience.EMPLOYEE)
    if audience not in {Audience.EMPLOYEE, Audience.MANAGER}:
        audience = Audience.EMPLOYEE
    language = get_language() or "sv"
    sections = [
        {
            "section": s,
            "title": s.title(language),
            "questions": [_preview_row(i, language, audience) for i in s.items.all()],
        }
        for s in version.sections.all()
    ]
    context = {
        "questionnaire": q,
        "version": version,
        "sections": sections,
        "audiences": [(a, Audience(a).label) for a in audiences],
        "audience": audience,
    }
    return TemplateResponse(request, "surveys/preview.html", context)


def _preview_row(item: Item, language: str, audience: str) -> dict[str, Any]:
    from vardag.surveys.views import _options

    options = _options(item, language, instrument.SCALE_LABELS)
    return {"item": item, "text": item.text(language, audience), "options": options}


# ---- sections --------------------------------------------------------------------------------


@login_required
def section_add(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    version = builder.latest_version(q)
    form = forms.SectionForm(request.POST or None, items=bs.condition_items(version))
    if request.method == "POST" and form.is_valid():
        section = save_or_errors(
            form,
            lambda: builder.section_add(actor=request.user, questionnaire=q, **form.cleaned_data),
        )
        if section is not None:
            return _back(q, f"avsnitt-{section.order}")
    return _form_page(request, q, form, _("Nytt avsnitt i %(title)s") % {"title": q.title})


@login_required
def section_edit(request: AuthedRequest, questionnaire_id: int, section_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    section = bs.access_section(request.user, q, section_id)
    form = forms.SectionForm(
        request.POST or None,
        items=bs.condition_items(section.version),
        initial=forms.SectionForm.initial_for(section),
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: builder.section_update(
                actor=request.user, section=section, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("Avsnittet är sparat (version %(n)s).") % _n(saved))
            return _back(q, f"avsnitt-{saved.order}")
    return _form_page(request, q, form, _("Ändra avsnittet %(title)s") % {"title": section})


def _n(obj: Any) -> dict[str, int]:
    return {"n": obj.version.number}


@login_required
def section_delete(request: AuthedRequest, questionnaire_id: int, section_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    section = bs.access_section(request.user, q, section_id)
    if request.method == "POST":
        act_or_message(
            request,
            lambda: builder.section_delete(actor=request.user, section=section),
            lambda v: _("Avsnittet är borttaget (version %(n)s).") % {"n": v.number},
        )
        return _back(q)
    count = section.items.count()
    detail = (
        _("Avsnittet och dess %(n)s frågor tas bort.") % {"n": count}
        if count
        else _("Avsnittet har inga frågor.")
    )
    return _confirm(request, q, _("Ta bort avsnittet %(title)s?") % {"title": section}, detail)


@require_POST
@login_required
def section_move(request: AuthedRequest, questionnaire_id: int, section_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    section = bs.access_section(request.user, q, section_id)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj upp eller ned."))
        return _back(q)
    moved = act_or_message(
        request,
        lambda: builder.section_move(
            actor=request.user, section=section, direction=form.cleaned_data["direction"]
        ),
        lambda s: _moved(s.version.number),
    )
    return _back(q, f"avsnitt-{moved.order}" if moved else "")


def _confirm(
    request: AuthedRequest, q: Questionnaire, title: str, detail: str, *, is_blocked: bool = False
) -> HttpResponse:
    context = {
        "questionnaire": q,
        "title": title,
        "detail": detail,
        "is_blocked": is_blocked,
        "notice": "" if is_blocked else bs.next_version_notice(q),
    }
    return TemplateResponse(request, "surveys/confirm_delete.html", context)


# ---- items -----------------------------------------------------------------------------------


def _item_form(request: AuthedRequest, q: Questionnaire, **kwargs: Any) -> forms.ItemForm:
    version = bs.builder_contents(q)
    return forms.ItemForm(
        request.POST or None,
        sections=list(version.sections.all()),
        dimensions=list(version.dimensions.all()),
        **kwargs,
    )


@login_required
def item_add(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    section = request.GET.get("avsnitt", "")
    initial = {"section_order": int(section)} if section.isdigit() else {}
    form = _item_form(request, q, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = save_or_errors(
            form,
            lambda: builder.item_add(actor=request.user, questionnaire=q, **form.service_fields()),
        )
        if item is not None:
            return _back(q, f"fraga-{item.code}")
    return _form_page(request, q, form, _("Ny fråga i %(title)s") % {"title": q.title})


@login_required
def item_edit(request: AuthedRequest, questionnaire_id: int, item_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    item = bs.access_item(request.user, q, item_id)
    form = _item_form(request, q, initial=forms.ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: builder.item_update(actor=request.user, item=item, **form.service_fields()),
        )
        if saved is not None:
            messages.success(request, _("Frågan är sparad (version %(n)s).") % _n(saved))
            return _back(q, f"fraga-{saved.code}")
    return _form_page(request, q, form, _("Ändra frågan %(code)s") % {"code": item.code})


@login_required
def item_delete(request: AuthedRequest, questionnaire_id: int, item_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    item = bs.access_item(request.user, q, item_id)
    if request.method == "POST":
        act_or_message(
            request,
            lambda: builder.item_delete(actor=request.user, item=item),
            lambda v: _("Frågan är borttagen (version %(n)s).") % {"n": v.number},
        )
        return _back(q, f"avsnitt-{item.section.order}")
    title = _("Ta bort frågan %(code)s?") % {"code": item.code}
    dependant = bs.condition_user(item)
    if dependant is None:
        return _confirm(request, q, title, item.text_sv)
    reason = _(
        "Frågan kan inte tas bort: avsnittet ”%(section)s” visas bara vid ett visst svar på "
        "den. Ändra eller ta bort det villkoret först."
    ) % {"section": dependant.title_sv}
    return _confirm(request, q, title, reason, is_blocked=True)


@require_POST
@login_required
def item_move(request: AuthedRequest, questionnaire_id: int, item_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    item = bs.access_item(request.user, q, item_id)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj upp eller ned."))
        return _back(q)
    act_or_message(
        request,
        lambda: builder.item_move(
            actor=request.user, item=item, direction=form.cleaned_data["direction"]
        ),
        lambda i: _moved(i.version.number),
    )
    return _back(q, f"fraga-{item.code}")


# ---- dimensions ------------------------------------------------------------------------------


@login_required
def dimensions(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = selectors.access_questionnaire(request.user, questionnaire_id)
    version = bs.builder_contents(q)
    context = {
        "questionnaire": q,
        "version": version,
        "can_manage": selectors.can_manage(request.user),
        "notice": bs.next_version_notice(q),
    }
    return TemplateResponse(request, "surveys/dimensions.html", context)


def _to_dimensions(q: Questionnaire, code: str = "") -> HttpResponse:
    url = reverse("surveys:dimensions", args=[q.pk])
    return redirect(f"{url}#dimension-{code}" if code else url)


@login_required
def dimension_add(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    form = forms.DimensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dim = save_or_errors(
            form,
            lambda: builder.dimension_add(actor=request.user, questionnaire=q, **form.cleaned_data),
        )
        if dim is not None:
            return _to_dimensions(q, dim.code)
    return _form_page(request, q, form, _("Ny dimension i %(title)s") % {"title": q.title})


@login_required
def dimension_edit(
    request: AuthedRequest, questionnaire_id: int, dimension_id: int
) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    dim = bs.access_dimension(request.user, q, dimension_id)
    form = forms.DimensionEditForm(
        request.POST or None, initial=forms.DimensionEditForm.initial_for(dim)
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: builder.dimension_update(
                actor=request.user, dimension=dim, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("Dimensionen är sparad (version %(n)s).") % _n(saved))
            return _to_dimensions(q, saved.code)
    return _form_page(request, q, form, _("Ändra dimensionen %(name)s") % {"name": dim.name_sv})


@login_required
def dimension_delete(
    request: AuthedRequest, questionnaire_id: int, dimension_id: int
) -> HttpResponse:
    q = _managed(request, questionnaire_id)
    dim = bs.access_dimension(request.user, q, dimension_id)
    if request.method == "POST":
        act_or_message(
            request,
            lambda: builder.dimension_delete(actor=request.user, dimension=dim),
            lambda v: _("Dimensionen är borttagen (version %(n)s).") % {"n": v.number},
        )
        return _to_dimensions(q)
    count = dim.items.count()
    detail = (
        _("%(n)s frågor hör till dimensionen, så den kan inte tas bort förrän de flyttats.")
        % {"n": count}
        if count
        else _("Ingen fråga hör till dimensionen.")
    )
    title = _("Ta bort dimensionen %(name)s?") % {"name": dim.name_sv}
    return _confirm(request, q, title, detail, is_blocked=count > 0)
