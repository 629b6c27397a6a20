"""A register extract (GDPR art. 15): an organisation admin downloads a person's data from the
person's page — what the person's own "download my data" gives, by the same function, audited,
only for people of the admin's own organisation, offered only where the service allows it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vardag.core.models import AuditEvent
from vardag.ideas.tests.factories import make_idea
from vardag.orgadmin import selectors, services


def _members(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


def _without_time(readme: bytes) -> list[str]:
    return readme.decode().splitlines()[1:]  # the first line says when it was made


@pytest.mark.django_db
def test_admin_gets_what_the_person_gets_and_it_is_audited(world, client_for):
    make_idea(world, title="Läxhjälp på biblioteket")
    own = _members(client_for("employee").get(reverse("accounts:data_export")).content)
    url = reverse("orgadmin:person_data_export", kwargs={"user_id": world.employee.pk})
    response = client_for("admin").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    day = timezone.localdate().isoformat()
    assert f'filename="vardag-uppgifter-employee-{day}.zip"' in response["Content-Disposition"]
    extract = _members(response.content)
    assert set(extract) == set(own) and "ideer.csv" in extract
    for name in own:
        if name == "LÄSMIG.txt":
            assert _without_time(extract[name]) == _without_time(own[name])
        else:
            assert extract[name] == own[name], name
    event = AuditEvent.objects.get(action="person.data_exported")
    assert event.actor == world.admin
    assert (event.target_type, event.target_id) == ("accounts.user", str(world.employee.pk))
    assert event.organisation_id == world.org.pk


@pytest.mark.django_db
def test_only_people_of_the_admins_own_organisation(world, client_for):
    url = reverse("orgadmin:person_data_export", kwargs={"user_id": world.foreign.pk})
    assert client_for("admin").get(url).status_code == 404
    own = reverse("orgadmin:person_data_export", kwargs={"user_id": world.employee.pk})
    assert client_for("foreign").get(own).status_code == 404
    assert client_for("manager").get(own).status_code == 403
    assert not AuditEvent.objects.filter(action="person.data_exported").exists()


@pytest.mark.django_db
def test_the_service_refuses_by_the_rule_the_page_offers_by(world, client_for):
    for actor, person in [
        (world.admin, world.employee),
        (world.manager, world.employee),
        (world.admin, world.foreign),
        (world.foreign, world.employee),
    ]:
        allowed = selectors.can_export_person_data(actor, person)
        assert allowed == (actor == world.admin and person == world.employee)
        if allowed:
            with transaction.atomic():
                assert services.person_data_export(actor=actor, person=person)
        else:
            with pytest.raises(PermissionDenied), transaction.atomic():
                services.person_data_export(actor=actor, person=person)
    page = client_for("admin").get(
        reverse("orgadmin:person_detail", kwargs={"user_id": world.employee.pk})
    )
    link = reverse("orgadmin:person_data_export", kwargs={"user_id": world.employee.pk})
    assert link in page.content.decode()
