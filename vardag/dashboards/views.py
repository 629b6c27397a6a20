"""The overview's pages: thin views over vardag.dashboards.selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from vardag.accounts.http import AuthedRequest
from vardag.core.access import require
from vardag.core.tables import download, xlsx_bytes
from vardag.dashboards import report, selectors
from vardag.dashboards.forms import CompareForm, OverviewForm, ReportForm
from vardag.dashboards.scope import can_view_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    require(can_view_overview(request.user))
    form = OverviewForm(request.GET or None, actor=request.user)
    data = selectors.overview(request.user, **form.values())
    if not form.is_bound:
        form.initial["unit"] = data.scope.unit.pk if data.scope.unit else None
    context = {"form": form, "o": data, "charts": report.page_charts(data)}
    return TemplateResponse(request, "dashboards/overview.html", context)


@login_required
def compare(request: AuthedRequest) -> HttpResponse:
    require(can_view_overview(request.user))
    form = CompareForm(request.GET or None, actor=request.user)
    result = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        result = selectors.comparison(
            request.user,
            unit_ids=[d["a"].pk, d["b"].pk],
            since=d.get("since"),
            until=d.get("until"),
        )
    return TemplateResponse(request, "dashboards/compare.html", {"form": form, "result": result})


@login_required
def committee_report(request: AuthedRequest, fmt: str) -> HttpResponse:
    """Rapport till nämnden: the same figures as the page, as a tagged PDF or an XLSX."""
    require(can_view_overview(request.user))
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    form = ReportForm(request.GET or None, actor=request.user)
    data = selectors.overview(request.user, **form.values())
    name = report.file_name(data)
    if fmt == "xlsx":
        return download(xlsx_bytes(report.sheets(data)), f"{name}.xlsx", XLSX)
    return download(report.pdf(request, data), f"{name}.pdf", "application/pdf")
