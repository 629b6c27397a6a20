from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.notifications import selectors, services
from vardag.notifications.forms import PreferencesForm


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(request.user), 30).get_page(
        request.GET.get("sida")
    )
    context = {"page": page, "unread": selectors.unread_count(request.user)}
    return TemplateResponse(request, "notifications/inbox.html", context)


@require_POST
@login_required
def open_notification(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = selectors.access_notification(request.user, notification_id)
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    services.notification_mark_all_read(actor=request.user)
    messages.success(request, _("Alla aviseringar är markerade som lästa."))
    return redirect("notifications:inbox")


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    current = selectors.preference_map(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(actor=request.user, choices=form.choices())
        messages.success(request, _("Dina val är sparade."))
        return redirect("notifications:preferences")
    return TemplateResponse(request, "notifications/preferences.html", {"form": form})
