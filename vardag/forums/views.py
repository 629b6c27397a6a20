"""Pages for forums and the mandate register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core.access import require
from vardag.core.forms import act_or_message, save_or_errors
from vardag.forums import forms, selectors, services
from vardag.forums.models import ForumType


@login_required
def forum_list(request: AuthedRequest) -> HttpResponse:
    type_ = request.GET.get("typ", "")
    type_ = type_ if type_ in ForumType.values else ""
    forums = selectors.forum_list(request.user, type=type_)
    can_create = request.user.is_org_admin or request.user.is_manager
    return TemplateResponse(
        request,
        "forums/list.html",
        {"forums": forums, "types": ForumType.choices, "type": type_, "can_create": can_create},
    )


@login_required
def forum_detail(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, forum_id)
    can_manage = selectors.can_manage_forum(request.user, forum)
    context = {
        "forum": forum,
        "can_manage": can_manage,
        "mandates": selectors.mandate_list(request.user, forum_id=forum.pk),
        "member_form": forms.MemberForm(forum=forum) if can_manage else None,
    }
    return TemplateResponse(request, "forums/detail.html", context)


@login_required
def forum_create(request: AuthedRequest) -> HttpResponse:
    require(request.user.is_org_admin or request.user.is_manager)
    form = forms.ForumForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        forum = save_or_errors(
            form,
            lambda: services.forum_create(
                actor=request.user, chair=request.user, **form.cleaned_data
            ),
        )
        if forum is not None:
            messages.success(request, _("Forumet är skapat."))
            return redirect("forums:detail", forum.pk)
    return TemplateResponse(request, "forums/form.html", {"form": form, "forum": None})


@login_required
def forum_edit(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, forum_id)
    require(selectors.can_manage_forum(request.user, forum))
    form = forms.ForumForm(request.POST or None, instance=forum, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.forum_update(actor=request.user, forum=forum, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Forumet är sparat."))
            return redirect("forums:detail", forum.pk)
    return TemplateResponse(request, "forums/form.html", {"form": form, "forum": forum})


@require_POST
@login_required
def member_add(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, forum_id)
    require(selectors.can_manage_forum(request.user, forum))
    form = forms.MemberForm(request.POST, forum=forum)
    if form.is_valid():
        act_or_message(
            request,
            lambda: services.forum_member_add(actor=request.user, forum=forum, **form.cleaned_data),
            _("Personen är tillagd i forumet."),
        )
    else:
        messages.error(request, _("Välj en person och en roll."))
    return redirect("forums:detail", forum.pk)


@require_POST
@login_required
def member_remove(request: AuthedRequest, forum_id: int, user_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, forum_id)
    membership = get_object_or_404(forum.memberships.all(), user_id=user_id)
    services.forum_member_remove(actor=request.user, forum=forum, user=membership.user)
    return redirect("forums:detail", forum.pk)


@login_required
def mandate_list(request: AuthedRequest) -> HttpResponse:
    mandates = selectors.mandate_list(request.user)
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "forums/mandates.html",
        {
            "mandates": mandates,
            "today": today,
            "can_manage": selectors.can_manage_mandates(request.user),
        },
    )


@login_required
def mandate_detail(request: AuthedRequest, mandate_id: int) -> HttpResponse:
    mandate = selectors.access_mandate(request.user, mandate_id)
    return TemplateResponse(
        request,
        "forums/mandate.html",
        {"mandate": mandate, "can_manage": selectors.can_manage_mandates(request.user)},
    )


@login_required
def mandate_create(request: AuthedRequest) -> HttpResponse:
    require(selectors.can_manage_mandates(request.user))
    form = forms.MandateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        mandate = save_or_errors(
            form, lambda: services.mandate_create(actor=request.user, **form.cleaned_data)
        )
        if mandate is not None:
            messages.success(request, _("Mandatet är sparat."))
            return redirect("forums:mandate", mandate.pk)
    return TemplateResponse(request, "forums/mandate_form.html", {"form": form, "mandate": None})


@login_required
def mandate_edit(request: AuthedRequest, mandate_id: int) -> HttpResponse:
    mandate = selectors.access_mandate(request.user, mandate_id)
    require(selectors.can_manage_mandates(request.user))
    form = forms.MandateForm(request.POST or None, instance=mandate, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.mandate_update(
                actor=request.user, mandate=mandate, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("Mandatet är sparat."))
            return redirect("forums:mandate", mandate.pk)
    return TemplateResponse(request, "forums/mandate_form.html", {"form": form, "mandate": mandate})
