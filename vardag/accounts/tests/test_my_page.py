"""My page: sessions (end one or all) and the download of one's own data."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from vardag.accounts.models import UserSession
from vardag.accounts.testing import PASSWORD


def signed_in(world, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(
        reverse("accounts:login"), {"username": "employee", "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_sessions_are_listed_and_one_can_be_ended(world):
    laptop, phone = signed_in(world, "Laptop Firefox"), signed_in(world, "Telefon Safari")
    page = laptop.get(reverse("accounts:account")).content.decode()
    assert "Laptop Firefox" in page and "Telefon Safari" in page
    phone_session = UserSession.objects.get(user_agent="Telefon Safari")
    response = laptop.post(reverse("accounts:session_end", args=[phone_session.pk]))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=phone_session.session_key).exists()
    assert phone.get(reverse("accounts:account")).status_code == 302  # signed out
    assert laptop.get(reverse("accounts:account")).status_code == 200  # still signed in
    page = laptop.get(reverse("accounts:account")).content.decode()
    assert "Telefon Safari" not in page


@pytest.mark.django_db
def test_someone_elses_session_is_404(world, client_for):
    other = signed_in(world, "Laptop Firefox")
    session = UserSession.objects.get(user=world.employee)
    assert (
        client_for("manager").post(reverse("accounts:session_end", args=[session.pk])).status_code
        == 404
    )
    assert other.get(reverse("accounts:account")).status_code == 200


@pytest.mark.django_db
def test_logout_everywhere_ends_every_session(world):
    laptop, phone = signed_in(world, "Laptop"), signed_in(world, "Telefon")
    laptop.post(reverse("accounts:logout_everywhere"))
    assert phone.get(reverse("accounts:account")).status_code == 302
    assert not UserSession.objects.filter(user=world.employee, ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_data_download_has_json_and_csv_of_only_my_data(world, client_for):
    response = client_for("employee").get(reverse("accounts:data_export"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    # Files by kind in the person's language (personal_data); what holds nothing is in the README.
    for part in ("profil", "uppdrag", "inloggningar"):
        assert {f"{part}.json", f"{part}.csv"} <= names
    assert "api-nycklar.csv" not in names
    assert "- API-nycklar" in archive.read("LÄSMIG.txt").decode()
    profile = json.loads(archive.read("profil.json"))
    assert profile[0]["Användarnamn"] == "employee"
    rows = list(
        csv.DictReader(io.StringIO(archive.read("uppdrag.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0]["Enhet"] == "Mottagningsenheten"
    assert "manager" not in archive.read("profil.csv").decode("utf-8-sig")


@pytest.mark.django_db
def test_my_actions_in_the_download_carry_their_labels_in_my_language(world, client_for):
    from django.db import transaction

    from vardag.core import audit

    with transaction.atomic():
        audit.record(world.employee, "unit.renamed", target=world.units["unit"])
    client = client_for("employee")
    for language, label, kind, file, columns in (
        (
            "sv",
            "Enheten bytte namn",
            "Enhet",
            "mina-handelser-i-loggen",
            ("Händelse", "Slag av objekt"),
        ),
        ("en", "The unit was renamed", "Unit", "my-events-in-the-log", ("Event", "Kind of object")),
    ):
        client.cookies["django_language"] = language
        archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:data_export")).content))
        rows = list(
            csv.DictReader(
                io.StringIO(archive.read(f"{file}.csv").decode("utf-8-sig")), delimiter=";"
            )
        )
        action, target = columns
        renamed = [r for r in rows if r[action] == label]
        assert [r[target] for r in renamed] == [kind]
        assert "unit.renamed" not in archive.read(f"{file}.csv").decode("utf-8-sig")  # no codes
