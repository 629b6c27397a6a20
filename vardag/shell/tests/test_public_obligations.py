"""Item 13 of issue 14: the accessibility statement as DIGG's model asks, its feedback form
reaching the organisation's admins, /.well-known/security.txt (RFC 9116) and publiccode.yml."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from vardag.core.models import AuditEvent
from vardag.notifications.models import Notification
from vardag.shell import accessibility_statement

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_statement_has_what_diggs_model_asks(world):
    body = Client().get(reverse("shell:accessibility")).content.decode()
    assert "delvis förenlig" in body
    assert "1.4.10" in body  # the narrow-screen tables, a known shortcoming
    assert "https://www.digg.se/tdosanmalan" in body
    assert "Myndigheten för digital förvaltning" in body
    assert "självskattning" in body
    reviewed = accessibility_statement.REVIEWED_ON
    assert f"Senaste bedömningen gjordes den {reviewed.day} december {reviewed.year}" in body
    assert 'name="message"' in body
    assert 'name="organisation"' in body  # a visitor chooses the organisation


def test_statement_in_english(world):
    client = Client()
    client.cookies["django_language"] = "en"
    body = client.get(reverse("shell:accessibility")).content.decode()
    assert "partially compliant" in body
    assert "Agency for Digital Government" in body


def test_visitor_feedback_reaches_the_chosen_organisations_admins_only(world):
    response = Client().post(
        reverse("shell:accessibility"),
        {
            "organisation": world.org.pk,
            "page": "/ideer/",
            "message": "Knappen Skicka går inte att nå med tangentbordet.",
            "contact": "besokare@example.org",
        },
    )
    assert response.status_code == 302
    sent = Notification.objects.filter(kind="accessibility.feedback")
    assert {n.recipient for n in sent} == {world.admin}
    assert "Knappen Skicka" in sent[0].body and "besokare@example.org" in sent[0].body
    event = AuditEvent.objects.get(action="accessibility.feedback_sent")
    assert event.organisation_id == world.org.pk and event.data["recipients"] == 1


def test_signed_in_feedback_goes_to_own_organisation_without_choosing(world, client_for):
    client = client_for("foreign")
    body = client.get(reverse("shell:accessibility")).content.decode()
    assert 'name="organisation"' not in body
    client.post(
        reverse("shell:accessibility"),
        {"organisation": world.org.pk, "message": "Kontrasten är för svag."},
    )
    recipients = set(
        Notification.objects.filter(kind="accessibility.feedback").values_list(
            "recipient__organisation_id", flat=True
        )
    )
    assert recipients == {world.foreign.organisation_id}


def test_feedback_needs_a_message_and_is_rate_limited(world):
    client = Client()
    response = client.post(reverse("shell:accessibility"), {"organisation": world.org.pk})
    assert response.status_code == 200
    assert not Notification.objects.filter(kind="accessibility.feedback").exists()
    for number in range(7):
        client.post(
            reverse("shell:accessibility"),
            {"organisation": world.org.pk, "message": f"Synpunkt {number}"},
        )
    assert Notification.objects.filter(kind="accessibility.feedback").count() == 5


def _fields(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        name, _sep, value = line.partition(": ")
        found.setdefault(name, []).append(value)
    return found


def test_security_txt_follows_rfc_9116(world, settings):
    settings.SECURITY_CONTACT = ["sakerhet@ekbacka.example", "https://ekbacka.example/cvd"]
    response = Client().get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert fields["Contact"] == ["mailto:sakerhet@ekbacka.example", "https://ekbacka.example/cvd"]
    assert len(fields["Expires"]) == 1  # exactly once (RFC 9116 2.5.5)
    expires = datetime.strptime(fields["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=366)
    assert fields["Canonical"] == [f"{settings.SITE_URL}/.well-known/security.txt"]


def test_security_txt_defaults_and_configured_expiry(world, settings):
    settings.SECURITY_CONTACT = []
    settings.DEFAULT_FROM_EMAIL = "Vardag <vardag@ekbacka.example>"
    settings.SECURITY_TXT_EXPIRES = "2027-06-30"
    fields = _fields(Client().get("/.well-known/security.txt").content.decode())
    assert fields["Contact"] == ["mailto:vardag@ekbacka.example"]
    assert fields["Expires"] == ["2027-06-30T00:00:00Z"]


PUBLICCODE_CATEGORIES = {
    "collaboration",
    "knowledge-management",
    "project-management",
    "data-collection",
    "data-analytics",
    "survey",
    "workflow-management",
    "feedback-and-reviews-management",
}
PUBLICCODE_SCOPES = {"government", "local-authorities", "welfare", "education", "healthcare"}


def test_publiccode_yml_is_valid():
    import yaml

    data = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert data["publiccodeYmlVersion"] == "0.4"
    for key in ("name", "url", "platforms", "developmentStatus", "softwareType", "description"):
        assert data[key], key
    assert data["legal"]["license"] == "EUPL-1.2"
    assert data["developmentStatus"] in {"concept", "development", "beta", "stable", "obsolete"}
    assert data["softwareType"] in {
        "standalone/mobile",
        "standalone/iot",
        "standalone/desktop",
        "standalone/web",
        "standalone/backend",
        "standalone/other",
        "addon",
        "library",
        "configurationFiles",
    }
    assert set(data["categories"]) <= PUBLICCODE_CATEGORIES
    assert set(data["intendedAudience"]["scope"]) <= PUBLICCODE_SCOPES
    assert data["maintenance"]["type"] in {"internal", "contract", "community", "none"}
    assert set(data["localisation"]["availableLanguages"]) == {"sv", "en"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(data["releaseDate"]))
    for language, text in data["description"].items():
        assert len(text["shortDescription"]) <= 150, language
        assert 150 <= len(text["longDescription"]) <= 10000, language
        assert text["features"], language
