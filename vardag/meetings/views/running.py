"""Pages for running a meeting: meeting mode, minutes, PDFs and calendar feeds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.tables import download
from vardag.ideas.forms import DecisionForm, DecisionTypeForm, decision_type_chosen
from vardag.ideas.policy import decision_choices
from vardag.ideas.services import is_local_path
from vardag.meetings import forms, selectors, services
from vardag.meetings.calendar import calendar_bytes
from vardag.meetings.models import Meeting, MeetingStatus
from vardag.meetings.views.planning import meeting_context

# --- Meeting mode --------------------------------------------------------------------------------


def _run_context(request: AuthedRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    items = selectors.visible_items(request.user, meeting)
    rows = []
    for item in items:
        stale = extra.get("stale_item") == item.pk
        notes = (
            extra["notes_form"]
            if stale
            else forms.NotesForm(
                initial={"notes": item.notes, "version": item.notes_version},
                prefix=f"item{item.pk}",
            )
        )
        rows.append(
            {
                "item": item,
                "notes_form": notes,
                "stale_text": extra.get("stale_text") if stale else None,
                "missing_organisations": selectors.organisations_without_decision(item.idea)
                if item.idea
                else [],
                "feedback_form": forms.FeedbackDraftForm(
                    initial={"text": item.feedback_draft}, prefix=f"fb{item.pk}"
                ),
                "action_form": forms.ActionItemForm(forum=meeting.forum, prefix=f"act{item.pk}"),
            }
        )
    own = meeting.forum.organisation_id == request.user.organisation_id
    open_actions = (
        list(selectors.open_action_items(meeting.forum, before=meeting.ends_at)) if own else []
    )
    return {
        "meeting": meeting,
        "rows": rows,
        "can_run": True,
        "open_actions": open_actions,
        "can_decide": selectors.can_decide_in_meeting(request.user, meeting),
        "can_close": selectors.can_close_meeting(request.user, meeting),
        "meeting_day": selectors.meeting_day(meeting),
    }


@login_required
def run(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    require(selectors.can_run_meeting(request.user, the_meeting))
    return TemplateResponse(request, "meetings/run.html", _run_context(request, the_meeting))


@require_POST
@login_required
def notes_save(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = selectors.access_item(request.user, meeting_id, item_id)
    form = forms.NotesForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            with transaction.atomic():
                services.notes_save(
                    actor=request.user,
                    item=item,
                    notes=form.cleaned_data["notes"],
                    version=form.cleaned_data["version"],
                )
        except services.StaleNotes as exc:
            form.add_error(None, exc.messages[0])
            context = _run_context(
                request, item.meeting, stale_item=item.pk, stale_text=exc.current, notes_form=form
            )
            return TemplateResponse(request, "meetings/run.html", context, status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Anteckningarna är sparade."))
    return redirect(f"{reverse('meetings:run', args=[meeting_id])}#item-{item.pk}")


@login_required
def item_decide(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = selectors.access_item(request.user, meeting_id, item_id)
    if item.idea is None:
        raise Http404
    require(
        selectors.can_run_meeting(request.user, item.meeting)
        or selectors.is_forum_member(request.user, item.meeting.forum)
    )
    idea = item.idea
    # Only decisions and mandates this person may use in this forum's meeting (ideas.policy).
    choices = decision_choices(request.user, idea, meeting_forum=item.meeting.forum)
    is_day = selectors.has_meeting_day_come(item.meeting)
    if not choices or not is_day:
        empty: dict[str, Any] = {
            "form": None,
            "item": item,
            "meeting": item.meeting,
            "idea": idea,
            "is_before_meeting": not is_day,
        }
        return TemplateResponse(request, "meetings/decide.html", empty)
    chosen = decision_type_chosen(request, choices, idea.state)
    form = DecisionForm(
        request.POST or None, actor=request.user, idea=idea, choices=choices, decision_type=chosen
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        decision = save_or_errors(
            form,
            lambda: services.meeting_decision_record(
                actor=request.user,
                item=item,
                decision=form.to_decision(),
                request_key=form.cleaned_data["request_key"],
            ),
        )
        if decision is not None:
            messages.success(request, _("Beslutet är registrerat i protokollet."))
            return redirect(f"{reverse('meetings:run', args=[meeting_id])}#item-{item.pk}")
    if request.method == "POST":
        status = 422
    context: dict[str, Any] = {
        "form": form,
        "type_form": DecisionTypeForm(initial={"typ": chosen}, choices=choices),
        "item": item,
        "meeting": item.meeting,
        "idea": idea,
    }
    return TemplateResponse(request, "meetings/decide.html", context, status=status)


@login_required
def item_consult(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """A partner organisation's forum gives its statement on another organisation's idea."""
    item = selectors.access_item(request.user, meeting_id, item_id)
    if item.idea is None or item.idea.organisation_id == request.user.organisation_id:
        raise Http404
    require(
        selectors.can_run_meeting(request.user, item.meeting)
        or selectors.is_forum_member(request.user, item.meeting.forum)
    )
    form = forms.StatementForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = save_or_errors(
            form,
            lambda: services.meeting_consultation_record(
                actor=request.user,
                item=item,
                position=data["position"],
                statement=data["statement"],
            ),
        )
        if done is not None:
            messages.success(request, _("Yttrandet är registrerat och står i protokollet."))
            return redirect(f"{reverse('meetings:run', args=[meeting_id])}#item-{item.pk}")
    if request.method == "POST":
        status = 422  # the form says what is missing or refused
    context = {"form": form, "item": item, "meeting": item.meeting, "idea": item.idea}
    return TemplateResponse(request, "meetings/consult.html", context, status=status)


@require_POST
@login_required
def feedback_draft(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = selectors.access_item(request.user, meeting_id, item_id)
    form = forms.FeedbackDraftForm(request.POST, prefix=f"fb{item.pk}")
    if form.is_valid():
        act_or_message(
            request,
            lambda: services.feedback_draft_save(
                actor=request.user, item=item, text=form.cleaned_data["text"]
            ),
            _("Utkastet till återkoppling är sparat."),
        )
    return redirect(f"{reverse('meetings:run', args=[meeting_id])}#item-{item.pk}")


@require_POST
@login_required
def action_add(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = selectors.access_item(request.user, meeting_id, item_id)
    require(selectors.can_run_meeting(request.user, item.meeting))  # the service's rule
    form = forms.ActionItemForm(request.POST, forum=item.meeting.forum, prefix=f"act{item.pk}")
    if form.is_valid():
        act_or_message(
            request,
            lambda: services.action_item_create(
                actor=request.user, meeting=item.meeting, agenda_item=item, **form.cleaned_data
            ),
            _("Åtgärden är sparad."),
        )
    else:
        messages.error(request, _("Ange åtgärd, ansvarig och datum."))
    return redirect(f"{reverse('meetings:run', args=[meeting_id])}#item-{item.pk}")


@require_POST
@login_required
def action_done(request: AuthedRequest, action_id: int) -> HttpResponse:
    action = selectors.access_action_item(request.user, action_id)
    with transaction.atomic():
        services.action_item_done(
            actor=request.user, action=action, is_done=request.POST.get("done") != "0"
        )
    messages.success(request, _("Åtgärden är uppdaterad."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("meetings:week")


@login_required
def meeting_close(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    require(selectors.can_run_meeting(request.user, the_meeting))
    form = forms.CloseForm(request.POST or None, actor=request.user, meeting=the_meeting)
    if request.method == "POST" and form.is_valid():
        done = save_or_errors(
            form,
            lambda: services.meeting_close(
                actor=request.user, meeting=the_meeting, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Mötet är avslutat. Protokollet väntar på justering."))
            return redirect("meetings:minutes", the_meeting.pk)
    context = {
        "form": form,
        "meeting": the_meeting,
        "is_before_meeting": not selectors.has_meeting_day_come(the_meeting),
    }
    return TemplateResponse(request, "meetings/close.html", context)


# --- Minutes ------------------------------------------------------------------------------------


def _minutes_context(request: AuthedRequest, meeting: Meeting) -> dict[str, Any]:
    can_change = selectors.can_change_adjuster(request.user, meeting)
    return {
        "meeting": meeting,
        "items": selectors.visible_items(request.user, meeting),
        "can_approve": meeting.status == MeetingStatus.HELD
        and meeting.adjuster_id == request.user.pk
        and selectors.has_meeting_day_come(meeting)
        and not selectors.approval_refusal(request.user, meeting),
        "approval_refusal": selectors.approval_refusal(request.user, meeting)
        if meeting.status == MeetingStatus.HELD
        else "",
        "adjuster_form": forms.AdjusterChangeForm(actor=request.user, meeting=meeting)
        if can_change
        else None,
    }


@login_required
def minutes(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    return TemplateResponse(
        request, "meetings/minutes.html", _minutes_context(request, the_meeting)
    )


@require_POST
@login_required
def minutes_approve(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    act_or_message(
        request,
        lambda: services.minutes_approve(actor=request.user, meeting=the_meeting),
        _("Protokollet är justerat och låst. Återkopplingen är skickad."),
    )
    return redirect("meetings:minutes", the_meeting.pk)


@login_required
def adjuster_change(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    """Name another adjuster for closed minutes (chair, secretary or the forum's admin)."""
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    require(selectors.can_change_adjuster(request.user, the_meeting))
    form = forms.AdjusterChangeForm(request.POST or None, actor=request.user, meeting=the_meeting)
    if request.method == "POST" and form.is_valid():
        done = save_or_errors(
            form,
            lambda: services.meeting_adjuster_change(
                actor=request.user, meeting=the_meeting, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Justeraren är bytt och har fått protokollet."))
            return redirect("meetings:minutes", the_meeting.pk)
    context = _minutes_context(request, the_meeting) | {"adjuster_form": form}
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "meetings/minutes.html", context, status=status)


def _pdf(request: AuthedRequest, template: str, context: dict[str, Any], name: str) -> HttpResponse:
    from vardag.meetings.pdf import render_pdf

    body = render_pdf(request, template, context)
    return download(body, name, "application/pdf", inline=True)


@login_required
def minutes_pdf(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    context = _minutes_context(request, the_meeting)
    return _pdf(request, "meetings/pdf/minutes.html", context, f"protokoll-{meeting_id}.pdf")


@login_required
def agenda_pdf(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    context = meeting_context(request, the_meeting)
    return _pdf(request, "meetings/pdf/agenda.html", context, f"dagordning-{meeting_id}.pdf")


# --- Calendar feeds -----------------------------------------------------------------------------


@require_POST
@login_required
def feed_subscribe(request: AuthedRequest, forum_id: int) -> HttpResponse:
    the_forum = selectors.access_forum(request.user, forum_id)
    with transaction.atomic():
        if request.POST.get("renew"):
            services.calendar_feed_renew(actor=request.user, forum=the_forum)
            messages.success(
                request, _("Du har fått en ny adress. Den gamla fungerar inte längre.")
            )
        else:
            services.calendar_feed_get(actor=request.user, forum=the_forum)
    return redirect(f"{reverse('meetings:forum', args=[the_forum.pk])}#kalender")


def feed(request: Any, token: str) -> HttpResponse:
    """The subscribed calendar: public URL, protected by its secret token."""
    the_feed = selectors.feed_for_token(token)
    meetings: list[tuple[Meeting, list[str]]] = [(m, []) for m in selectors.feed_meetings(the_feed)]
    body = calendar_bytes(meetings, name=str(the_feed.forum))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def action_give(request: AuthedRequest) -> HttpResponse:
    """Hand a forum an action between meetings, e.g. from a weak result (`?fran=&underlag=`)."""
    forums = selectors.forums_for_actions(request.user)
    origin = request.GET.get("fran", "")
    label = request.GET.get("underlag", "")[:300]
    initial: dict[str, Any] = {}
    if is_local_path(origin):
        initial = {
            "origin_url": origin[:300],
            "origin_label": label,
            "title": _("Följ upp: %(label)s") % {"label": label} if label else "",
        }
    form = forms.GiveActionForm(request.POST or None, forums=forums, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = save_or_errors(
            form, lambda: services.action_item_give(actor=request.user, **form.cleaned_data)
        )
        if action is not None:
            messages.success(
                request,
                _("Åtgärden är lagd till %(forum)s och tas upp på forumets nästa möte.")
                % {"forum": action.forum.name},
            )
            return redirect("meetings:forum", action.forum_id)
    context = {"form": form, "has_forums": forums.exists(), "origin": initial}
    return TemplateResponse(request, "meetings/action_give.html", context)
