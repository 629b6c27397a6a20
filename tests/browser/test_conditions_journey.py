"""The head of administration reads the conditions results (issue 12), following only the links
the pages show (Förutsättningar → the round → Resultat), and the figures she reads in the
dimension table are checked against an independent computation (pandas means, pingouin's alpha)
from the stored answers; every reliability figure reads as a share in [0, 1]."""

from __future__ import annotations

import pandas as pd
import pingouin
import pytest
from django.test import Client

from vardag.surveys import instrument
from vardag.surveys.models import Answer, Audience, Item
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _independent(round_) -> dict[str, tuple[int, str, str]]:
    """Dimension name → (n, mean, alpha) as the page would print them (two decimals, comma)."""
    rows = Answer.objects.filter(response__round=round_, value__isnull=False).values_list(
        "response_id", "item__code", "value"
    )
    wide = pd.DataFrame(list(rows), columns=["r", "code", "v"]).pivot(index="r", columns="code")
    wide.columns = [c for _v, c in wide.columns]
    out = {}
    items = Item.objects.filter(version=round_.version, kind=instrument.SCALE)
    for dimension in {i.dimension for i in items}:
        scored = pd.DataFrame(
            {
                i.code: (6 - wide[i.code]) if i.is_reversed else wide[i.code]
                for i in items
                if i.dimension_id == dimension.pk
            }
        )
        alpha = float(pingouin.cronbach_alpha(scored)[0])
        mean = float(scored.mean(axis=1).mean())
        out[dimension.name_sv] = (
            len(scored),
            f"{mean:.2f}".replace(".", ","),
            f"{alpha:.2f}".replace(".", ","),
        )
    return out


def test_head_of_administration_reads_the_conditions_results(browser, live_server, world):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 24, seed=5)
    add_answers(round_, world.units["school"], Audience.EMPLOYEE, 18, seed=6, shift=0.3)
    client = Client()
    client.force_login(world.head)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Förutsättningar", exact=True).first.click()
        page.get_by_role("link", name=round_.title).click()
        page.get_by_role("link", name="Resultat", exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Resultat")
        table = page.locator(
            "table", has=page.locator("caption", has_text="Medelvärde per dimension")
        )
        seen = {}
        for row in table.locator("tbody tr").all():
            name = row.locator("th").inner_text().strip()
            cells = [c.inner_text().strip() for c in row.locator("td").all()]
            seen[name] = cells
        expected = _independent(round_)
        assert set(seen) == set(expected)
        for name, (n, mean, alpha) in expected.items():
            cells = seen[name]
            assert cells[0] == str(n) and cells[1] == mean, (name, cells)
            assert cells[3].startswith(alpha), (name, cells)
            for figure in (cells[3].split(" ")[0], cells[4]):
                value = float(figure.replace(",", "."))
                assert 0 <= value <= 1, (name, cells)
    finally:
        context.close()
