from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.accounts.selectors import membership_list
from vardag.core import ratelimit, selectors, services
from vardag.core.forms import act_or_message
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.selectors import with_row_figures
from vardag.shell import accessibility_statement
from vardag.shell import services as shell_services
from vardag.shell.audit_rows import audit_rows
from vardag.shell.filters import AuditFilterSet
from vardag.shell.forms import AccessibilityFeedbackForm
from vardag.shell.security_txt import text as security_txt_text

FEEDBACK_SCOPE = "accessibility-feedback"
FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW = timedelta(hours=1)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    mine = IdeaFilterSet({"mine": True}, actor=request.user).narrowed()
    mine = mine.order_by("-updated_at", "-id")[:5]
    context = {
        "memberships": membership_list(request.user, user=request.user),
        "my_ideas": with_row_figures(mine, actor=request.user),
    }
    return TemplateResponse(request, "shell/home.html", context)


@login_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    events = AuditFilterSet(request.GET or None, actor=request.user)
    page = Paginator(events.qs, 50).get_page(request.GET.get("sida"))
    rows = audit_rows(request.user, page.object_list)
    context = {"form": events.form, "page": page, "rows": rows}
    return TemplateResponse(request, "shell/audit_log.html", context)


@login_required
@never_cache
def job_progress(request: AuthedRequest, job_id: str) -> HttpResponse:
    job = selectors.access_job(request.user, job_id)
    template = "shell/job.html#progress" if request.htmx else "shell/job.html"
    return TemplateResponse(request, template, {"job": job})


@login_required
@require_POST
def job_rerun(request: AuthedRequest, job_id: str) -> HttpResponse:
    job = selectors.access_job(request.user, job_id)
    act_or_message(
        request,
        lambda: services.job_rerun(actor=request.user, job=job),
        _("Jobbet körs igen."),
    )
    return redirect("shell:job", job_id=job.pk)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return TemplateResponse(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render())


def accessibility(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = AccessibilityFeedbackForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST":
        limited = ratelimit.is_limited(
            request, FEEDBACK_SCOPE, limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW
        )
        if limited:
            form.add_error(
                None, _("Du har skickat många synpunkter på kort tid. Försök igen om en stund.")
            )
        elif form.is_valid():
            ratelimit.record_failure(request, FEEDBACK_SCOPE, window=FEEDBACK_WINDOW)
            data = form.cleaned_data
            organisation = data.get("organisation") or getattr(request.user, "organisation", None)
            if organisation is None:
                raise PermissionDenied(_("Ditt konto hör inte till någon organisation."))
            shell_services.accessibility_feedback_send(
                actor=request.user,
                organisation=organisation,
                message=data["message"],
                page=data["page"],
                contact=data["contact"],
            )
            messages.success(
                request, _("Tack! Din synpunkt har skickats till organisationens administratörer.")
            )
            return redirect("shell:accessibility")
    context = {
        "form": form,
        "reviewed_on": accessibility_statement.REVIEWED_ON,
        "updated_on": accessibility_statement.UPDATED_ON,
    }
    return TemplateResponse(request, "shell/accessibility.html", context)


def security_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(security_txt_text(), content_type="text/plain; charset=utf-8")
