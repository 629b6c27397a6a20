"""Pages for planning: forums' meetings, series, the agenda, cancelling and moving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core import once
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.core.tables import download
from vardag.forums.selectors import can_manage_forum
from vardag.meetings import forms, selectors, services
from vardag.meetings.calendar import calendar_bytes
from vardag.meetings.models import AgendaItem, Meeting


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    rows = selectors.forum_overview(request.user)
    return TemplateResponse(request, "meetings/index.html", {"rows": rows})


@login_required
def week(request: AuthedRequest) -> HttpResponse:
    context = {"week": selectors.week(request.user), "today": timezone.localdate()}
    return TemplateResponse(request, "meetings/week.html", context)


@login_required
def forum(request: AuthedRequest, forum_id: int) -> HttpResponse:
    the_forum = selectors.access_forum(request.user, forum_id)
    now = timezone.now()
    meetings = selectors.meeting_list(request.user, forum=the_forum)
    feed = selectors.calendar_feed_of(request.user, the_forum)
    context = {
        "forum": the_forum,
        "series": selectors.series_list(request.user, forum=the_forum),
        "upcoming": meetings.filter(starts_at__gte=now)[:20],
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:20],
        "actions": selectors.action_item_list(request.user, forum=the_forum, open_only=True)
        if the_forum.organisation_id == request.user.organisation_id
        else [],
        "can_manage": can_manage_forum(request.user, the_forum),
        "feed_url": request.build_absolute_uri(reverse("meetings:feed", args=[feed.token]))
        if feed
        else "",
    }
    return TemplateResponse(request, "meetings/forum.html", context)


@login_required
def series_create(request: AuthedRequest, forum_id: int) -> HttpResponse:
    the_forum = selectors.access_forum(request.user, forum_id)
    require(can_manage_forum(request.user, the_forum))
    form = forms.SeriesForm(request.POST or None, forum=the_forum)
    if request.method == "POST" and form.is_valid():
        series = save_or_errors(
            form,
            lambda: services.series_create(
                actor=request.user, forum=the_forum, **form.cleaned_data
            ),
        )
        if series is not None:
            messages.success(request, _("Mötesserien och dess möten är skapade."))
            return redirect("meetings:series", series.pk)
    return TemplateResponse(
        request, "meetings/series_form.html", {"form": form, "forum": the_forum}
    )


@login_required
def series(request: AuthedRequest, series_id: int) -> HttpResponse:
    the_series = selectors.access_series(request.user, series_id)
    form = forms.MeetingAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = save_or_errors(
            form,
            lambda: services.meeting_add(
                actor=request.user, series=the_series, starts_at=form.cleaned_data["starts_at"]
            ),
        )
        if meeting is not None:
            return redirect("meetings:meeting", meeting.pk)
    meetings = selectors.meeting_list(request.user, forum=the_series.forum).filter(
        series=the_series
    )
    context = {
        "series": the_series,
        "meetings": meetings,
        "form": form,
        "can_manage": can_manage_forum(request.user, the_series.forum),
    }
    return TemplateResponse(request, "meetings/series.html", context)


def meeting_context(request: AuthedRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "agenda": selectors.agenda_for(request.user, meeting),
        "can_run": selectors.can_run_meeting(request.user, meeting),
        "can_propose": selectors.can_propose_item(request.user, meeting),
        "is_shared_forum": selectors.is_shared_forum(meeting.forum),
    }


@login_required
def meeting(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    context = meeting_context(request, the_meeting)
    return TemplateResponse(request, "meetings/meeting.html", context)


@login_required
def meeting_ics(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    titles = [i.display_title for i in selectors.visible_items(request.user, the_meeting)]
    body = calendar_bytes([(the_meeting, titles)], method="PUBLISH")
    return download(body, f"mote-{the_meeting.pk}.ics", "text/calendar; charset=utf-8")


@require_POST
@login_required
def agenda_fill(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    act_or_message(
        request,
        lambda: services.agenda_fill(actor=request.user, meeting=the_meeting),
        lambda added: _("%(n)s punkter lades till.") % {"n": len(added)},
    )
    return redirect("meetings:meeting", the_meeting.pk)


@require_POST
@login_required
def agenda_send(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    act_or_message(
        request,
        lambda: services.agenda_send(actor=request.user, meeting=the_meeting),
        _("Dagordningen och kallelsen är skickade till ledamöterna."),
    )
    return redirect("meetings:meeting", the_meeting.pk)


@login_required
def item_add(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    """Propose an item. Opened from an idea's page (`?idea=<id>`), the form starts with that idea
    (as the agenda fill would place it) and returns to the idea's page once the item is added."""
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    repeat = _answered_before(request, the_meeting)
    if repeat is not None:
        return repeat
    require(selectors.can_propose_item(request.user, the_meeting))
    form = forms.ItemForm(request.POST or None, actor=request.user, forum=the_meeting.forum)
    idea = form.idea_from(request.GET.get("idea", ""))
    if idea is not None and not form.is_bound:
        form.initial.update(selectors.idea_item_initial(the_meeting, idea))
    if request.method == "POST" and form.is_valid():
        _refuse_if_held(form, the_meeting)
    if request.method == "POST" and form.is_valid():
        item = save_or_errors(
            form,
            lambda: services.item_propose(
                actor=request.user, meeting=the_meeting, **form.cleaned_data
            ),
        )
        if item is not None:
            return _item_proposed(request, the_meeting, item, request.GET.get("idea", ""))
    context = {"form": form, "meeting": the_meeting, "item": None, "from_idea": idea}
    return TemplateResponse(request, "meetings/item_form.html", context)


def _answered_before(request: AuthedRequest, meeting: Meeting) -> HttpResponse | None:
    """A proposal this person made already is answered, before the rules of a new one are
    asked (the deadline may have passed since): the same form sent twice (its one-time key) as
    the first time; the form sent again after Back (a new key) for an idea their item already
    put on this agenda, calmly, where the first one went (the idea page, when opened from it)."""
    if request.method != "POST":
        return None
    from_idea = request.GET.get("idea", "")
    key = once.posted_key(request)
    made = once.earlier(AgendaItem, key, meeting=meeting, proposed_by=request.user)
    if made is not None:
        return _item_proposed(request, meeting, made, from_idea)
    own = selectors.own_item_for_idea(request.user, meeting, request.POST.get("idea", ""))
    if own is None:
        return None
    messages.info(request, _on_agenda(meeting, _("Idén står redan på dagordningen för {meeting}.")))
    if from_idea == str(own.idea_id):
        return redirect("ideas:detail", own.idea_id)
    return redirect("meetings:meeting", meeting.pk)


def _refuse_if_held(form: forms.ItemForm, meeting: Meeting) -> None:
    """Someone else's item holds the idea on this agenda: the form says which meeting."""
    if selectors.item_holding_idea(meeting, form.cleaned_data.get("idea")) is not None:
        refusal = _(
            "Idén står redan på dagordningen för {meeting}. Ett möte tar upp en idé en gång."
        )
        form.add_error("idea", _on_agenda(meeting, refusal))


def _on_agenda(meeting: Meeting, sentence: str) -> str:
    """`sentence` with `{meeting}` as a link to the meeting: "<forum>, <date time>"."""
    when = date_format(timezone.localtime(meeting.starts_at), "Y-m-d H:i")
    url = reverse("meetings:meeting", args=[meeting.pk])
    link = format_html('<a href="{}">{}, {}</a>', url, meeting.forum.name, when)
    return format_html(sentence, meeting=link)


def _item_proposed(
    request: AuthedRequest, meeting: Meeting, item: AgendaItem, idea_id: str
) -> HttpResponse:
    if idea_id.isdigit() and item.idea_id == int(idea_id):
        done = _("Idén är anmäld till dagordningen för %(meeting)s.")
        messages.success(request, done % {"meeting": meeting})
        return redirect("ideas:detail", item.idea_id)
    messages.success(request, _("Punkten är tillagd på dagordningen."))
    return redirect("meetings:meeting", meeting.pk)


@login_required
def item_edit(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = selectors.access_item(request.user, meeting_id, item_id)
    require(selectors.can_run_meeting(request.user, item.meeting))
    initial = {
        "title": item.title,
        "purpose": item.purpose,
        "description": item.description,
        "presenter": item.presenter_id,
        "minutes": item.minutes,
        "is_shared": item.is_shared,
    }
    form = forms.ItemForm(
        request.POST or None,
        actor=request.user,
        forum=item.meeting.forum,
        with_idea=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        updated = save_or_errors(
            form, lambda: services.item_update(actor=request.user, item=item, **form.cleaned_data)
        )
        if updated is not None:
            return redirect("meetings:meeting", item.meeting.pk)
    context = {"form": form, "meeting": item.meeting, "item": item}
    return TemplateResponse(request, "meetings/item_form.html", context)


@require_POST
@login_required
def item_remove(request: AuthedRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = selectors.access_item(request.user, meeting_id, item_id)
    act_or_message(
        request,
        lambda: services.item_remove(actor=request.user, item=item),
        _("Punkten är borttagen."),
    )
    return redirect("meetings:meeting", meeting_id)


@login_required
def meeting_cancel(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    require(selectors.can_run_meeting(request.user, the_meeting))
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = save_or_errors(
            form,
            lambda: services.meeting_cancel(
                actor=request.user, meeting=the_meeting, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Mötet är inställt och ledamöterna har fått besked."))
            return redirect("meetings:meeting", the_meeting.pk)
    return TemplateResponse(request, "meetings/cancel.html", {"form": form, "meeting": the_meeting})


@login_required
def meeting_move(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    the_meeting = selectors.access_meeting(request.user, meeting_id)
    require(selectors.can_run_meeting(request.user, the_meeting))
    initial = {
        "starts_at": timezone.localtime(the_meeting.starts_at),
        "ends_at": timezone.localtime(the_meeting.ends_at),
        "place": the_meeting.place,
        "online_link": the_meeting.online_link,
    }
    form = forms.MoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = save_or_errors(
            form,
            lambda: services.meeting_move(
                actor=request.user, meeting=the_meeting, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Mötet är flyttat och ledamöterna har fått besked."))
            return redirect("meetings:meeting", the_meeting.pk)
    return TemplateResponse(request, "meetings/move.html", {"form": form, "meeting": the_meeting})
