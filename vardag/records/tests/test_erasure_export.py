"""A person's data export gives an erasure request's plan as the sentences the request's page
shows, in the export's language, beside the stored plan (tryout finding: the export had only the
plan as JSON). Records adds the column through vardag.accounts.personal_data.register_words."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from vardag.records import services
from vardag.records.tests import factories as f

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _page_lines(page: str) -> list[str]:
    """The reviewed plan on the request's page as lines: its headings (with a colon) and items."""
    section = page.split('aria-labelledby="reviewed-heading"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>|<li>(.*?)</li>|<p>(.*?)</p>", section, re.S)
    lines = []
    for heading, item, paragraph in found:
        text = html.unescape(re.sub(r"<[^>]+>", "", heading or item or paragraph)).strip()
        lines.append(f"{text}:" if heading else text)
    return lines


def _export_rows(content: bytes) -> list[dict]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    [name] = [n for n in archive.namelist() if re.search(r"radering.*json|erasure.*json", n)]
    return json.loads(archive.read(name))


@pytest.mark.parametrize(
    ("language", "column"),
    [("sv", "Vad som raderas och vad som finns kvar"), ("en", "What is erased and what is kept")],
)
def test_the_export_gives_the_plan_in_the_sentences_of_the_page(
    world, client_for, language, column
):
    f.draft(world, "Utkast")
    f.notification(world, world.employee)
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=world.employee
    )
    admin = client_for("admin")
    page = _get(
        admin, reverse("records:erasure_detail", kwargs={"request_id": request.pk}), language
    )
    shown = _page_lines(page.content.decode())
    assert len(shown) >= 5 and any(": 1. " in line for line in shown), shown
    assert shown[0] == {"sv": "Raderas:", "en": "To be erased:"}[language], shown

    url = reverse("orgadmin:person_data_export", kwargs={"user_id": world.employee.pk})
    [row] = _export_rows(_get(admin, url, language).content)
    assert row[column].split("\n") == shown
    # The stored plan and outcome (model labels, row ids, reason keys) are machinery: the
    # readable export gives them in words only (tryout finding: a raw "Plan" column of JSON).
    assert not {"Plan", "Utfall", "Outcome", "plan", "outcome"} & set(row), sorted(row)
    assert "ideas.Idea" not in json.dumps(row)
