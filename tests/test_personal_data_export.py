""" "Download my data" reads as the person chose: one file per kind of record that holds something,
named in their language, columns and choices in words, local times to the second, their own
uploaded files inside, nothing but machinery left out (by the register), README in their language.
Completeness is test_personal_data_register.py's."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify

from vardag.accounts.models import Membership, User, UserSession
from vardag.accounts.services import token_create
from vardag.core import register
from vardag.core.models import Job
from vardag.core.roles import Role
from vardag.ideas import services as idea_services
from vardag.ideas.models import Idea, IdeaAttachment
from vardag.ideas.tests.factories import make_idea
from vardag.records import services as records_services

UPLOAD = b"%PDF-1.4 min plan\n" * 20


@pytest.fixture
def exported(world, client_for, settings, tmp_path):
    """The employee's download in `language`, with an idea, an attachment and an API token."""
    settings.MEDIA_ROOT = tmp_path / "media"
    idea = make_idea(world, title="Läxhjälp på biblioteket")
    with transaction.atomic():
        idea_services.attachment_add(
            actor=world.employee,
            idea=idea,
            upload=SimpleUploadedFile("min plan.pdf", UPLOAD, content_type="application/pdf"),
        )
    token_create(actor=world.employee, name="Skript")

    def download(language: str) -> tuple[zipfile.ZipFile, str]:
        User.objects.filter(pk=world.employee.pk).update(language=language)
        response = client_for("employee").get(reverse("accounts:data_export"))
        assert response.status_code == 200
        return zipfile.ZipFile(io.BytesIO(response.content)), response["Content-Disposition"]

    return download


def _csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _plural(model, language: str) -> str:
    with translation.override(language):
        return slugify(str(model._meta.verbose_name_plural))


@pytest.mark.django_db
def test_english_export_names_files_columns_and_choices_in_english(exported, world):
    archive, disposition = exported("en")
    names = archive.namelist()
    day = timezone.localdate().isoformat()
    assert f'filename="vardag-my-data-{day}.zip"' in disposition
    assert "README.txt" in names and "LÄSMIG.txt" not in names

    ideas = _plural(Idea, "en")
    assert ideas == "ideas" and f"{ideas}.csv" in names and f"{ideas}.json" in names
    header, row = _csv(archive, f"{ideas}.csv")
    with translation.override("en"):
        title = str(capfirst(Idea._meta.get_field("title").verbose_name))
        state = Idea._meta.get_field("state")
        status = str(dict(state.flatchoices)[Idea.objects.get().state])
        state_header = str(capfirst(state.verbose_name))
        employee = str(Role.EMPLOYEE.label)
    assert row[header.index(title)] == "Läxhjälp på biblioteket"
    assert row[header.index(state_header)] == status and status != Idea.objects.get().state
    assert "search_text" not in header and "Search text" not in header  # the register: machine
    assert "draft_key" not in header and "Draft key" not in header  # the register: secret

    header, row = _csv(archive, f"{ideas}.csv")
    assert header[0] == "Number" and "State before hold" not in header  # no field's bare name

    memberships = _plural(Membership, "en")
    header, row = _csv(archive, f"{memberships}.csv")
    assert employee in row and "employee" not in row  # the role's label, not its code

    readme = archive.read("README.txt").decode()
    assert "Nothing stored:" in readme and "Stored:" in readme
    with translation.override("en"):
        assert f"- {capfirst(Job._meta.verbose_name_plural)}" in readme  # no job: listed only
    assert f"{_plural(Job, 'en')}.csv" not in names


@pytest.mark.django_db
def test_no_empty_files_and_every_stored_kind_in_the_readme(exported):
    archive, _ = exported("sv")
    names = archive.namelist()
    assert "LÄSMIG.txt" in names
    readme = archive.read("LÄSMIG.txt").decode()
    assert "Inget sparat:" in readme
    sessions = _csv(archive, f"{_plural(UserSession, 'sv')}.csv")
    assert "lösenord" in sessions[1] and "password" not in sessions[1]  # the method in words
    tables = [n for n in names if n.endswith(".csv")]
    assert tables and len(tables) == len([n for n in names if n.endswith(".json")])
    for name in tables:
        rows = _csv(archive, name)
        assert len(rows) >= 2, f"{name} is empty"
        assert name in readme
        data = json.loads(archive.read(name.replace(".csv", ".json")))
        assert len(data) == len(rows) - 1 and list(data[0]) == rows[0]


@pytest.mark.django_db
def test_my_uploaded_file_is_in_the_zip_and_named_in_its_row(exported):
    archive, _ = exported("sv")
    attachments = _plural(IdeaAttachment, "sv")
    header, row = _csv(archive, f"{attachments}.csv")
    inside = [value for value in row if value.startswith("filer/")]
    assert len(inside) == 1 and inside[0].endswith("min_plan.pdf")
    assert archive.read(inside[0]) == UPLOAD
    stored = IdeaAttachment.objects.get().file.name
    assert stored not in row  # the storage path is not what the person gets


@pytest.mark.django_db
def test_times_are_swedish_local_time_to_the_second(exported, world):
    archive, _ = exported("sv")
    joined = User.objects.get(pk=world.employee.pk).date_joined
    expected = joined.astimezone(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d %H:%M:%S")
    header, row = _csv(archive, "profil.csv")
    with translation.override("sv"):
        column = str(capfirst(User._meta.get_field("date_joined").verbose_name))
    assert row[header.index(column)] == expected
    for name in archive.namelist():
        if name.endswith((".csv", ".json")):
            text = archive.read(name).decode("utf-8-sig")
            assert not re.search(r"\d\d:\d\d:\d\d\.\d", text), name  # no microseconds
            assert "+00:00" not in text, name


@pytest.mark.django_db
def test_what_is_left_out_is_what_the_register_leaves_out(exported, world):
    archive, _ = exported("sv")
    digest = world.employee.api_tokens.get().digest
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert digest.encode() not in everything
    entry = register.entries()["ideas.Idea"]
    assert "search_text" in register.left_out_of_export(entry)
    assert register.left_out_of_export(entry)["search_text"] == "machine"
    with pytest.raises(ValueError, match="not classified internal"):
        register.entry("x.Y", "p", personal="title", machine="title")


# The erasure request's page (records) links to the admin's register extract (orgadmin).
@pytest.mark.django_db
def test_an_erasure_request_links_to_the_persons_data(world, client_for):
    with transaction.atomic():
        request = records_services.erasure_request_review(
            actor=world.admin, received_on=date(2026, 12, 1), person=world.employee
        )
    page = client_for("admin").get(
        reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    )
    assert page.status_code == 200
    link = reverse("orgadmin:person_data_export", kwargs={"user_id": world.employee.pk})
    assert link in page.content.decode()


@pytest.mark.django_db
def test_notification_kinds_are_words_and_swedish_columns_have_swedish_names(exported, world):
    """The second tryout read `meeting.minutes_approved` as the kind of a notification and
    "Outcome", "Round", "Is used" in the Swedish download."""
    from vardag.notifications.models import Notification
    from vardag.notifications.services import notify

    with transaction.atomic():
        notify(
            actor=world.manager,
            recipients=[world.employee],
            kind="meeting.minutes_approved",
            subject=lambda: "Protokollet är justerat",
            body=lambda: "",
            url="/moten/",
        )
    assert Notification.objects.filter(recipient=world.employee).exists()
    archive, _disposition = exported("sv")
    name = f"{_plural(Notification, 'sv')}.csv"
    header, *rows = _csv(archive, name)
    kinds = [row[header.index("Typ")] for row in rows]
    assert "Justerade protokoll" in kinds and "meeting.minutes_approved" not in kinds
    english_defaults = {"Outcome", "Created by", "Handled at", "Round", "Audience", "Is used"}
    for member in archive.namelist():
        if member.endswith(".csv"):
            assert not english_defaults & set(_csv(archive, member)[0]), member
