"""Rapport till nämnden: the overview's figures as a tagged PDF (WeasyPrint, as the surveys
report) and an XLSX (vardag.core.tables), with the plain reading, the charts with their tables
and the same suppression as the page (the figures come from the same selectors)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vardag.core.tables import Formatted
from vardag.dashboards.charts import BarChart, bar_chart
from vardag.dashboards.reading import num
from vardag.dashboards.selectors import Overview
from vardag.dashboards.stats import Share, Spread


def page_charts(o: Overview) -> dict[str, BarChart | None]:
    return {
        "state": bar_chart(
            _("Idéer per status; samma siffror finns i tabellen Status nedan."),
            [(r.label, r.n, str(r.n)) for r in o.portfolio.by_state],
        ),
        "gates": bar_chart(
            _(
                "Median antal dagar från inlämning till varje beslut; "
                "samma siffror finns i tabellen nedan."
            ),
            [
                (g.label, g.days.median or 0, _("%(n)s dagar") % {"n": num(g.days.median)})
                for g in o.flow.gates
                if g.days.n
            ],
        ),
    }


def file_name(o: Overview) -> str:
    where = o.scope.unit.name if o.scope.unit else o.scope.organisation.name
    return f"rapport-till-namnden-{slugify(where)}-{o.scope.today.isoformat()}"


def pdf(request: Any, o: Overview) -> bytes:
    import weasyprint

    context = {
        "o": o,
        # No charts in the PDF: their labels and figures would repeat every table's rows in
        # the text layer (what a screen reader and a copy read); the tables carry the figures.
        "charts": {},
        "pdf": True,
        "language": translation.get_language() or "sv",
    }
    html = render_to_string("dashboards/report_pdf.html", context, request=request)
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


PERCENT = "0 %"  # a share is kept as a fraction and shown as the page's whole percent
DAYS = "0"  # days as on the page: whole days, the mean with one decimal
MEAN_DAYS = "0.0"
INDEX = "0.00"  # conditions index and ideas per person, two decimals as on the page
VALUE = "0.0"  # value profile, one decimal as on the page


def _pct(value: float | None) -> Formatted:
    return Formatted(value, PERCENT)


def _share(value: Share) -> list[Any]:
    return [value.part, value.whole, _pct(value.value)]


def _spread(value: Spread) -> list[Any]:
    return [
        value.n,
        Formatted(value.median, DAYS),
        Formatted(value.q1, DAYS),
        Formatted(value.q3, DAYS),
        Formatted(value.low, DAYS),
        Formatted(value.high, DAYS),
        Formatted(value.mean, MEAN_DAYS),
        value.excluded,
    ]


def spread_head() -> list[str]:
    return [
        "n",
        "median",
        "q1",
        "q3",
        "min",
        "max",
        "mean",
        _("utelämnade: slutdatum före startdatum (fel i uppgifterna)"),
    ]


def sheets(o: Overview) -> dict[str, list[list[Any]]]:
    """The same figures as the page, one sheet per part; a hidden figure is an empty cell."""
    where = o.scope.unit.name if o.scope.unit else o.scope.organisation.name
    summary: list[list[Any]] = [
        [_("Rapport till nämnden"), where],
        [_("Från"), o.scope.since.isoformat() if o.scope.since else ""],
        [_("Till"), o.scope.until.isoformat() if o.scope.until else ""],
        [_("Minsta gruppstorlek"), o.scope.threshold],
        [],
        [_("Kort sagt")],
        *([s] for s in o.reading),
    ]
    portfolio: list[list[Any]] = [[_("Del"), _("Värde"), _("Idéer")]]
    portfolio.append([_("Totalt"), o.portfolio.total.label, o.portfolio.total.n])
    portfolio.append(
        [
            _("Över organisationer"),
            o.portfolio.cross_organisation.label,
            o.portfolio.cross_organisation.n,
        ]
    )
    for _key, heading, rows in o.portfolio.tables():
        portfolio.extend([str(heading), r.label, r.n] for r in rows)
    flow: list[list[Any]] = [[_("Beslut"), _("Idéer som nått dit"), *spread_head()]]
    flow.extend([g.label, g.reached.n, *_spread(g.days)] for g in o.flow.gates)
    flow += [[], [_("Status"), "", *spread_head()]]
    flow.extend([s.label, "", *_spread(s.days)] for s in o.flow.states)
    flow += [
        [],
        [_("Mått"), _("Del"), _("Av"), _("Procent")],
        [_("Första återkoppling inom fristen"), *_share(o.flow.first_feedback_in_time)],
        [_("Beslut med återkoppling inom fristen"), *_share(o.flow.feedback_in_time)],
        [_("Avslutade idéer med en lärdom"), *_share(o.flow.lesson_share)],
        [_("Återkoppling försenad"), o.flow.overdue.n],
        [_("Väntar förbi nästa behandling"), o.flow.waiting.n],
        [_("Lyfta eller överlämnade idéer"), o.flow.escalated.n],
        [],
        [_("Dagar till första återkoppling"), "", *spread_head()],
        ["", "", *_spread(o.flow.first_feedback)],
        [],
        [_("Forum"), _("Beslut")],
        *([t.label, t.n] for t in o.flow.by_forum),
        [],
        [_("Mandatnivå"), _("Beslut")],
        *([t.label, t.n] for t in o.flow.by_level),
    ]
    units: list[list[Any]] = [
        [
            _("Enhet"),
            _("Personer med konto"),
            _("Idéer"),
            _("Idéer per person"),
            _("Dagar till återkoppling (median)"),
            _("Nått G1"),
            _("Nått G2"),
            _("Väntar"),
            _("Svarande i analysen"),
            *(d.name for d in o.units.dimensions),
        ]
    ]
    for r in o.units.rows:
        latest = r.latest
        means = latest.means if latest else {}
        units.append(
            [
                r.unit.name,
                r.employees,
                r.ideas.n,
                Formatted(r.ideas_per_employee, INDEX),
                Formatted(r.first_feedback.median, DAYS),
                _pct(r.reached_g1.value),
                _pct(r.reached_g2.value),
                r.waiting,
                latest.n if latest else None,
                *(Formatted(means.get(d.code), INDEX) for d in o.units.dimensions),
            ]
        )
    units += [[], [_("Dimension"), *(r.title for r in o.units.rounds)]]
    units.append([_("Svarande i analysen"), *(c.n for c in o.units.scope_conditions)])
    units.extend(
        [name, *(Formatted(v, INDEX) for v in values)] for name, values in o.units.scope_table()
    )
    v = o.users.value
    users: list[list[Any]] = [
        [_("Mått"), _("Del"), _("Av"), _("Procent")],
        [_("Idéer efter G2 med insikter i användarens egen röst"), *_share(o.users.past_g2)],
        [_("Aktiviteter där barn deltog med återkoppling"), *_share(o.users.children_fed_back)],
        [_("… inom fristen"), *_share(o.users.children_in_time)],
        [],
        [_("Typ eller nivå"), _("Aktiviteter"), _("Deltagare")],
        *([k.label, k.activities, k.participants] for k in o.users.by_kind + o.users.by_level),
    ]
    if v is not None:
        users += [[], [_("Värdeprofil"), _("Medelvärde")]]
        users.extend([label, Formatted(mean, VALUE)] for label, mean in v.labelled)
        users.append([_("Med rättslig grund, inom ramen"), *_share(v.with_legal_basis)])
    f = o.effects.figures
    effects: list[list[Any]] = [[_("Mått"), _("Antal")]]
    effects.extend([t.label, t.n] for t in o.effects.phases)
    effects += [
        [_("Mätbara effektmål som nåtts"), *_share(o.effects.goals_reached)],
        [_("Införandeplaner"), f.implementations_total],
        [_("Uppföljningar gjorda"), f.follow_ups_done],
        [_("Uppföljningar försenade"), f.follow_ups_overdue],
        [_("Andra som infört våra innovationer"), f.adoptions_of_ours],
        [_("Innovationer vi infört från andra"), f.adoptions_by_us],
        [_("Lärdomar"), f.lessons_total],
    ]
    effects.extend([_("Hjälpte") + ": " + t.label, t.n] for t in o.effects.helped)
    effects.extend([_("Hindrade") + ": " + t.label, t.n] for t in o.effects.hindered)
    return {
        _("Sammanfattning"): summary,
        _("Portfölj"): portfolio,
        _("Flöde"): flow,
        _("Enheter"): units,
        _("Användarna"): users,
        _("Effekter"): effects,
    }
