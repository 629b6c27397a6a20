"""Pages of the ideas app: thin views over selectors and services."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.forums.models import DecisionType
from vardag.ideas import (
    agenda,
    drafts,
    filters,
    forms,
    guide,
    policy,
    process,
    selectors,
    services,
)
from vardag.ideas.evidence import gate_gaps
from vardag.ideas.models import IdeaEvent, IdeaState
from vardag.ideas.workflow import ACTIVE_STATES, NEXT_GATE


@login_required
def idea_list(request: AuthedRequest) -> HttpResponse:
    ideas = filters.IdeaFilterSet(request.GET or None, actor=request.user)
    page = selectors.idea_page(ideas.qs, request.GET.get("sida"), actor=request.user)
    draft_count = drafts.draft_list(request.user).count()
    return TemplateResponse(
        request, "ideas/list.html", {"form": ideas.form, "page": page, "draft_count": draft_count}
    )


@login_required
def idea_board(request: AuthedRequest) -> HttpResponse:
    ideas = filters.IdeaFilterSet(request.GET or None, actor=request.user)
    by_stage = request.GET.get("per") == "fas"
    if by_stage:
        columns = selectors.board_by_stage(request.user, ideas.qs)
    else:
        columns = selectors.board(ideas.qs)
    context = {"form": ideas.form, "columns": columns, "by_stage": by_stage}
    return TemplateResponse(request, "ideas/board.html", context)


# --- The idea form: drafts that are never lost --------------------------------------------------
# "Spara utkast" (and the autosave while typing) saves without the requirements of submission;
# "Lämna in idén" saves and submits. A save based on an old version is refused with 409 and the
# writer's text stays in the form (or, with JavaScript, in the browser).


@login_required
def idea_create(request: AuthedRequest) -> HttpResponse:
    challenge = request.GET.get("challenge", "")
    initial = {"challenge": int(challenge)} if challenge.isdigit() else {}
    submit = request.POST.get("action") == "submit"
    form = forms.IdeaForm(
        request.POST or None, actor=request.user, initial=initial, draft=True, submit=submit
    )
    if request.method == "POST" and form.is_valid():
        idea = _save_draft(request, form, None)
        if idea is not None:
            return _after_draft_save(request, idea, submit=submit, titled=_titled(form))
        return _form_page(request, form, None, conflict=_stale(request, form, None))
    return _form_page(request, form, None)


@login_required
def idea_edit(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    require(policy.can_edit(request.user, idea))
    is_draft = idea.state == IdeaState.DRAFT
    if request.method == "POST" and not is_draft and request.POST.get("action") == "submit":
        sent = forms.IdeaForm(request.POST, instance=idea, actor=request.user, draft=True)
        if sent.is_valid() and drafts.is_resubmission(
            request.user, idea, sent.cleaned_data.get("draft_key") or "", sent.idea_data()
        ):
            # The form that submitted the draft, sent again: answered like the first time.
            messages.info(request, _("Idén är redan inlämnad."))
            return redirect("ideas:detail", idea.pk)
    submit = is_draft and request.POST.get("action") == "submit"
    form = forms.IdeaForm(
        request.POST or None, instance=idea, actor=request.user, draft=is_draft, submit=submit
    )
    if request.method == "POST" and form.is_valid():
        if is_draft:
            saved = _save_draft(request, form, idea)
        else:
            version = form.cleaned_data.get("version") or 0
            saved = save_or_errors(
                form,
                lambda: services.idea_update(
                    actor=request.user, idea=idea, version=version, **form.idea_data()
                ),
            )
        if saved is not None and is_draft:
            return _after_draft_save(request, saved, submit=submit, titled=_titled(form))
        if saved is not None:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("ideas:detail", idea.pk)
        return _form_page(request, form, idea, conflict=_stale(request, form, idea))
    return _form_page(request, form, idea)


def _save_draft(
    request: AuthedRequest, form: forms.IdeaForm, idea: Any, *, is_autosave: bool = False
) -> Any:
    # The form always sends its key; a page without one (an old tab) gets a fresh key, but an
    # automatic save must have the browser's key, or a retried request would make a second draft.
    key = form.cleaned_data.get("draft_key") or ("" if is_autosave else uuid.uuid4().hex)
    version = form.cleaned_data.get("version")
    return save_or_errors(
        form,
        lambda: drafts.idea_draft_save(
            actor=request.user, idea=idea, draft_key=key, version=version, **form.idea_data()
        ),
    )


def _stale(request: AuthedRequest, form: forms.IdeaForm, idea: Any) -> Any:
    """The latest version when a save was refused because it was based on an older one."""
    sent = form.cleaned_data.get("version") or 0
    if idea is None:
        key = form.cleaned_data.get("draft_key") or ""
        idea = drafts.draft_list(request.user).filter(draft_key=key).first() if key else None
        sent = sent or 1
    if idea is None:
        return None
    latest = selectors.access_idea(request.user, idea.pk)
    return latest if latest.version != sent else None


def _titled(form: forms.IdeaForm) -> bool:
    return bool(form.cleaned_data.get("title"))


def _after_draft_save(
    request: AuthedRequest, idea: Any, *, submit: bool, titled: bool
) -> HttpResponse:
    """After "Spara utkast": back to the form. After "Lämna in idén": the draft is saved first,
    then submitted, or the form says what submission still needs."""
    if idea.state != IdeaState.DRAFT:
        # The same form sent again after it was submitted (a double click, a retry).
        messages.info(request, _("Idén är redan inlämnad."))
        return redirect("ideas:detail", idea.pk)
    if submit and not titled:
        messages.error(request, _("Idén behöver en rubrik."))
        messages.info(request, _("Utkastet är sparat. Komplettera det och lämna in igen."))
        return redirect("ideas:edit", idea.pk)
    if submit:
        submitted = act_or_message(
            request,
            lambda: services.idea_submit(actor=request.user, idea=idea),
            lambda done: services.submitted_message(request.user, done),
        )
        if submitted is not None:
            return redirect("ideas:detail", idea.pk)
        messages.info(request, _("Utkastet är sparat. Komplettera det och lämna in igen."))
        return redirect("ideas:edit", idea.pk)
    saved_at = date_format(timezone.localtime(idea.updated_at), "H:i")
    messages.success(
        request,
        _("Utkastet sparades %(time)s. Du hittar det under Mina utkast.") % {"time": saved_at},
    )
    return redirect("ideas:edit", idea.pk)


def _form_page(
    request: AuthedRequest, form: forms.IdeaForm, idea: Any, *, conflict: Any = None
) -> HttpResponse:
    """The idea form; 409 with the latest version beside the writer's text after a conflict."""
    user = request.user
    if conflict is not None:
        # Saving again is now a deliberate choice to replace the version shown above the form.
        data = request.POST.copy()
        data["version"] = str(conflict.version)
        form.data = data
    similar = (
        selectors.similar_ideas(user, f"{idea.title} {idea.summary}", exclude=idea.pk)
        if idea is not None
        else []
    )
    is_own_draft = idea is None or (idea.state == IdeaState.DRAFT and idea.initiator_id == user.pk)
    autosave_url = ""
    if idea is None:
        autosave_url = reverse("ideas:autosave_new")
    elif is_own_draft:
        autosave_url = reverse("ideas:autosave", args=[idea.pk])
    context = {
        "form": form,
        "idea": idea,
        "similar": similar,
        "conflict": conflict,
        "is_draft": is_own_draft,
        "autosave_url": autosave_url,
        "store_key": f"vardag-idea:{user.pk}:{idea.pk if idea else 'new'}",
    }
    status = 409 if conflict is not None else (422 if form.is_bound else 200)
    return TemplateResponse(request, "ideas/form.html", context, status=status)


@require_POST
@login_required
def idea_autosave_new(request: AuthedRequest) -> HttpResponse:
    """The first automatic save of a new idea: makes one draft per `draft_key`."""
    return _autosave(request, None)


@require_POST
@login_required
def idea_autosave(request: AuthedRequest, idea_id: int) -> HttpResponse:
    """Automatic save of one's own draft while typing (JSON for static/ideas/drafts.js)."""
    idea = selectors.access_idea(request.user, idea_id)
    require(idea.initiator_id == request.user.pk)
    if idea.state != IdeaState.DRAFT:
        message = _("Idén är inlämnad och sparas inte automatiskt. Spara ändringarna med knappen.")
        return JsonResponse({"error": message}, status=409)
    return _autosave(request, idea)


def _autosave(request: AuthedRequest, idea: Any) -> JsonResponse:
    form = forms.IdeaForm(request.POST, instance=idea, actor=request.user, draft=True)
    if form.is_valid():
        saved = _save_draft(request, form, idea, is_autosave=True)
        if saved is not None and saved.state != IdeaState.DRAFT:
            # This text was submitted already (an old copy of the form): nothing to save.
            message = _("Texten är redan inlämnad som idén ”%(title)s”.") % {"title": saved.title}
            return JsonResponse(
                {"error": message, "submitted": True, "url": saved.get_absolute_url()},
                status=409,
            )
        if saved is not None:
            time = date_format(timezone.localtime(saved.updated_at), "H:i")
            return JsonResponse(
                {
                    "id": saved.pk,
                    "version": saved.version,
                    "message": _("Utkastet sparades %(time)s") % {"time": time},
                    "edit_url": reverse("ideas:edit", args=[saved.pk]),
                    "autosave_url": reverse("ideas:autosave", args=[saved.pk]),
                    "store_key": f"vardag-idea:{request.user.pk}:{saved.pk}",
                    "draft_key": saved.draft_key,
                }
            )
        latest = _stale(request, form, idea)
        if latest is not None:
            return JsonResponse(
                {
                    "error": " ".join(str(e) for e in form.non_field_errors()),
                    "conflict": True,
                    "id": latest.pk,
                    "version": latest.version,
                    "title": latest.title,
                    "url": latest.get_absolute_url(),
                    "edit_url": reverse("ideas:edit", args=[latest.pk]),
                    "autosave_url": reverse("ideas:autosave", args=[latest.pk]),
                    "store_key": f"vardag-idea:{request.user.pk}:{latest.pk}",
                },
                status=409,
            )
    problems = [str(e) for e in form.non_field_errors()] + [
        f"{form[name].label}: {error}"
        for name, errors in form.errors.items()
        if name != "__all__"
        for error in errors
    ]
    message = _("Utkastet kunde inte sparas: %(problems)s") % {"problems": " ".join(problems)}
    return JsonResponse({"error": message}, status=422)


@login_required
def draft_list(request: AuthedRequest) -> HttpResponse:
    """Mina utkast: the signed-in person's own drafts."""
    page = Paginator(drafts.draft_list(request.user), 25).get_page(request.GET.get("sida"))
    return TemplateResponse(request, "ideas/drafts.html", {"page": page})


@login_required
def draft_delete(request: AuthedRequest, idea_id: int) -> HttpResponse:
    """The initiator deletes their own draft (a confirmation page, then POST)."""
    idea = selectors.access_idea(request.user, idea_id)
    require(policy.can_delete_draft(request.user, idea))
    if request.method == "POST":
        deleted = act_or_message(
            request,
            lambda: drafts.idea_draft_delete(actor=request.user, idea=idea),
            lambda title: _("Utkastet ”%(title)s” är borttaget.") % {"title": title},
        )
        if deleted is not None:
            return redirect("ideas:drafts")
        return redirect("ideas:detail", idea.pk)
    return TemplateResponse(request, "ideas/draft_delete.html", {"idea": idea})


@login_required
def idea_detail(request: AuthedRequest, idea_id: int) -> HttpResponse:
    return _detail_page(request, selectors.access_idea(request.user, idea_id))


def _detail_page(request: AuthedRequest, idea: Any, **bound: Any) -> TemplateResponse:
    """The idea page; `bound` forms (comment_form, feedback_form) keep what was typed."""
    user = request.user
    unit_ids = [idea.unit_id, *(u.pk for u in idea.affected_units.all())]
    gate = NEXT_GATE.get(idea.state)
    parts = selectors.organisation_parts(idea)
    answer = (
        guide.route(
            user,
            unit_ids=unit_ids,
            hours=idea.asks_hours,
            amount_sek=idea.asks_amount_sek,
            crosses_organisations=bool(parts),
            decision_type=gate,
            next_handling_on=idea.next_handling_on,
        )
        if gate and idea.organisation_id == user.organisation_id
        else None
    )
    if answer is not None and gate:
        answer.organisations = guide.organisation_forums(idea, parts, gate)
    suggested = [r.forum for r in answer.routes if r.forum] if answer else []
    places = agenda.agenda_places(user, idea, agenda.agenda_forums(idea, parts, suggested))
    stage_choices = policy.stage_choices(idea)
    stages = list(idea.process_model.stages.order_by("order")) if idea.process_model else []
    context = {
        "organisation_parts": parts,
        "consultations": [c for p in parts for c in p.consultations],
        "can_act_for_organisation": selectors.can_act_for_organisation(user, idea, parts),
        "idea": idea,
        "timeline": _timeline(idea, stages),
        "guide": answer,
        # A finished idea is shown only where it still stands on a planned agenda.
        "agenda_places": [p for p in places if idea.state in ACTIVE_STATES or p.is_on_agenda],
        "next_handling": agenda.next_handling_for(user, idea),
        "can": _offers(user, idea),
        "is_initiator": idea.initiator_id == user.pk,
        "submit_problems": services.submit_problems(idea) if idea.state == "draft" else [],
        "comment_form": forms.CommentForm(),
        "feedback_form": forms.FeedbackForm(),
        "attachment_form": forms.AttachmentForm(),
        "stage_form": forms.StageForm(
            idea=idea, stages=stage_choices.stages, initial={"stage": idea.stage_id}
        ),
        "stage_waiting_for": stage_choices.waiting_for,
        "stages": stages,
        "lessons": list(idea.lessons.all()),
        "decisions": list(selectors.decision_list(user, idea=idea)),
        "evidence_gaps": gate_gaps(user, idea, gate),
    }
    context.update(bound)
    return TemplateResponse(request, "ideas/detail.html", context)


def _timeline(idea: Any, stages: list[Any]) -> list[Any]:
    """The idea's events, newest first. A move to a stage recorded the stage's (Swedish) name:
    shown as the stage's name in the active language while the stage is still called so."""
    events = list(selectors.idea_timeline(idea)[:200])
    names = {stage.name: stage.label for stage in stages}
    for event in events:
        if event.kind == IdeaEvent.Kind.STAGE and event.text in names:
            event.text = names[event.text]  # shown only, never saved
    return events


def _offers(user: Any, idea: Any) -> dict[str, bool]:
    """What the idea page offers this person: each by the rule the service enforces."""
    return {
        "edit": policy.can_edit(user, idea),
        "submit": policy.can_submit(user, idea),
        "decide": policy.can_decide(user, idea),
        "merge": policy.can_merge(user, idea),
        "publish": policy.can_publish(user, idea),
        # Support once given can always be taken back.
        "support": policy.can_support(user, idea) or bool(idea.is_supported),
        "comment": idea.state != IdeaState.DRAFT and policy.can_comment(user, idea),
        "feedback": policy.can_give_feedback(user, idea),
        "withdraw": policy.can_withdraw(user, idea),
        "delete_draft": policy.can_delete_draft(user, idea),
        "change_stage": policy.can_change_stage(user, idea),
    }


@require_POST
@login_required
def idea_submit(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    act_or_message(
        request,
        lambda: services.idea_submit(actor=request.user, idea=idea),
        lambda done: services.submitted_message(request.user, done),
    )
    return redirect("ideas:detail", idea.pk)


@login_required
def idea_decide(request: AuthedRequest, idea_id: int) -> HttpResponse:
    """Record a decision: choose the decision first (a GET form), then its own fields."""
    idea = selectors.access_idea(request.user, idea_id)
    key = request.POST.get("request_key", "")[:64]
    if key and selectors.decision_list(request.user, idea=idea).filter(request_key=key).exists():
        # The same form sent twice (a double click): the decision is already recorded.
        messages.success(request, _("Beslutet är registrerat och återkoppling skickad."))
        return redirect("ideas:detail", idea.pk)
    choices = policy.decision_choices(request.user, idea)
    require(bool(choices))
    chosen = forms.decision_type_chosen(request, choices, idea.state)
    form = forms.DecisionForm(
        request.POST or None,
        actor=request.user,
        idea=idea,
        choices=choices,
        decision_type=chosen,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        decision = form.to_decision()
        sent_key = form.cleaned_data["request_key"]
        if save_or_errors(
            form,
            lambda: services.decision_record(
                actor=request.user, idea=idea, decision=decision, request_key=sent_key
            ),
        ):
            messages.success(request, _("Beslutet är registrerat och återkoppling skickad."))
            return redirect("ideas:detail", idea.pk)
    if request.method == "POST":
        status = 422
    context = {
        "idea": idea,
        "form": form,
        "type_form": forms.DecisionTypeForm(initial={"typ": chosen}, choices=choices),
        "organisation_parts": selectors.organisation_parts(idea),
    }
    return TemplateResponse(request, "ideas/decide.html", context, status=status)


def _own_part(request: AuthedRequest, idea_id: int) -> tuple[Any, Any]:
    """The idea and the signed-in person's organisation's part in it (403 if they may not act)."""
    idea = selectors.access_idea(request.user, idea_id)
    parts = selectors.organisation_parts(idea)
    require(selectors.can_act_for_organisation(request.user, idea, parts))
    part = next(p for p in parts if p.organisation.pk == request.user.organisation_id)
    return idea, part


@login_required
def idea_organisation(request: AuthedRequest, idea_id: int) -> HttpResponse:
    """A partner organisation names its co-owner of the idea and its current forum."""
    idea, part = _own_part(request, idea_id)
    initial = {
        "co_owner": part.co_owner.pk if part.co_owner else None,
        "forum": part.forum.pk if part.forum else None,
        "next_handling_on": part.next_handling_on,
    }
    form = forms.IdeaOrganisationForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(
            form,
            lambda: services.idea_organisation_set(actor=request.user, idea=idea, **data),
        ):
            messages.success(request, _("Medägare och forum är sparade."))
            return redirect(f"{idea.get_absolute_url()}#organisationer")
    gate = NEXT_GATE.get(idea.state)
    forums_here = guide.organisation_forums(idea, [part], gate) if gate else []
    suggested = forums_here[0].suggested if forums_here else []
    context = {"idea": idea, "part": part, "form": form, "suggested": suggested}
    return TemplateResponse(request, "ideas/organisation_form.html", context)


@login_required
def idea_consultation(request: AuthedRequest, idea_id: int) -> HttpResponse:
    """A partner organisation's statement (yttrande) on the idea."""
    idea, part = _own_part(request, idea_id)
    initial = {
        "recorded_on": timezone.localdate(),
        "forum": part.forum.pk if part.forum else None,
    }
    form = forms.ConsultationForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(
            form, lambda: services.consultation_record(actor=request.user, idea=idea, **data)
        ):
            messages.success(request, _("Yttrandet är registrerat."))
            return redirect(f"{idea.get_absolute_url()}#organisationer")
    return TemplateResponse(
        request, "ideas/consultation_form.html", {"idea": idea, "part": part, "form": form}
    )


@require_POST
@login_required
def idea_feedback(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        sent = save_or_errors(
            form, lambda: services.feedback_give(actor=request.user, idea=idea, **data)
        )
        if sent is not None:
            messages.success(request, _("Återkopplingen är skickad."))
            return redirect("ideas:detail", idea.pk)
    return _detail_page(request, idea, feedback_form=form)


@require_POST
@login_required
def idea_comment(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        added = save_or_errors(
            form, lambda: services.comment_add(actor=request.user, idea=idea, **data)
        )
        if added is not None:
            return redirect(f"{idea.get_absolute_url()}#tidslinje")
    return _detail_page(request, idea, comment_form=form)


@require_POST
@login_required
def idea_support(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    act_or_message(
        request,
        lambda: services.support_toggle(actor=request.user, idea=idea, wanted=_wanted(request)),
        lambda supported: _("Du stödjer idén.") if supported else _("Ditt stöd är borttaget."),
    )
    return redirect("ideas:detail", idea.pk)


@require_POST
@login_required
def idea_follow(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    services.follow_toggle(actor=request.user, idea=idea, wanted=_wanted(request))
    return redirect("ideas:detail", idea.pk)


def _wanted(request: AuthedRequest) -> bool | None:
    """The state the pressed button asked for ("1" on, "0" off); None from older pages."""
    return {"1": True, "0": False}.get(request.POST.get("wanted", ""))


@require_POST
@login_required
def idea_stage(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    form = forms.StageForm(request.POST, idea=idea, stages=policy.stage_choices(idea).stages)
    if form.is_valid():
        act_or_message(
            request,
            lambda: services.stage_set(
                actor=request.user, idea=idea, stage=form.cleaned_data["stage"]
            ),
            _("Fasen är bytt."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("ideas:detail", idea.pk)


@require_POST
@login_required
def idea_publish(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    services.idea_publish(actor=request.user, idea=idea, is_published=not idea.is_published)
    return redirect("ideas:detail", idea.pk)


@require_POST
@login_required
def attachment_upload(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        act_or_message(
            request,
            lambda: services.attachment_add(actor=request.user, idea=idea, upload=upload),
            _("Bilagan är sparad."),
        )
    else:
        messages.error(request, _("Välj en fil att bifoga."))
    return redirect("ideas:detail", idea.pk)


@login_required
def attachment_download(request: AuthedRequest, idea_id: int, attachment_id: int) -> FileResponse:
    attachment = selectors.access_attachment(request.user, idea_id, attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
def idea_withdraw(request: AuthedRequest, idea_id: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, idea_id)
    require(policy.can_withdraw(request.user, idea))
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(
            form, lambda: services.idea_withdraw(actor=request.user, idea=idea, **data)
        ):
            messages.success(request, _("Idén är tillbakatagen."))
            return redirect("ideas:detail", idea.pk)
    return TemplateResponse(request, "ideas/withdraw.html", {"idea": idea, "form": form})


@login_required
def idea_merge(request: AuthedRequest, idea_id: int) -> HttpResponse:
    user = request.user
    idea = selectors.access_idea(user, idea_id)
    require(policy.can_merge(user, idea))
    candidates = (
        selectors.idea_list(user)
        .exclude(pk=idea.pk)
        .exclude(state__in=["draft", "archived"])
        .order_by("title")
    )
    form = forms.MergeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(form, lambda: services.idea_merge(actor=user, idea=idea, **data)):
            messages.success(request, _("Idéerna är sammanslagna."))
            return redirect("ideas:detail", data["into"].pk)
    similar = selectors.similar_ideas(user, f"{idea.title} {idea.summary}", exclude=idea.pk)
    return TemplateResponse(
        request, "ideas/merge.html", {"idea": idea, "form": form, "similar": similar}
    )


@login_required
def similar(request: AuthedRequest) -> HttpResponse:
    """Similar ideas while writing (htmx fragment; also a plain page without JavaScript)."""
    text = f"{request.GET.get('title', '')} {request.GET.get('summary', '')}"[:2000]
    exclude = request.GET.get("idea")
    items = selectors.similar_ideas(
        request.user, text, exclude=int(exclude) if exclude and exclude.isdigit() else None
    )
    template = "ideas/_similar.html" if request.htmx else "ideas/similar.html"
    return TemplateResponse(request, template, {"similar": items, "text": text.strip()})


@login_required
def guide_page(request: AuthedRequest) -> HttpResponse:
    form = forms.GuideForm(request.GET or None, actor=request.user)
    answer = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        answer = guide.route(
            request.user,
            unit_ids=[u.pk for u in d["units"]],
            hours=d["hours"],
            amount_sek=d["amount_sek"],
            decision_type=d["decision_type"],
        )
    return TemplateResponse(request, "ideas/guide.html", {"form": form, "guide": answer})


@login_required
def challenge_list(request: AuthedRequest) -> HttpResponse:
    challenges = selectors.challenge_list(request.user, query=request.GET.get("q", "")[:200])
    page = Paginator(challenges, 25).get_page(request.GET.get("sida"))
    return TemplateResponse(
        request,
        "ideas/challenges.html",
        {"page": page, "can_create": services.can_manage_challenges(request.user)},
    )


@login_required
def challenge_create(request: AuthedRequest) -> HttpResponse:
    require(services.can_manage_challenges(request.user))
    origin = request.GET.get("fran", "")
    initial = {}
    if services.is_local_path(origin):
        label = request.GET.get("underlag", "")[:200]
        initial = {"origin_url": origin[:300], "origin_label": label, "driver": "challenge"}
    form = forms.ChallengeForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        challenge = services.challenge_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Utmaningen är skapad."))
        return redirect("ideas:challenge", challenge.pk)
    return TemplateResponse(request, "ideas/challenge_form.html", {"form": form})


@login_required
def challenge_detail(request: AuthedRequest, challenge_id: int) -> HttpResponse:
    challenge = selectors.access_challenge(request.user, challenge_id)
    ideas = selectors.idea_list(request.user).filter(challenge=challenge).exclude(state="draft")
    shown = selectors.with_row_figures(ideas.order_by("-updated_at", "-id")[:100])
    return TemplateResponse(
        request, "ideas/challenge.html", {"challenge": challenge, "ideas": shown}
    )


@login_required
def process_models(request: AuthedRequest) -> HttpResponse:
    from vardag.ideas.models import in_language
    from vardag.ideas.presets import PRESETS, PRESETS_EN

    models = selectors.process_model_list(request.user)
    installed = {m.preset for m in models}
    presets = [
        (code, in_language(name, PRESETS_EN[code][0]))
        for code, (name, _d, _s) in PRESETS.items()
        if code not in installed
    ]
    return TemplateResponse(
        request, "ideas/process_models.html", {"models": models, "presets": presets}
    )


@require_POST
@login_required
def process_model_install(request: AuthedRequest) -> HttpResponse:
    require(request.user.is_org_admin)
    preset = request.POST.get("preset", "")
    make_default = not selectors.process_model_list(request.user).filter(is_default=True).exists()
    act_or_message(
        request,
        lambda: services.process_model_install(
            actor=request.user, preset=preset, make_default=make_default
        ),
        _("Processmodellen är tillagd."),
    )
    return redirect("ideas:process_models")


@require_POST
@login_required
def process_model_evidence(request: AuthedRequest, model_id: int) -> HttpResponse:
    model = selectors.access_process_model(request.user, model_id)
    services.process_model_set_evidence(
        actor=request.user, model=model, enforce=not model.enforce_gate_evidence
    )
    return redirect("ideas:process_models")


@require_POST
@login_required
def process_model_default(request: AuthedRequest, model_id: int) -> HttpResponse:
    model = selectors.access_process_model(request.user, model_id)
    services.process_model_make_default(actor=request.user, model=model)
    return redirect("ideas:process_models")


def _model_anchor(model_id: int) -> HttpResponse:
    return redirect(f"{reverse('ideas:process_models')}#pm-{model_id}")


@login_required
def stage_edit(request: AuthedRequest, stage_id: int) -> HttpResponse:
    stage = selectors.access_stage(request.user, stage_id)
    require(request.user.is_org_admin)
    form = forms.StageEditForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(
            form, lambda: services.stage_update(actor=request.user, stage=stage, **data)
        ):
            messages.success(request, _("Fasen är sparad."))
            return _model_anchor(stage.process_model_id)
    return TemplateResponse(
        request, "ideas/stage_form.html", {"form": form, "model": stage.process_model}
    )


@login_required
def stage_add(request: AuthedRequest, model_id: int) -> HttpResponse:
    model = selectors.access_process_model(request.user, model_id)
    require(request.user.is_org_admin)
    form = forms.StageEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_errors(
            form, lambda: services.stage_add(actor=request.user, model=model, **data)
        ):
            messages.success(request, _("Fasen är tillagd."))
            return _model_anchor(model.pk)
    return TemplateResponse(request, "ideas/stage_form.html", {"form": form, "model": model})


@require_POST
@login_required
def stage_move(request: AuthedRequest, stage_id: int) -> HttpResponse:
    """Move a stage to the position its "Flytta upp"/"Flytta ner" button names (one step from
    where the page showed it; works without JavaScript). Sent again, it is already there."""
    stage = selectors.access_stage(request.user, stage_id)
    require(request.user.is_org_admin)
    form = forms.StageMoveForm(request.POST)
    if form.is_valid():
        position = form.cleaned_data["position"]
        act_or_message(
            request,
            lambda: process.stage_move(actor=request.user, stage=stage, position=position),
            lambda result: (
                (
                    _("”%(name)s” är nu fas %(order)s.")
                    if result[1]
                    else _("”%(name)s” är redan fas %(order)s.")
                )
                % {"name": result[0].label, "order": result[0].order}
            ),
        )
    else:
        messages.error(request, _("Välj vilken plats fasen ska flyttas till."))
    return _model_anchor(stage.process_model_id)


@login_required
def stage_delete(request: AuthedRequest, stage_id: int) -> HttpResponse:
    """Delete a stage; ideas in it move to a stage the admin chooses (each gets an event)."""
    stage = selectors.access_stage(request.user, stage_id)
    require(request.user.is_org_admin)
    # Bound on every POST: with no stage chosen the form is empty but still sent.
    form = forms.StageDeleteForm(request.POST if request.method == "POST" else None, stage=stage)
    if request.method == "POST" and form.is_valid():
        move_to = form.cleaned_data["move_to"]
        moved = save_or_errors(
            form,
            lambda: process.stage_delete(actor=request.user, stage=stage, move_to=move_to),
        )
        if moved is not None:
            messages.success(
                request,
                ngettext(
                    "Fasen ”%(name)s” är borttagen. %(n)d idé flyttades.",
                    "Fasen ”%(name)s” är borttagen. %(n)d idéer flyttades.",
                    moved,
                )
                % {"name": stage.label, "n": moved},
            )
            return _model_anchor(stage.process_model_id)
    context = {
        "stage": stage,
        "model": stage.process_model,
        "form": form,
        "idea_count": process.ideas_in_stage(stage),
        "is_last": form.fields["move_to"].queryset.count() == 0,  # type: ignore[attr-defined]  # move_to is a ModelChoiceField; form.fields is typed as Field
    }
    return TemplateResponse(
        request, "ideas/stage_delete.html", context, status=422 if form.errors else 200
    )


@login_required
def lesson_list(request: AuthedRequest) -> HttpResponse:
    lessons = filters.IdeaLessonFilterSet(request.GET or None, actor=request.user)
    page = Paginator(lessons.qs, 25).get_page(request.GET.get("sida"))
    return TemplateResponse(request, "ideas/lessons.html", {"form": lessons.form, "page": page})


def portfolio(request: AuthedRequest, slug: str) -> HttpResponse:
    org, ideas, lessons = selectors.portfolio(slug)
    return TemplateResponse(
        request, "ideas/portfolio.html", {"org": org, "ideas": ideas, "lessons": lessons}
    )


DECISION_LABELS = dict(DecisionType.choices)
