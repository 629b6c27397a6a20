"""Figures that the records could make nonsensical: a decision dated before its idea's
submission is a data inconsistency, left out of the durations and counted, never a negative
number of days; and the plain reading words a spread without width sensibly."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from vardag.accounts import services as account_services
from vardag.core.models import Unit
from vardag.dashboards import selectors
from vardag.dashboards.tests.factories import scenario
from vardag.forums.models import DecisionType as D
from vardag.ideas.models import Decision, Feedback, Idea, IdeaState
from vardag.surveys.models import Response

pytestmark = pytest.mark.django_db


def _decided_before_submission(world):
    s = scenario(world)
    idea = s.ideas["money2"]  # submitted 30 days ago
    Decision.objects.filter(idea=idea, decision_type=D.GRANT_TIME).update(
        decided_on=timezone.localdate() - timedelta(days=40)
    )
    return s


def _direct_g1_days(world) -> list[int]:
    days = []
    for idea in Idea.objects.filter(organisation=world.org).exclude(state=IdeaState.DRAFT):
        first = (
            Decision.objects.filter(idea=idea, decision_type=D.GRANT_TIME)
            .order_by("decided_on", "created_at", "id")
            .first()
        )
        if first is not None and idea.submitted_at is not None:
            days.append((first.decided_on - timezone.localtime(idea.submitted_at).date()).days)
    return days


def test_a_decision_dated_before_submission_is_left_out_and_counted(world, client_for):
    _decided_before_submission(world)
    direct = _direct_g1_days(world)
    assert min(direct) == -10  # the inconsistency is in the records
    o = selectors.overview(world.innovation_lead)
    g1 = next(g for g in o.flow.gates if g.key == D.GRANT_TIME)
    assert g1.days.excluded == sum(1 for d in direct if d < 0) == 1
    assert g1.days.n == sum(1 for d in direct if d >= 0)
    assert g1.days.low is not None and g1.days.low >= 0
    assert g1.days.mean == pytest.approx(
        sum(d for d in direct if d >= 0) / sum(1 for d in direct if d >= 0)
    )
    for gate in o.flow.gates:
        assert gate.days.low is None or gate.days.low >= 0
    for state in o.flow.states:
        assert state.days.low is None or state.days.low >= 0
    assert any("datum ligger före idéns inlämning" in s for s in o.reading)

    client = client_for("innovation_lead")
    page = client.get("/oversikt/").content.decode()
    assert "G1 Beslut tid: 1 beslut är daterat före idéns inlämning" in page

    book = load_workbook(io.BytesIO(client.get("/oversikt/rapport.xlsx").content))
    rows = [[c.value for c in row] for row in book["Flöde"].iter_rows()]
    head = rows[0]
    g1_row = next(r for r in rows if r[0] == g1.label)
    assert g1_row[head.index("min")] >= 0
    assert g1_row[-1] == 1 and head[-1].startswith("utelämnade")

    pdf = client.get("/oversikt/rapport.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "1 beslut är daterat före idéns inlämning" in text

    token = account_services.token_create(actor=world.innovation_lead, name="t")[1]
    data = Client().get("/api/v1/dashboards/overview", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    api_g1 = next(g for g in data["flow"]["gates"] if g["key"] == D.GRANT_TIME)
    assert api_g1["days"]["excluded"] == 1
    assert api_g1["days"]["low"] >= 0


def test_plain_reading_when_every_first_feedback_came_the_same_day(world):
    scenario(world)
    for idea in Idea.objects.exclude(submitted_at=None):
        Feedback.objects.filter(idea=idea).update(created_at=idea.submitted_at)
    o = selectors.overview(world.innovation_lead)
    assert o.flow.first_feedback.n and o.flow.first_feedback.high == 0
    assert not any("mellan 0 och 0" in s for s in o.reading)
    assert any("samma dag som de lämnades in" in s for s in o.reading)


def test_respondents_are_labelled_as_such_and_match_a_direct_count(world, client_for):
    s = scenario(world)
    o = selectors.overview(world.innovation_lead)
    units = {u.pk: u.parent_id for u in Unit.objects.filter(organisation=world.org)}

    def subtree(root: int) -> set[int]:
        found = {root}
        while more := {u for u, p in units.items() if p in found} - found:
            found |= more
        return found

    threshold = world.org.suppression_threshold
    for r in o.units.rows:
        direct = Response.objects.filter(
            round=s.round, submitted_on__isnull=False, unit_id__in=subtree(r.unit.pk)
        ).count()
        if direct >= threshold and r.latest.n is not None:
            assert r.latest.n == direct
        else:
            assert r.latest.n in (None, 0)  # hidden under the threshold (or nobody answered)
    page = client_for("innovation_lead").get("/oversikt/").content.decode()
    assert "Svarande i analysen" in page and "Personer med konto" in page
    assert ">Svar<" not in page and ">Personer<" not in page
    book = load_workbook(
        io.BytesIO(client_for("innovation_lead").get("/oversikt/rapport.xlsx").content)
    )
    head = [c.value for c in next(book["Enheter"].iter_rows())]
    assert "Svarande i analysen" in head and "Personer med konto" in head


def test_xlsx_formats_shares_as_percent_indexes_as_on_the_page_and_labels_values(world, client_for):
    s = scenario(world)
    o = selectors.overview(world.innovation_lead)
    book = load_workbook(
        io.BytesIO(client_for("innovation_lead").get("/oversikt/rapport.xlsx").content)
    )
    sheet = book["Enheter"]
    head = [c.value for c in sheet[1]]
    g1, g2 = head.index("Nått G1") + 1, head.index("Nått G2") + 1
    first_dimension = len(head) - len(o.units.dimensions) + 1
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == world.units["unit"].name)
    unit = o.units.row(world.units["unit"].pk)
    assert row[g1 - 1].value == pytest.approx(unit.reached_g1.value)
    assert row[g1 - 1].number_format == row[g2 - 1].number_format == "0 %"
    index = row[first_dimension - 1]
    assert index.value == pytest.approx(unit.latest.means[o.units.dimensions[0].code])
    assert index.number_format == "0.00"  # the page shows two decimals
    flow = book["Flöde"]
    shares = {r[0].value: r[3] for r in flow.iter_rows() if r[0].value and len(r) > 3}
    in_time = shares["Första återkoppling inom fristen"]
    assert in_time.number_format == "0 %"
    assert in_time.value == pytest.approx(o.flow.first_feedback_in_time.value)
    users = [[c.value for c in r] for r in book["Användarna"].iter_rows()]
    labels = [r[0] for r in users]
    for key in ("wellbeing", "outcome", "experience", "self_management", "collective"):
        assert key not in labels
    if o.users.value is not None:
        assert "Välbefinnande på kort sikt" in labels
        assert "Värde för samhället och kollektivet" in labels
    assert s.round is not None


def test_committee_pdf_lists_each_status_once_without_stray_bullets(world, client_for):
    scenario(world)
    o = selectors.overview(world.innovation_lead)
    pdf = client_for("innovation_lead").get("/oversikt/rapport.pdf").content
    lines = [
        line.strip()
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]
    for row in o.portfolio.by_state:
        assert sum(1 for line in lines if line == f"{row.label} {row.n}") == 1, row.label
    assert "•" not in "\n".join(lines)


def test_gate_chart_is_left_out_when_every_median_is_zero_and_says_days(world):
    from vardag.dashboards.report import page_charts

    scenario(world)
    o = selectors.overview(world.innovation_lead)
    chart = page_charts(o)["gates"]
    assert chart is not None and all(b.text.endswith("dagar") for b in chart.bars)
    for idea in Idea.objects.exclude(submitted_at=None):
        Decision.objects.filter(idea=idea).update(
            decided_on=timezone.localtime(idea.submitted_at).date()
        )
    o = selectors.overview(world.innovation_lead)
    assert all(g.days.median in (None, 0) for g in o.flow.gates)
    assert page_charts(o)["gates"] is None


def test_overdue_feedback_action_links_to_a_page_that_opens(world, client_for):
    scenario(world)
    o = selectors.overview(world.head)
    assert o.actions.overdue
    client = client_for("head")
    for action in o.actions.overdue:
        assert client.get(action.url).status_code == 200, action.url


@pytest.mark.parametrize("persona", ["politician", "head", "innovation_lead", "manager"])
def test_weak_dimension_links_only_to_results_the_person_may_open(world, client_for, persona):
    scenario(world)
    o = selectors.overview(world.people[persona])
    weak = o.actions.weak
    assert weak is not None  # the scenario's round has a weakest dimension for every scope
    page = client_for(persona).get("/oversikt/").content.decode()
    if weak.result_url is None:
        assert "Se resultatet" not in page
    else:
        assert client_for(persona).get(weak.result_url).status_code == 200, weak.result_url
