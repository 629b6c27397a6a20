"""The researcher's journey (issue 12): import a DOCX, accept the default pseudonymisation,
code and export, following only the links and buttons the pages show, and checking what she
would see: no name, phone number or personnummer in clear after the default "Spara", a text box
once, the header and the footnote in their place, and the same text in the export."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.axe import violations
from vardag.core.privacy.tests.numbers import make_number
from vardag.research.tests.documents import w_p, w_textbox, word_part, zipped

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPO = make_number(datetime.date(1981, 12, 18), 987)[:-1] + "0"  # a wrong check digit
CLEAR = ("Anna", "Lind", "Karin", "Berg", "070-123 45 67", TYPO)


def _interview() -> bytes:
    document = word_part(
        "document",
        w_p("Intervjuare: Hej Anna Lind, berätta om tiden för nya idéer.")
        + w_p(
            "Anna Lind: Vi har aldrig tid att pröva något nytt",
            '<w:r><w:footnoteReference w:id="1"/></w:r>',
            ".",
            w_textbox("Citat: Karin Berg sa att tiden inte räcker."),
        )
        + w_p(f"Ring mig på 070-123 45 67. Mitt nummer är {TYPO}."),
    )
    footnotes = word_part(
        "footnotes", '<w:footnote w:id="1">' + w_p("Gäller hela enheten.") + "</w:footnote>"
    )
    return zipped(
        {
            "word/document.xml": document,
            "word/header1.xml": word_part("hdr", w_p("Intervju 3")),
            "word/footnotes.xml": footnotes,
        }
    )


def _context(browser, live_server, user, language="sv", width=1280):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True, accept_downloads=True
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return context


def test_researcher_imports_a_docx_accepts_the_defaults_codes_and_exports(
    browser, live_server, world, tmp_path
):
    context = _context(browser, live_server, world.researcher)
    page = context.new_page()
    page.goto(live_server.url + reverse("research:studies"))

    # A new study, from the link on the list.
    with page.expect_navigation():
        page.get_by_role("link", name="Ny studie").click()
    page.fill("[name=title]", "Tid för idéer")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Tid för idéer"

    # Upload the interview, listing the interviewee.
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till källa").click()
    docx = tmp_path / "intervju.docx"
    docx.write_bytes(_interview())
    page.set_input_files("[name=file]", str(docx))
    page.fill("[name=title]", "Intervju 3")
    page.fill("[name=names]", "Anna Lind")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    # The review: every suggestion is ticked, the page passes axe; she accepts the defaults.
    assert page.locator("h1").inner_text() == "Granska pseudonymer"
    boxes = page.locator("input[type=checkbox][name^=accept-]")
    assert boxes.count() >= 4
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Spara pseudonymiserad text").click()

    # What she sees: the text without any of the names or numbers, in a defined order.
    assert "Källan är sparad" in page.content()
    text = page.locator("#source-text").inner_text()
    for clear in CLEAR:
        assert clear not in text, clear
    assert text.count("tiden inte räcker") == 1  # the text box, once
    assert text.index("Intervju 3") < text.index("Vi har aldrig tid") < text.index("Fotnoter")
    assert "[fotnot 1] Gäller hela enheten." in text

    # A code from the codebook (through the study page), then a paragraph coded by its number.
    with page.expect_navigation():
        page.get_by_role("link", name="Tid för idéer").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Kodbok").first.click()
    page.fill("[name=name]", "Tid")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa kod").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Översikt").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Intervju 3").click()
    page.get_by_label("Tid").check()
    page.fill("[name=first_paragraph]", "4")  # after [Sidhuvud], Intervju 3, the question
    with page.expect_navigation():
        page.get_by_role("button", name="Koda").click()
    assert "Kodningen är sparad" in page.content()
    assert violations(page) == []

    # Export: the project file holds the same pseudonymised text and the coding.
    with page.expect_navigation():
        page.get_by_role("link", name="Tid för idéer").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera .qdpx").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde").decode()
        (source_file,) = [n for n in names if n.startswith("Sources/")]
        exported = archive.read(source_file).decode()
    assert "PlainTextSelection" in qde and 'name="Tid"' in qde
    for clear in CLEAR:
        assert clear not in exported and clear not in qde, clear
    with page.expect_download() as download:
        page.get_by_role("link", name="Textutdrag som CSV").click()
    csv_text = download.value.path().read_bytes().decode("utf-8-sig")
    assert "Vi har aldrig tid" in csv_text and "Anna" not in csv_text
    context.close()


def test_the_review_page_reads_in_english_and_on_a_phone(browser, live_server, world):
    from vardag.research.models import Study

    study = Study.objects.create(organisation=world.org, owner=world.researcher, title="S")
    context = _context(browser, live_server, world.researcher, language="en", width=320)
    page = context.new_page()
    page.goto(live_server.url + reverse("research:source_add", args=[study.pk]))
    page.fill("[name=pasted]", "Karin Berg ringde från 070-123 45 67.")
    page.fill("[name=title]", "Note")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "All suggestions are selected" in page.content()
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    context.close()
