"""Pages of pilots, goals, evaluations, implementation, reviews, spreading and lessons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vardag.accounts.http import AuthedRequest
from vardag.core import once
from vardag.core.access import require
from vardag.core.forms import save_or_errors
from vardag.ideas.selectors import access_idea, decision_list
from vardag.ideas.workflow import allowed_decisions
from vardag.pilots import charts, filters, forms, selectors, services
from vardag.pilots.guards import plan_messages
from vardag.pilots.models import ImpactGoal, Pilot


def _goal_block(request: AuthedRequest, goal: ImpactGoal) -> dict[str, Any]:
    view = selectors.goal_view(request.user, goal)
    columns, rows = charts.goal_table(view)
    return {"view": view, "chart": charts.goal_chart(view), "columns": columns, "rows": rows}


@login_required
def pilot_list(request: AuthedRequest) -> HttpResponse:
    form = forms.PhaseFilterForm(request.GET or None)
    phase = form.cleaned_data["fas"] if form.is_valid() else ""
    page = Paginator(selectors.pilot_list(request.user, phase=phase), 25).get_page(
        request.GET.get("sida")
    )
    ready = selectors.ideas_ready_for_pilot(request.user)
    return TemplateResponse(
        request, "pilots/list.html", {"form": form, "page": page, "ready": ready}
    )


@login_required
def pilot_create(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = access_idea(request.user, idea_id)
    planned = once.earlier(Pilot, once.posted_key(request), idea=idea, created_by=request.user)
    if planned is not None:  # the same form sent twice: answer as the first time
        messages.success(request, _("Pilotplanen är sparad. Lägg till effektmålen."))
        return redirect(planned)
    require(selectors.can_plan_pilot(request.user, idea))
    form = forms.PilotForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        pilot = save_or_errors(
            form,
            lambda: services.pilot_plan(actor=request.user, idea=idea, **form.cleaned_data),
        )
        if pilot is not None:
            messages.success(request, _("Pilotplanen är sparad. Lägg till effektmålen."))
            return redirect(pilot)
    decision = selectors.g2_decision(idea)
    return TemplateResponse(
        request, "pilots/form.html", {"form": form, "idea": idea, "decision": decision}
    )


@login_required
def pilot_detail(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = selectors.access_pilot(request.user, pilot_id)
    user = request.user
    can_manage = selectors.can_manage_pilot(user, pilot)
    plan = selectors.plan_of(pilot)
    decisions = list(decision_list(user, idea=pilot.idea).prefetch_related("reviews"))
    context = {
        "pilot": pilot,
        "goals": [_goal_block(request, g) for g in pilot.goals.all()],
        "can_manage": can_manage,
        "plan": plan,
        "plan_gaps": plan_messages(selectors.plan_problems(plan)),
        "can_follow_up": plan is not None and selectors.can_follow_up(user, plan),
        "takeovers": [
            (r, selectors.can_take_over(user, r))
            for r in (plan.receiving_units.all() if plan else [])
        ],
        "decisions": [(d, selectors.can_set_review(user, d)) for d in decisions],
        "adoptions": selectors.adoption_list(user, origin=pilot),
        "can_record_lesson": selectors.can_record_lesson(user, pilot.idea),
        "lessons": pilot.idea.lessons.select_related("record"),
        "partner_form": forms.PartnerForm(),
        "iteration_form": forms.IterationForm(),
        "costs": selectors.costs_so_far(pilot),
    }
    return TemplateResponse(request, "pilots/detail.html", context)


def _manage(request: AuthedRequest, pilot_id: int) -> Pilot:
    pilot = selectors.access_pilot(request.user, pilot_id)
    require(selectors.can_manage_pilot(request.user, pilot))
    return pilot


@login_required
def pilot_edit(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = _manage(request, pilot_id)
    form = forms.PilotForm(request.POST or None, instance=pilot, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(
            form, lambda: services.pilot_update(actor=request.user, pilot=pilot, **data)
        ):
            messages.success(request, _("Pilotplanen är sparad."))
            return redirect(pilot)
    return TemplateResponse(
        request, "pilots/form.html", {"form": form, "idea": pilot.idea, "pilot": pilot}
    )


@login_required
def partner_add(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = _manage(request, pilot_id)
    form = forms.PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if save_or_errors(form, lambda: services.partner_add(actor=request.user, pilot=pilot, **d)):
            messages.success(request, _("Partnern är tillagd."))
            return redirect(pilot)
    return _small_form(request, pilot, form, _("Lägg till partner"))


@login_required
def iteration_add(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = _manage(request, pilot_id)
    form = forms.IterationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if save_or_errors(
            form, lambda: services.iteration_add(actor=request.user, pilot=pilot, **d)
        ):
            messages.success(request, _("Iterationen är sparad."))
            return redirect(pilot)
    return _small_form(request, pilot, form, _("Ny iteration"))


def _small_form(request: AuthedRequest, pilot: Pilot, form: Any, title: str) -> HttpResponse:
    return TemplateResponse(
        request, "pilots/small_form.html", {"pilot": pilot, "form": form, "title": title}
    )


@login_required
def goal_add(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = _manage(request, pilot_id)
    form = forms.GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if save_or_errors(form, lambda: services.goal_add(actor=request.user, pilot=pilot, **d)):
            messages.success(request, _("Effektmålet är sparat."))
            return redirect(pilot)
    return _small_form(request, pilot, form, _("Nytt effektmål"))


@login_required
def goal_detail(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal(request.user, goal_id)
    can_manage = selectors.can_manage_pilot(request.user, goal.pilot)
    context = {
        "goal": goal,
        "pilot": goal.pilot,
        "gb": _goal_block(request, goal),
        "can_manage": can_manage,
        "measurement_form": forms.MeasurementForm(),
        "import_form": forms.ImportForm(),
    }
    return TemplateResponse(request, "pilots/goal.html", context)


@login_required
def measurement_add(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal(request.user, goal_id)
    require(selectors.can_manage_pilot(request.user, goal.pilot))
    form = forms.MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if save_or_errors(
            form, lambda: services.measurement_add(actor=request.user, goal=goal, **d)
        ):
            messages.success(request, _("Mätvärdet är sparat."))
            return redirect("pilots:goal", goal.pk)
    return _goal_form_page(request, goal, form, forms.ImportForm())


@login_required
def measurement_import(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal(request.user, goal_id)
    require(selectors.can_manage_pilot(request.user, goal.pilot))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        count = save_or_errors(
            form,
            lambda: services.measurements_import(
                actor=request.user, goal=goal, data=upload.read(), filename=upload.name
            ),
        )
        if count is not None:
            messages.success(
                request,
                ngettext("%(n)s mätvärde importerat.", "%(n)s mätvärden importerade.", count)
                % {"n": count},
            )
            return redirect("pilots:goal", goal.pk)
    return _goal_form_page(request, goal, forms.MeasurementForm(), form)


def _goal_form_page(
    request: AuthedRequest, goal: ImpactGoal, measurement_form: Any, import_form: Any
) -> HttpResponse:
    context = {
        "goal": goal,
        "pilot": goal.pilot,
        "gb": _goal_block(request, goal),
        "can_manage": True,
        "measurement_form": measurement_form,
        "import_form": import_form,
    }
    return TemplateResponse(request, "pilots/goal.html", context)


@login_required
def evaluation_add(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = _manage(request, pilot_id)
    form = forms.EvaluationForm(request.POST or None, actor=request.user, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        lesson, publish = d.pop("lesson"), d.pop("publish_lesson")
        insights = d.pop("insights")
        if save_or_errors(
            form,
            lambda: services.evaluation_record(
                actor=request.user,
                pilot=pilot,
                insights=insights,
                lesson=lesson,
                publish_lesson=publish,
                **d,
            ),
        ):
            messages.success(request, _("Utvärderingen är sparad."))
            return redirect(pilot)
    context = {"pilot": pilot, "form": form, "costs": selectors.costs_so_far(pilot)}
    return TemplateResponse(request, "pilots/evaluation_form.html", context)


@login_required
def plan_edit(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = _manage(request, pilot_id)
    plan = selectors.plan_of(pilot)
    initial = {}
    if plan is not None:
        for n, row in enumerate(plan.receiving_units.all(), start=1):
            initial[f"unit_{n}"], initial[f"owner_{n}"] = row.unit_id, row.line_owner_id
    form = forms.PlanForm(request.POST or None, instance=plan, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if not k.startswith(("unit_", "owner_"))}
        receiving = form.receiving()
        if save_or_errors(
            form,
            lambda: services.plan_save(actor=request.user, pilot=pilot, receiving=receiving, **d),
        ):
            messages.success(request, _("Införandeplanen är sparad."))
            return redirect(pilot)
    return TemplateResponse(request, "pilots/plan_form.html", {"pilot": pilot, "form": form})


@login_required
def follow_up(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = selectors.access_pilot(request.user, pilot_id)
    plan = selectors.plan_of(pilot)
    require(plan is not None and selectors.can_follow_up(request.user, plan))
    assert plan is not None
    goals = [g for g in pilot.goals.all() if g.is_measurable_now]
    form = forms.FollowUpForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        recorded = save_or_errors(
            form,
            lambda: services.follow_up_record(
                actor=request.user,
                plan=plan,
                summary=form.cleaned_data["summary"],
                values=form.values(),
            ),
        )
        if recorded is not None:
            messages.success(request, _("Uppföljningen är registrerad."))
            return redirect(pilot)
    return _small_form(request, pilot, form, _("Registrera uppföljningen"))


@login_required
def takeover(request: AuthedRequest, receiving_id: int) -> HttpResponse:
    receiving = selectors.access_receiving_unit(request.user, receiving_id)
    require(selectors.can_take_over(request.user, receiving))
    form = forms.TakeoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if save_or_errors(
            form,
            lambda: services.takeover_record(actor=request.user, receiving=receiving, note=note),
        ):
            messages.success(
                request,
                _("%(unit)s har tagit över i den ordinarie verksamheten.")
                % {"unit": receiving.unit},
            )
            return redirect("pilots:taken_on")
    context = {"receiving": receiving, "pilot": receiving.plan.pilot, "form": form}
    return TemplateResponse(request, "pilots/takeover.html", context)


@login_required
def taken_on(request: AuthedRequest) -> HttpResponse:
    rows = [(r, selectors.can_take_over(request.user, r)) for r in selectors.taken_on(request.user)]
    return TemplateResponse(request, "pilots/taken_on.html", {"rows": rows})


@login_required
def review_list(request: AuthedRequest) -> HttpResponse:
    open_only = request.GET.get("visa") != "alla"
    page = Paginator(selectors.review_list(request.user, open_only=open_only), 25).get_page(
        request.GET.get("sida")
    )
    return TemplateResponse(request, "pilots/reviews.html", {"page": page, "open_only": open_only})


@login_required
def review_create(request: AuthedRequest, decision_id: int) -> HttpResponse:
    decision = selectors.access_decision(request.user, decision_id)
    require(selectors.can_set_review(request.user, decision))
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        review = save_or_errors(
            form, lambda: services.review_set(actor=request.user, decision=decision, **d)
        )
        if review is not None:
            messages.success(request, _("Datumet för omprövning är sparat."))
            return redirect("pilots:review", review.pk)
    return TemplateResponse(
        request, "pilots/review_form.html", {"decision": decision, "form": form}
    )


@login_required
def review_detail(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = selectors.access_review(request.user, review_id)
    can_record = selectors.can_record_review(request.user, review)
    allowed = allowed_decisions(review.decision.idea.state)
    form = forms.ReviewDecisionForm(request.POST or None, actor=request.user, allowed=allowed)
    if services.review_outcome_for(review, once.posted_key(request)) is not None:
        # The same form sent twice: the review is decided already, answer as the first time.
        messages.success(request, _("Omprövningens beslut är registrerat."))
        return redirect("pilots:review", review.pk)
    if request.method == "POST":
        require(can_record)
        if form.is_valid():
            outcome = save_or_errors(
                form,
                lambda: services.review_decide(
                    actor=request.user,
                    review=review,
                    decision=form.to_decision(),
                    request_key=form.cleaned_data["request_key"],
                ),
            )
            if outcome is not None:
                messages.success(request, _("Omprövningens beslut är registrerat."))
                return redirect("pilots:review", review.pk)
    context = {
        "review": review,
        "item": selectors.review_item(review),
        "can_record": can_record,
        "form": form,
        "pilot": Pilot.objects.filter(idea_id=review.decision.idea_id).first(),
    }
    return TemplateResponse(request, "pilots/review.html", context)


@login_required
def spreadable_list(request: AuthedRequest) -> HttpResponse:
    pilots = selectors.spreadable(request.user)
    adoptions = selectors.adoption_list(request.user)
    return TemplateResponse(
        request,
        "pilots/spreadable.html",
        {"pilots": pilots, "adoptions": adoptions, "user_org": request.user.organisation_id},
    )


@login_required
def adoption_create(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    origin = selectors.access_spreadable(request.user, pilot_id)
    can_adopt = selectors.can_adopt(request.user, origin)
    form = forms.AdoptionForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        require(can_adopt)
        if form.is_valid():
            d = form.cleaned_data
            adoption = save_or_errors(
                form, lambda: services.adoption_create(actor=request.user, origin=origin, **d)
            )
            if adoption is not None:
                messages.success(request, _("Införandet är registrerat, med ursprungets material."))
                return redirect("pilots:adoption", adoption.pk)
    context = {
        "origin": origin,
        "plan": selectors.plan_of(origin),
        "form": form,
        "can_adopt": can_adopt,
    }
    return TemplateResponse(request, "pilots/adopt.html", context)


@login_required
def adoption_detail(request: AuthedRequest, adoption_id: int) -> HttpResponse:
    adoption = selectors.access_adoption(request.user, adoption_id)
    can_report = selectors.can_report_adoption(request.user, adoption)
    form = forms.AdoptionResultForm(request.POST or None, origin=adoption.origin)
    if request.method == "POST":
        require(can_report)
        if form.is_valid():
            d = form.cleaned_data
            if save_or_errors(
                form,
                lambda: services.adoption_result_add(actor=request.user, adoption=adoption, **d),
            ):
                messages.success(request, _("Resultatet är sparat."))
                return redirect("pilots:adoption", adoption.pk)
    goals = [_goal_block(request, g) for g in adoption.origin.goals.all()]
    context = {"adoption": adoption, "can_report": can_report, "form": form, "goals": goals}
    return TemplateResponse(request, "pilots/adoption.html", context)


@login_required
def lesson_add(request: AuthedRequest, pilot_id: int) -> HttpResponse:
    pilot = selectors.access_pilot(request.user, pilot_id)
    require(selectors.can_record_lesson(request.user, pilot.idea))
    form = forms.LessonRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if save_or_errors(
            form, lambda: services.lesson_record(actor=request.user, idea=pilot.idea, **d)
        ):
            messages.success(request, _("Lärdomen är sparad i lärdomsbanken."))
            return redirect(pilot)
    return _small_form(request, pilot, form, _("Vad lärde vi oss?"))


@login_required
def lesson_list(request: AuthedRequest) -> HttpResponse:
    lessons = filters.LessonFilterSet(request.GET or None, actor=request.user)
    page = Paginator(lessons.qs, 25).get_page(request.GET.get("sida"))
    return TemplateResponse(request, "pilots/lessons.html", {"form": lessons.form, "page": page})
