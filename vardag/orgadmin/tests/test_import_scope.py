"""An HR file for one department closes nothing outside it unless the admin says the file is
the whole organisation (issue 12, item 1). The dry run shows what each reading would close."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vardag.accounts import services as account_services
from vardag.accounts.models import Membership, User
from vardag.core.models import Unit
from vardag.orgadmin.models import HrImport
from vardag.orgadmin.tests.test_import_journey import check, upload

HEADER = (
    "Anställningsnummer;Förnamn;Efternamn;E-post;Befattning;Enhetskod;Enhetsnamn;"
    "Överordnad enhetskod;Enhetstyp;Roll;Startdatum"
)


def _row(eid: str, name: str, code: str, unit: str, parent: str, kind: str = "Enhet") -> str:
    person = f"{eid};{name};Testsson;{eid.lower()}@example.org;Handläggare"
    return f"{person};{code};{unit};{parent};{kind};Medarbetare;2024-01-01"


WHOLE = [
    _row("E1", "Alma", "A1", "Mottagningen", "A"),
    _row("E2", "Bertil", "B1", "Hemtjänst Norr", "B"),
    _row("E3", "Cilla", "A1", "Mottagningen", "A"),
    _row("E4", "Dani", "A2", "Utredningen", "A"),
    _row("E5", "Edit", "A", "Avdelning barn", "", "Avdelning"),
    _row("E6", "Filip", "B", "Avdelning äldre", "", "Avdelning"),
]
# Department A's own export: Cilla has left and the investigation unit A2 is gone.
DEPARTMENT_A = [WHOLE[0], WHOLE[4]]


def _csv(rows: list[str]) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode("utf-8")


def _apply(client, hr_import, on_commit, data=None):
    with on_commit(execute=True):
        response = client.post(reverse("orgadmin:import_apply", args=[hr_import.pk]), data or {})
    hr_import.refresh_from_db()
    return response


@pytest.fixture
def imported(world, client_for, django_capture_on_commit_callbacks):
    admin = client_for("admin")
    first = check(admin, upload(admin, "hela.csv", _csv(WHOLE)))
    assert not first.needs_scope  # nothing would close: no question asked
    assert _apply(admin, first, django_capture_on_commit_callbacks).status_code == 302
    assert first.status == HrImport.Status.APPLIED
    return admin


@pytest.mark.django_db
def test_a_department_file_shows_what_each_reading_closes_and_needs_a_choice(
    world, imported, django_capture_on_commit_callbacks
):
    admin = imported
    part = check(admin, upload(admin, "avdelning-a.csv", _csv(DEPARTMENT_A)))
    assert part.needs_scope
    org, own = part.scopes["organisation"], part.scopes["file"]
    assert org["counts"] == {"unit_closes": 3, "person_closes": 4, "membership_closes": 4}
    assert own["counts"] == {"unit_closes": 1, "person_closes": 0, "membership_closes": 2}
    assert own["unit_closes"] == ["A2 Utredningen"]
    page = admin.get(reverse("orgadmin:import_detail", args=[part.pk])).content.decode()
    assert "Vad gäller filen?" in page
    assert "B Avdelning äldre" in page and "B1 Hemtjänst Norr" in page  # the org-wide list
    assert "Bara enheterna i filen" in page
    token = account_services.token_create(actor=world.admin, name="it")[1]
    api = (
        Client()
        .get(f"/api/v1/orgadmin/imports/{part.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    assert api["needs_scope"] and api["closes_by_scope"]["file"]["unit_closes"] == 1

    # Without a choice nothing is applied, and the page says why.
    refused = _apply(admin, part, django_capture_on_commit_callbacks)
    assert refused.status_code == 422
    assert "Välj vad filen gäller" in refused.content.decode()
    assert part.status == HrImport.Status.CHECKED and part.job_id is None

    done = _apply(admin, part, django_capture_on_commit_callbacks, {"scope": "file"})
    assert done.status_code == 302
    assert part.status == HrImport.Status.APPLIED and part.scope == "file"
    org_units = Unit.objects.filter(organisation=world.org)
    assert set(org_units.filter(closed_at__isnull=False).values_list("code", flat=True)) == {"A2"}
    assert User.objects.get(external_id="E2").is_active  # department B untouched
    assert Membership.objects.get(user__external_id="E2").ends_on is None
    cilla = User.objects.get(external_id="E3")
    assert cilla.is_active and Membership.objects.get(user=cilla).ends_on is not None
    assert part.summary["counts"]["unit_closes"] == 1


@pytest.mark.django_db
def test_the_whole_organisation_reading_closes_what_is_missing(
    world, imported, django_capture_on_commit_callbacks
):
    admin = imported
    part = check(admin, upload(admin, "avdelning-a.csv", _csv(DEPARTMENT_A)))
    _apply(admin, part, django_capture_on_commit_callbacks, {"scope": "organisation"})
    assert part.status == HrImport.Status.APPLIED
    closed = Unit.objects.filter(organisation=world.org, closed_at__isnull=False)
    assert set(closed.values_list("code", flat=True)) == {"A2", "B", "B1"}
    assert not User.objects.get(external_id="E2").is_active


@pytest.mark.django_db
def test_the_service_refuses_to_guess(world, imported):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from vardag.orgadmin import services

    admin = imported
    part = check(admin, upload(admin, "avdelning-a.csv", _csv(DEPARTMENT_A)))
    with pytest.raises(ValidationError), transaction.atomic():
        services.import_start(actor=world.admin, hr_import=part)
    with pytest.raises(ValidationError), transaction.atomic():
        services.import_start(actor=world.admin, hr_import=part, scope="everything")


@pytest.mark.django_db
def test_the_import_page_shows_words_not_stored_keys(world, imported):
    """The examples, the closes and the log name lists, roles, fields and events in words
    (the tryout found `membership_creates`, `(employee)` and `hr_import.applied`)."""
    admin = imported
    changed = [
        WHOLE[0].replace(";Alma;", ";Almira;"),
        *WHOLE[1:],
        _row("E7", "Gun", "A1", "Mottagningen", "A"),
    ]
    part = check(admin, upload(admin, "andrad.csv", _csv(changed)))
    page = admin.get(reverse("orgadmin:import_detail", args=[part.pk])).content.decode()
    assert "Ny person:</strong> E7 Gun Testsson" in page
    assert "Nytt uppdrag:</strong> E7 – A1 (Medarbetare)" in page
    assert "Ändrad person:</strong> E1 Alma Testsson: förnamn" in page
    assert "HR-filen laddades upp" in page and "HR-importen provkördes" in page
    for key in ("membership_creates", "person_changes", "(employee)", "first_name", "hr_import."):
        shown = page.split('id="h-dry"')[1].split('<p><a href="/')[0]  # not the log's link
        assert key not in shown, key
    # The department file's closes name roles in words too.
    part = check(admin, upload(admin, "avdelning-a.csv", _csv(DEPARTMENT_A)))
    page = admin.get(reverse("orgadmin:import_detail", args=[part.pk])).content.decode()
    assert "(Medarbetare)" in page and "(employee)" not in page
