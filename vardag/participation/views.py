"""Pages of the participation app: thin views over selectors and services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core import ratelimit, tables
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.selectors import organisation_of
from vardag.core.tables import download
from vardag.participation import filters, forms, selectors, services
from vardag.participation.childtext import CHILD_TEXTS
from vardag.participation.models import SubjectType


def _editor(request: AuthedRequest) -> bool:
    return services.can_edit(request.user)


# --- Overview, user groups, personas, journeys -------------------------------------------------


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    context = {
        "groups": selectors.user_group_list(request.user)[:6],
        "activities": selectors.activity_list(request.user)[:6],
        "insights": selectors.insight_list(request.user)[:6],
        "can_edit": _editor(request),
    }
    return TemplateResponse(request, "participation/home.html", context)


@login_required
def group_list(request: AuthedRequest) -> HttpResponse:
    groups = filters.UserGroupFilterSet(request.GET or None, actor=request.user)
    page = Paginator(groups.qs, 25).get_page(request.GET.get("sida"))
    return TemplateResponse(
        request,
        "participation/group_list.html",
        {"page": page, "form": groups.form, "can_edit": _editor(request)},
    )


@login_required
def group_create(request: AuthedRequest) -> HttpResponse:
    require(_editor(request))
    form = forms.UserGroupForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        group = save_or_errors(
            form, lambda: services.user_group_create(actor=request.user, **form.cleaned_data)
        )
        if group:
            return redirect("participation:group", group.pk)
    return TemplateResponse(
        request, "participation/form.html", {"form": form, "title": _("Ny målgrupp")}
    )


@login_required
def group_edit(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = selectors.access_user_group(request.user, group_id)
    require(_editor(request))
    form = forms.UserGroupForm(request.POST or None, instance=group, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_errors(
            form, lambda: services.user_group_update(actor=request.user, group=group, **data)
        ):
            return redirect("participation:group", group.pk)
    return TemplateResponse(
        request,
        "participation/form.html",
        {"form": form, "title": _("Ändra målgrupp"), "back": group},
    )


@login_required
def group_detail(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = selectors.access_user_group(request.user, group_id)
    context = {
        "group": group,
        "insights": selectors.insight_list(request.user).filter(user_groups=group),
        "can_edit": _editor(request),
        "persona_form": forms.PersonaForm(),
        "journey_form": forms.JourneyForm(),
        "link_form": forms.LinkForm(),
    }
    return TemplateResponse(request, "participation/group_detail.html", context)


@require_POST
@login_required
def persona_create(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = selectors.access_user_group(request.user, group_id)
    require(_editor(request))
    form = forms.PersonaForm(request.POST)
    if form.is_valid():
        persona = services.persona_create(actor=request.user, user_group=group, **form.cleaned_data)
        return redirect("participation:persona", persona.pk)
    messages.error(request, _("Personan sparades inte: fyll i namn och beskrivning."))
    return redirect("participation:group", group.pk)


@login_required
def persona_detail(request: AuthedRequest, persona_id: int) -> HttpResponse:
    persona = selectors.access_persona(request.user, persona_id)
    form = forms.PersonaQuoteForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        require(_editor(request))
        if (
            form.is_valid()
            and save_or_errors(
                form,
                lambda: services.persona_quote_add(
                    actor=request.user, persona=persona, **form.cleaned_data
                ),
            )
            is not None
        ):
            return redirect("participation:persona", persona.pk)
    quotes = persona.quotes.select_related("insight")
    return TemplateResponse(
        request,
        "participation/persona.html",
        {"persona": persona, "quotes": quotes, "form": form, "can_edit": _editor(request)},
    )


@require_POST
@login_required
def journey_create(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = selectors.access_user_group(request.user, group_id)
    require(_editor(request))
    form = forms.JourneyForm(request.POST)
    if form.is_valid():
        journey = services.journey_create(actor=request.user, user_group=group, **form.cleaned_data)
        return redirect("participation:journey", journey.pk)
    messages.error(request, _("Resan sparades inte: ge den en rubrik."))
    return redirect("participation:group", group.pk)


@login_required
def journey_detail(request: AuthedRequest, journey_id: int) -> HttpResponse:
    journey = selectors.access_journey(request.user, journey_id)
    form = forms.JourneyStepForm(request.POST or None)
    if request.method == "POST":
        require(_editor(request))
        if (
            form.is_valid()
            and save_or_errors(
                form,
                lambda: services.journey_step_add(
                    actor=request.user, journey=journey, **form.cleaned_data
                ),
            )
            is not None
        ):
            return redirect("participation:journey", journey.pk)
    steps = list(journey.steps.all())
    feeling_keys = {-2: "vbad", -1: "bad", 0: "neutral", 1: "good", 2: "vgood"}
    for index, step in enumerate(steps):
        step.feeling_key = feeling_keys.get(step.feeling, "neutral")  # type: ignore[attr-defined]
        step.is_handover = (  # type: ignore[attr-defined]
            index > 0 and step.organisation_name != steps[index - 1].organisation_name
        )
    return TemplateResponse(
        request,
        "participation/journey.html",
        {"journey": journey, "steps": steps, "form": form, "can_edit": _editor(request)},
    )


@require_POST
@login_required
def link_create(request: AuthedRequest, kind: str, object_id: int) -> HttpResponse:
    """Link a user group, insight or activity to a challenge or idea."""
    getters = {
        "malgrupp": ("user_group", selectors.access_user_group, "participation:group"),
        "insikt": ("insight", selectors.access_insight, "participation:insight"),
        "aktivitet": ("activity", selectors.access_activity, "participation:activity"),
    }
    if kind not in getters:
        raise Http404
    name, access, url_name = getters[kind]
    obj = access(request.user, object_id)
    require(_editor(request))
    form = forms.LinkForm(request.POST)
    if form.is_valid():
        try:
            target: dict[str, Any] = {name: obj}
            services.subject_link(actor=request.user, **form.cleaned_data, **target)
        except (ValidationError, Http404):
            messages.error(request, _("Det finns ingen sådan utmaning eller idé."))
        else:
            messages.success(request, _("Kopplingen är sparad."))
    else:
        messages.error(request, _("Ange vad som ska kopplas."))
    return redirect(url_name, obj.pk)


# --- Insights ---------------------------------------------------------------------------------


@login_required
def insight_list(request: AuthedRequest) -> HttpResponse:
    insights = filters.InsightFilterSet(request.GET or None, actor=request.user)
    page = Paginator(insights.qs, 25).get_page(request.GET.get("sida"))
    return TemplateResponse(
        request,
        "participation/insight_list.html",
        {"form": insights.form, "page": page, "can_edit": _editor(request)},
    )


@login_required
def insight_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The library as it is filtered on the page, as CSV or XLSX, for reports and workshops."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    insights = filters.InsightFilterSet(request.GET or None, actor=request.user).qs
    rows: list[list[Any]] = [
        [
            _("Nr"),
            _("Insikt"),
            _("Evidensnivå"),
            _("Perspektiv"),
            _("Målgrupper"),
            _("Delaktighetsaktiviteter"),
            _("Andra källor"),
            _("Senast ändrad"),
        ]
    ]
    for insight in insights:
        rows.append(
            [
                insight.pk,
                insight.statement,
                insight.get_evidence_display(),
                insight.get_perspective_display(),
                "; ".join(g.name for g in insight.user_groups.all()),
                "; ".join(
                    f"{a.title} ({a.held_on:%Y-%m-%d})" if a.held_on else a.title
                    for a in insight.activities.all()
                ),
                "; ".join(
                    line.strip() for line in insight.other_sources.splitlines() if line.strip()
                ),
                timezone.localtime(insight.updated_at).strftime("%Y-%m-%d"),
            ]
        )
    name = f"insikter-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return download(tables.csv_text(rows), f"{name}.csv", tables.CSV_TYPE)
    data = tables.xlsx_bytes({str(_("Insikter")): rows})
    return download(data, f"{name}.xlsx", tables.XLSX_TYPE)


@login_required
def insight_create(request: AuthedRequest) -> HttpResponse:
    require(_editor(request))
    form = forms.InsightForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        insight = save_or_errors(
            form, lambda: services.insight_create(actor=request.user, **form.cleaned_data)
        )
        if insight:
            return redirect("participation:insight", insight.pk)
    return TemplateResponse(
        request, "participation/form.html", {"form": form, "title": _("Ny insikt")}
    )


@login_required
def insight_edit(request: AuthedRequest, insight_id: int) -> HttpResponse:
    insight = selectors.access_insight(request.user, insight_id)
    require(_editor(request))
    form = forms.InsightForm(request.POST or None, instance=insight, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_errors(
            form, lambda: services.insight_update(actor=request.user, insight=insight, **data)
        ):
            return redirect("participation:insight", insight.pk)
    return TemplateResponse(
        request,
        "participation/form.html",
        {"form": form, "title": _("Ändra insikt"), "back": insight},
    )


@login_required
def insight_detail(request: AuthedRequest, insight_id: int) -> HttpResponse:
    insight = selectors.access_insight(request.user, insight_id)
    return TemplateResponse(
        request,
        "participation/insight.html",
        {"insight": insight, "can_edit": _editor(request), "link_form": forms.LinkForm()},
    )


# --- Activities -------------------------------------------------------------------------------


@login_required
def activity_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.activity_list(request.user), 25).get_page(request.GET.get("sida"))
    return TemplateResponse(
        request, "participation/activity_list.html", {"page": page, "can_edit": _editor(request)}
    )


@login_required
def activity_create(request: AuthedRequest) -> HttpResponse:
    require(_editor(request))
    form = forms.ActivityForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        activity = save_or_errors(
            form, lambda: services.activity_create(actor=request.user, **data)
        )
        if activity:
            return redirect("participation:activity", activity.pk)
    return TemplateResponse(
        request, "participation/form.html", {"form": form, "title": _("Ny delaktighetsaktivitet")}
    )


@login_required
def activity_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    require(_editor(request))
    form = forms.ActivityForm(request.POST or None, instance=activity, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if save_or_errors(
            form, lambda: services.activity_update(actor=request.user, activity=activity, **data)
        ):
            return redirect("participation:activity", activity.pk)
    return TemplateResponse(
        request,
        "participation/form.html",
        {"form": form, "title": _("Ändra aktivitet"), "back": activity},
    )


@login_required
def activity_detail(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    threshold = organisation_of(request.user).suppression_threshold
    contributions = selectors.contribution_list(request.user, activity)
    invite_url = (
        request.build_absolute_uri(reverse("participation:take_part", args=[activity.token]))
        if activity.token
        else ""
    )
    context = {
        "activity": activity,
        "summary": selectors.participant_summary(activity, threshold),
        "contributions": Paginator(contributions, 50).get_page(request.GET.get("sida")),
        "invite_url": invite_url,
        "link_works": selectors.link_works(activity),
        "invitation_problems": list(selectors.invitation_problems(activity).values()),
        "can_edit": _editor(request),
        "feedback_form": forms.FeedbackForm(initial={"feedback": activity.feedback}),
        "respond_form": forms.RespondForm(),
        "link_form": forms.LinkForm(),
    }
    return TemplateResponse(request, "participation/activity_detail.html", context)


@login_required
def activity_qr(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    if not activity.token:
        raise Http404
    url = request.build_absolute_uri(reverse("participation:take_part", args=[activity.token]))
    svg = segno.make(url, error="m").svg_inline(scale=8, title=activity.title)
    return download(svg, "deltagarlank.svg", "image/svg+xml", inline=True)


@require_POST
@login_required
def activity_invitation(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    if request.POST.get("open") == "1":
        act_or_message(
            request,
            lambda: services.activity_invitation_open(actor=request.user, activity=activity),
            _("Deltagarlänken är öppen."),
        )
    else:
        act_or_message(
            request,
            lambda: services.activity_invitation_close(actor=request.user, activity=activity),
            _("Deltagarlänken är stängd."),
        )
    return redirect("participation:activity", activity.pk)


@require_POST
@login_required
def activity_feedback(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        services.activity_feedback_give(actor=request.user, activity=activity, **form.cleaned_data)
        messages.success(
            request, _("Återkopplingen är sparad. Deltagarna kan läsa den med sin kod.")
        )
    else:
        messages.error(request, _("Skriv återkopplingen."))
    return redirect("participation:activity", activity.pk)


@require_POST
@login_required
def contribution_respond(request: AuthedRequest, contribution_id: int) -> HttpResponse:
    contribution = selectors.access_contribution(request.user, contribution_id)
    form = forms.RespondForm(request.POST)
    if form.is_valid():
        services.contribution_respond(
            actor=request.user, contribution=contribution, **form.cleaned_data
        )
        messages.success(request, _("Svaret är sparat."))
    else:
        messages.error(request, _("Skriv ett svar."))
    return redirect("participation:activity", contribution.activity_id)


# --- Taking part without an account (public) -------------------------------------------------


# Return codes: ten wrong codes from one client in 15 minutes, then a pause.
CODE_SCOPE = "participation.code"
CODE_GUESS_LIMIT = 10
CODE_GUESS_WINDOW = timedelta(minutes=15)


def _public(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = TemplateResponse(request, template, {"texts": CHILD_TEXTS, **context})
    # Referrer-Policy stays same-origin (Django's default): the token never leaves the site,
    # and "no-referrer" would make Chromium send "Origin: null", which fails the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


THANKS_KEY = "participation.thanks"


RETRY_KEY = "participation.retry"


@never_cache
def take_part(request: HttpRequest, token: str) -> HttpResponse:
    """Every POST is answered with a redirect (POST/redirect/GET), also when something is
    missing: the browser's history then holds only pages it can show again, so Back never
    asks to send the form again. What was typed waits in the session for one page view."""
    activity = selectors.open_activity(token)
    is_open = selectors.link_works(activity)
    if request.method == "POST":
        return _take_part_post(request, activity, is_open=is_open)
    retry = request.session.pop(RETRY_KEY, None) or {}
    data = None
    if retry.get("token") == activity.token:
        data = QueryDict(mutable=True)
        for key, values in retry.get("data", {}).items():
            data.setlist(key, values)
    form = forms.ParticipantForm(data, activity=activity)
    if data is not None:
        form.is_valid()  # shows what is missing
    context = {"activity": activity, "form": form, "is_open": is_open}
    return _public(request, "participation/public/take_part.html", context)


def _take_part_post(request: HttpRequest, activity: Any, *, is_open: bool) -> HttpResponse:
    form = forms.ParticipantForm(request.POST, activity=activity)
    if is_open and form.is_valid():
        submitted = save_or_errors(
            form, lambda: services.contribution_submit(activity=activity, **form.cleaned_data)
        )
        if submitted is not None:
            contribution, code = submitted
            shown = request.session.get(THANKS_KEY) or {}
            if code or shown.get("contribution") != contribution.pk:
                # The code rides in the session to the next page only (never in an address).
                # A repeat (code "") whose first answer is not waiting here gets no code.
                request.session[THANKS_KEY] = {"contribution": contribution.pk, "code": code}
            return redirect("participation:thanks", activity.token)
    fields = ("age_band", "scale", "text", "own_consent", "guardian_consent", "request_key")
    request.session[RETRY_KEY] = {
        "token": activity.token,
        "data": {key: request.POST.getlist(key) for key in fields if key in request.POST},
    }
    return redirect("participation:take_part", activity.token)


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """Shown once after sending: the code is taken out of the session as it is shown, so the
    next person on a shared tablet does not see it."""
    activity = selectors.open_activity(token)
    sent = request.session.pop(THANKS_KEY, None) or {}
    contribution = activity.contributions.filter(pk=sent.get("contribution") or 0).first()
    if contribution is None:
        return redirect("participation:take_part", activity.token)
    context = {"activity": activity, "code": sent["code"], "contribution": contribution}
    return _public(request, "participation/public/thanks.html", context)


def _too_many_guesses(request: HttpRequest) -> bool:
    return ratelimit.is_limited(
        request, CODE_SCOPE, limit=CODE_GUESS_LIMIT, window=CODE_GUESS_WINDOW
    )


def _wait(request: HttpRequest) -> HttpResponse:
    form = forms.CodeForm()
    response = _public(
        request, "participation/public/lookup.html", {"form": form, "must_wait": True}
    )
    response.status_code = 429
    return response


@never_cache
def my_view_lookup(request: HttpRequest) -> HttpResponse:
    """A participant types their return code. Wrong codes are counted per client: after
    CODE_GUESS_LIMIT in a window the page asks them to wait, so codes cannot be guessed."""
    if request.method == "POST" and _too_many_guesses(request):
        return _wait(request)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if selectors.contribution_by_code(form.cleaned_data["code"]):
            code = "".join(ch for ch in form.cleaned_data["code"].upper() if ch.isalnum())
            return redirect("participation:my_view", code)
        ratelimit.record_failure(request, CODE_SCOPE, window=CODE_GUESS_WINDOW)
        form.add_error("code", CHILD_TEXTS["wrong_code"])
    return _public(request, "participation/public/lookup.html", {"form": form})


@never_cache
def my_view(request: HttpRequest, code: str) -> HttpResponse:
    if _too_many_guesses(request):
        return _wait(request)
    contribution = selectors.contribution_by_code(code)
    if contribution is None:
        ratelimit.record_failure(request, CODE_SCOPE, window=CODE_GUESS_WINDOW)
        raise Http404
    return _public(
        request,
        "participation/public/my_view.html",
        {"contribution": contribution, "activity": contribution.activity},
    )


# --- Value assessments, legal references, actor maps -----------------------------------------


def _subject(request: AuthedRequest) -> tuple[str, int, str]:
    subject_type = request.GET.get("subject_type", SubjectType.IDEA)
    raw = request.GET.get("subject_id", "")
    if not raw.isdigit():
        raise Http404
    label = selectors.subject_label(request.user, subject_type, int(raw))
    return subject_type, int(raw), label


@login_required
def evidence(request: AuthedRequest) -> HttpResponse:
    """The user-perspective dossier of a challenge or idea (G2/G3 defaults; the ideas app
    passes its own process model's requirements to selectors.evidence_for)."""
    subject_type, subject_id, label = _subject(request)
    found = selectors.evidence_for(request.user, subject_type=subject_type, subject_id=subject_id)
    context = {
        "evidence": found,
        "missing": found.missing(selectors.Requirements()),
        "label": label,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "can_edit": _editor(request),
    }
    return TemplateResponse(request, "participation/evidence.html", context)


@login_required
def value_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.value_assessment_list(request.user), 25).get_page(
        request.GET.get("sida")
    )
    return TemplateResponse(request, "participation/value_list.html", {"page": page})


@login_required
def value_create(request: AuthedRequest) -> HttpResponse:
    subject_type, subject_id, label = _subject(request)
    require(_editor(request))
    form = forms.ValueAssessmentForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        assessment = save_or_errors(
            form,
            lambda: services.value_assessment_create(
                actor=request.user,
                subject_type=subject_type,
                subject_id=subject_id,
                **form.cleaned_data,
            ),
        )
        if assessment:
            return redirect("participation:value", assessment.pk)
    title = _("Värdebedömning av %(subject)s") % {"subject": label}
    return TemplateResponse(request, "participation/form.html", {"form": form, "title": title})


@login_required
def value_edit(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.access_value_assessment(request.user, assessment_id)
    require(_editor(request))
    form = forms.ValueAssessmentForm(request.POST or None, instance=assessment, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_errors(
            form,
            lambda: services.value_assessment_update(
                actor=request.user, assessment=assessment, **data
            ),
        ):
            return redirect("participation:value", assessment.pk)
    return TemplateResponse(
        request,
        "participation/form.html",
        {"form": form, "title": _("Ändra värdebedömning"), "back": assessment},
    )


@login_required
def value_detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.access_value_assessment(request.user, assessment_id)
    form = forms.ValueRiskForm(request.POST or None)
    if request.method == "POST":
        require(_editor(request))
        if form.is_valid():
            services.value_risk_add(actor=request.user, assessment=assessment, **form.cleaned_data)
            return redirect("participation:value", assessment.pk)
    return TemplateResponse(
        request,
        "participation/value_detail.html",
        {"assessment": assessment, "form": form, "can_edit": _editor(request)},
    )


@login_required
def legal_list(request: AuthedRequest) -> HttpResponse:
    can_add = request.user.is_org_admin or request.user.is_innovation_staff
    form = forms.LegalReferenceForm(request.POST or None)
    if request.method == "POST":
        require(can_add)
        if form.is_valid():
            services.legal_reference_create(actor=request.user, **form.cleaned_data)
            return redirect("participation:legal")
    refs = selectors.legal_reference_list(request.user)
    return TemplateResponse(
        request, "participation/legal_list.html", {"refs": refs, "form": form, "can_add": can_add}
    )


@login_required
def legal_edit(request: AuthedRequest, reference_id: int) -> HttpResponse:
    reference = selectors.access_own_legal_reference(request.user, reference_id)
    require(request.user.is_org_admin or request.user.is_innovation_staff)
    form = forms.LegalReferenceForm(request.POST or None, instance=reference)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.legal_reference_update(actor=request.user, reference=reference, **data)
        return redirect("participation:legal")
    title = _("Ändra rättslig grund")
    return TemplateResponse(request, "participation/form.html", {"form": form, "title": title})


@login_required
def actor_map_list(request: AuthedRequest) -> HttpResponse:
    maps = selectors.actor_map_list(request.user)
    return TemplateResponse(request, "participation/actor_map_list.html", {"maps": maps})


@login_required
def actor_map_create(request: AuthedRequest) -> HttpResponse:
    subject_type, subject_id, label = _subject(request)
    require(_editor(request))
    form = forms.ActorMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor_map = services.actor_map_create(
            actor=request.user,
            subject_type=subject_type,
            subject_id=subject_id,
            **form.cleaned_data,
        )
        return redirect("participation:actor_map", actor_map.pk)
    title = _("Ny aktörskarta för %(subject)s") % {"subject": label}
    return TemplateResponse(request, "participation/form.html", {"form": form, "title": title})


@login_required
def actor_map_detail(request: AuthedRequest, map_id: int) -> HttpResponse:
    actor_map = selectors.access_actor_map(request.user, map_id)
    form = forms.ActorForm(request.POST or None, actor_map=actor_map)
    if request.method == "POST":
        require(_editor(request))
        if (
            form.is_valid()
            and save_or_errors(
                form,
                lambda: services.actor_add(
                    actor=request.user, actor_map=actor_map, **form.cleaned_data
                ),
            )
            is not None
        ):
            return redirect("participation:actor_map", actor_map.pk)
    return TemplateResponse(
        request,
        "participation/actor_map.html",
        {"actor_map": actor_map, "form": form, "can_edit": _editor(request)},
    )
