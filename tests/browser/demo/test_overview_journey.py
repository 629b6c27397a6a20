"""The overview in a browser, on the demo data, as a new user would use it (issue 17):

- the head of administration (`forvaltningschef`) signs in, opens the overview from the
  navigation, drills down from "feedback overdue" to the ideas behind it, compares two units'
  conditions and flow, and downloads the committee report (PDF and XLSX);
- the unit manager (`enhetschef`) sees only their own subtree;
- the overview and comparison pages pass axe-core (WCAG 2.1 A/AA) in Swedish and English at 1280
  and 320 px, without horizontal overflow, under the real Content Security Policy.

It lives beside the other browser tests on the demo so that they share one demo load
(tests/browser/demo/conftest.py).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import WIDTHS, at_widths, watch_csp
from tests.browser.demo.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("demo-browser")]


def _page(browser, server, username: str, *, language: str = "sv", width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": server.url}])
    page = context.new_page()
    sign_in(page, server.url, username)
    return context, page


def _open_overview_from_the_menu(page, *, heading: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Översikt", exact=True
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == heading


def test_head_of_administration_drills_down_compares_and_downloads(browser, demo_server, db):
    from vardag.accounts.models import User
    from vardag.core.models import Unit
    from vardag.dashboards import selectors

    head = User.objects.get(username="forvaltningschef")
    expected = selectors.overview(head)
    assert expected.flow.overdue.n >= 1
    context, page = _page(browser, demo_server, "forvaltningschef")
    try:
        _open_overview_from_the_menu(page, heading="Översikt: Socialförvaltningen")
        reading = page.locator(".reading p").all_inner_texts()
        assert 3 <= len(reading) <= 5 and reading == expected.reading
        # "Återkoppling försenad" → exactly the ideas behind the number.
        figure = page.locator(".key-figures li", has_text="återkoppling försenad").get_by_role(
            "link"
        )
        assert figure.inner_text() == str(expected.flow.overdue.n)
        figure.click()
        assert page.url.split("?")[0].endswith("/ideer/")
        status = page.get_by_role("status").first.inner_text()
        assert re.match(rf"{expected.flow.overdue.n} idé", status), status
        for action in expected.actions.overdue:
            assert page.get_by_role("link", name=action.title).count() == 1
        page.go_back()
        # Two units side by side: conditions and flow.
        page.get_by_role("link", name="Jämför två enheter").click()
        a = Unit.objects.get(name="Mottagningsenheten barn och unga").pk
        b = Unit.objects.get(name="Utredningsenheten barn och unga").pk
        page.get_by_label("Första enheten").select_option(value=str(a))
        page.get_by_label("Andra enheten").select_option(value=str(b))
        page.get_by_role("button", name="Jämför").click()
        flow = page.locator("table", has=page.locator("caption", has_text="Flöde sida vid sida"))
        headers = flow.locator("thead th").all_inner_texts()
        assert headers[1:] == [
            "Mottagningsenheten barn och unga",
            "Utredningsenheten barn och unga",
        ]
        conditions = page.locator("table", has=page.locator("caption", has_text="Förutsättningar:"))
        assert conditions.count() >= 1
        assert conditions.first.locator("tbody tr").count() >= 9  # responses + 8 dimensions
        page.get_by_role("link", name="Översikt", exact=True).first.click()
        # The committee report, as a PDF and as an XLSX.
        with page.expect_download() as pdf:
            page.get_by_role("link", name="Rapport till nämnden (PDF)").click()
        assert pdf.value.suggested_filename.endswith(".pdf")
        assert pdf.value.path().read_bytes()[:4] == b"%PDF"
        with page.expect_download() as xlsx:
            page.get_by_role("link", name="Rapport till nämnden (XLSX)").click()
        assert xlsx.value.suggested_filename.endswith(".xlsx")
    finally:
        context.close()


def test_unit_manager_sees_only_their_subtree(browser, demo_server, db):
    context, page = _page(browser, demo_server, "enhetschef")
    try:
        _open_overview_from_the_menu(page, heading="Översikt: Mottagningsenheten barn och unga")
        options = page.get_by_label("Enhet (med enheterna under)").locator("option")
        assert [o.strip() for o in options.all_inner_texts()] == [
            "Mottagningsenheten barn och unga"
        ]
        units = page.locator(
            "table", has=page.locator("caption", has_text="Flöde och förutsättningar")
        )
        assert units.locator("tbody th").all_inner_texts() == ["Mottagningsenheten barn och unga"]
        assert "Socialförvaltningen" not in page.locator("main").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_overview_pages_pass_axe(browser, demo_server, db, language):
    """Each page loaded once per language and checked at 1280 and 320 px (tests/browser/axe)."""
    from vardag.core.models import Unit

    a = Unit.objects.get(name="Mottagningsenheten barn och unga").pk
    b = Unit.objects.get(name="Utredningsenheten barn och unga").pk
    context, page = _page(browser, demo_server, "forvaltningschef", language=language)
    blocked = watch_csp(page)
    failures: list[str] = []
    try:
        for url in ("/oversikt/", f"/oversikt/jamfor/?a={a}&b={b}"):
            blocked.clear()
            response = page.goto(demo_server.url + url)
            assert response is not None and response.status == 200
            problems = at_widths(page, WIDTHS) + [f"blocked by the CSP: {m}" for m in blocked]
            failures.extend(f"[{language}] {url}: {problem}" for problem in problems)
    finally:
        context.close()
    assert not failures, "\n".join(failures)
