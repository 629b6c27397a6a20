from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.notifications import selectors, services


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(request.user), 30).get_page(
        request.GET.get("sida")
    )
    return TemplateResponse(request, "notifications/inbox.html", {"page": page})


@require_POST
@login_required
def open_notification(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = selectors.access_notification(request.user, notification_id)
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")
