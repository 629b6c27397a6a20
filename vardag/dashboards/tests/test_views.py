"""The overview's pages, report and API: who sees what, the plain reading, the files, and a
query count that does not grow with the data."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from vardag.accounts import services as account_services
from vardag.core.navigation import links_for
from vardag.core.testing import assert_constant_queries
from vardag.dashboards import selectors
from vardag.dashboards.tests.factories import scenario
from vardag.forums.models import DecisionType as D
from vardag.forums.tests.factories import governance
from vardag.ideas.models import Decision, Feedback, Idea, IdeaState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona,sees",
    [
        ("head", True),
        ("manager", True),
        ("principal", True),
        ("politician", True),
        ("admin", True),
        ("innovation_lead", True),
        ("employee", False),
        ("researcher", False),
    ],
)
def test_overview_is_for_managers_the_committee_admins_and_innovation_leads(
    world, client_for, persona, sees
):
    keys = [link.key for link in links_for(world.people[persona], "/")]
    assert ("overview" in keys) is sees
    assert client_for(persona).get("/oversikt/").status_code == (200 if sees else 403)


def test_unit_manager_sees_only_their_subtree(world, client_for):
    scenario(world)
    o = selectors.overview(world.manager)
    assert o.scope.unit == world.units["unit"]
    assert {r.unit.pk for r in o.units.rows} == {world.units["unit"].pk}
    with pytest.raises(PermissionDenied):
        selectors.overview(world.manager, unit_id=world.units["administration"].pk)
    page = client_for("manager").get(f"/oversikt/?unit={world.units['administration'].pk}")
    assert page.status_code == 200  # the form refuses the unit; the manager's own is shown
    assert "Socialförvaltningen</h1>" not in page.content.decode()
    token = account_services.token_create(actor=world.manager, name="t")[1]
    api = Client().get(
        f"/api/v1/dashboards/overview?unit={world.units['administration'].pk}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert api.status_code == 403


def test_the_other_municipality_gets_404_for_our_units(world):
    token = account_services.token_create(actor=world.foreign, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    unit = world.units["unit"].pk
    assert Client().get(f"/api/v1/dashboards/overview?unit={unit}", **auth).status_code == 404
    compare = f"/api/v1/dashboards/compare?a={unit}&b={world.units['administration'].pk}"
    assert Client().get(compare, **auth).status_code == 404
    with pytest.raises(Exception) as refused:
        selectors.comparison(world.foreign, unit_ids=[unit])
    assert "404" in type(refused.value).__name__ or refused.type.__name__ == "Http404"


def test_plain_reading_in_swedish_and_english(world):
    scenario(world)
    o = selectors.overview(world.head)
    assert 3 <= len(o.reading) <= 5
    assert o.reading[0].startswith("Socialförvaltningen har 7 idéer")
    assert "få idéer (7)" in o.reading[-1]
    with translation.override("en"):
        english = selectors.overview(world.head).reading
    assert english[0].startswith("Socialförvaltningen has 7 ideas")
    assert "few ideas (7)" in english[-1]


def test_page_shows_figures_next_steps_and_charts_with_tables(world, client_for):
    s = scenario(world)
    page = client_for("head").get("/oversikt/").content.decode()
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', page)
    units = world.units
    assert [(int(v), bool(sel), label.strip()) for v, sel, label in options][:3] == [
        (units["administration"].pk, True, "Socialförvaltningen"),  # the scope, chosen
        (units["unit"].pk, False, "Mottagningsenheten"),  # below it, indented
        (s.second_unit.pk, False, "Utredningsenheten"),
    ]
    assert "Kort sagt" in page and "Nästa steg" in page
    assert s.ideas["waiting"].title in page
    assert page.count("<svg") == 2 and page.count("<table") >= 10
    assert f"/ideer/?unit={world.units['administration'].pk}" in page
    compare = client_for("head").get(
        f"/oversikt/jamfor/?a={world.units['unit'].pk}&b={s.second_unit.pk}"
    )
    assert compare.status_code == 200
    assert "Utredningsenheten" in compare.content.decode()
    result = selectors.comparison(world.head, unit_ids=[world.units["unit"].pk, s.second_unit.pk])
    assert 3 <= len(result.reading) <= 4
    a, b = result.rows
    assert result.reading[0].startswith(f"Mottagningsenheten har {a.ideas.n} idéer")
    assert any("Störst skillnad i förutsättningar" in x for x in result.reading)
    for sentence in result.reading:
        assert sentence in compare.content.decode()
    with translation.override("en"):
        english = selectors.comparison(world.head, unit_ids=[a.unit.pk, b.unit.pk]).reading
    assert english[0].startswith(f"Mottagningsenheten has {a.ideas.n} ideas")


def test_committee_report_as_xlsx_and_tagged_pdf_with_the_small_group_hidden(world, client_for):
    s = scenario(world)
    client = client_for("innovation_lead")
    xlsx = client.get("/oversikt/rapport.xlsx")
    assert xlsx.status_code == 200
    assert "rapport-till-namnden" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [
        "Sammanfattning",
        "Portfölj",
        "Flöde",
        "Enheter",
        "Användarna",
        "Effekter",
    ]
    summary = [c.value for row in book["Sammanfattning"].iter_rows() for c in row]
    o = selectors.overview(world.innovation_lead)
    for sentence in o.reading:
        assert sentence in summary
    units = {row[0].value: [c.value for c in row] for row in book["Enheter"].iter_rows(min_row=2)}
    school = units[s.small_unit.name]
    assert school[8:] == [None] * (len(school) - 8)  # no conditions figure for 3 answers
    pdf = client.get(f"/oversikt/rapport.pdf?unit={world.units['administration'].pk}")
    assert pdf.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Rapport till nämnden: Socialförvaltningen" in text
    administration = selectors.overview(
        world.innovation_lead, unit_id=world.units["administration"].pk
    )
    assert administration.reading[0] in " ".join(text.split())


def _grow(world):
    gov = governance(world)

    def grow(n: int) -> None:
        have = Idea.objects.filter(organisation=world.org).count()
        now = timezone.now()
        ideas = Idea.objects.bulk_create(
            Idea(
                organisation=world.org,
                title=f"Idé {i}",
                initiator=world.employee,
                unit=world.units["unit"],
                state=IdeaState.IN_PREPARATION if i % 2 else IdeaState.SUBMITTED,
                submitted_at=now - timedelta(days=i % 30),
                feedback_due_on=timezone.localdate() - timedelta(days=i % 3),
                next_handling_on=timezone.localdate() - timedelta(days=i % 4),
                forum=gov.apt,
            )
            for i in range(have, n)
        )
        Idea.affected_units.through.objects.bulk_create(
            Idea.affected_units.through(idea_id=idea.pk, unit_id=world.units["school"].pk)
            for idea in ideas
        )
        decisions = Decision.objects.bulk_create(
            Decision(
                idea=idea,
                decision_type=D.REGISTER,
                mandate=gov.manager_mandate,
                forum=gov.apt,
                decided_by=world.manager,
                decided_on=timezone.localdate(),
                from_state=IdeaState.SUBMITTED,
                to_state=IdeaState.IN_PREPARATION,
            )
            for idea in ideas
            if idea.state == IdeaState.IN_PREPARATION
        )
        Feedback.objects.bulk_create(
            Feedback(idea_id=d.idea_id, decision=d, author=world.manager, body="Registrerad.")
            for d in decisions
        )

    return grow


@pytest.mark.parametrize(
    "persona,url",
    [
        ("head", "/oversikt/"),
        ("innovation_lead", "/oversikt/"),
        ("manager", "/oversikt/"),
        ("head", "/oversikt/rapport.xlsx"),
        ("head", "/api/v1/dashboards/overview"),
        ("head", "COMPARE"),
    ],
)
def test_overview_needs_the_same_queries_for_few_and_many_ideas(world, client_for, persona, url):
    scenario(world)
    client = client_for(persona)
    if url == "COMPARE":
        url = f"/oversikt/jamfor/?a={world.units['unit'].pk}&b={world.units['administration'].pk}"
    headers = {}
    if url.startswith("/api/"):
        token = account_services.token_create(actor=world.people[persona], name="t")[1]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def fetch() -> None:
        assert client.get(url, **headers).status_code == 200

    assert_constant_queries(fetch, _grow(world), small=20, large=80)


def test_api_gives_every_figure_and_its_idea_list(world):
    scenario(world)
    token = account_services.token_create(actor=world.head, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = Client().get("/api/v1/dashboards/overview", **auth).json()
    o = selectors.overview(world.head)
    assert data["reading"] == o.reading
    assert data["portfolio"]["total"]["n"] == o.portfolio.total.n
    assert data["flow"]["overdue"]["n"] == o.flow.overdue.n
    assert [r["unit_id"] for r in data["units"]["rows"]] == [r.unit.pk for r in o.units.rows]
    states = next(t for t in data["portfolio"]["tables"] if t["key"] == "state")
    rows = [data["flow"]["waiting"], data["flow"]["overdue"], data["flow"]["escalated"]]
    for row in states["rows"] + rows:
        query = row["ideas_url"].split("?", 1)[1]
        listed = Client().get(f"/api/v1/ideas/ideas?limit=1&{query}", **auth).json()
        assert listed["count"] == row["n"], row
