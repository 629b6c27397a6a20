"""The admin API writes: the same services, checks and audit events as the admin pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from vardag.accounts import services as account_services
from vardag.accounts.models import Membership, User
from vardag.core.models import AuditEvent, Unit

pytestmark = pytest.mark.django_db
BASE = "/api/v1/orgadmin"


def _api(world, persona="admin"):
    token = account_services.token_create(actor=world.people[persona], name="it")[1]
    client = Client()

    def call(method: str, path: str, body: dict | None = None):
        return client.generic(
            method,
            BASE + path,
            data=json.dumps(body or {}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    return call


def test_units_are_created_changed_moved_and_closed(world):
    api = _api(world)
    parent = world.units["administration"]
    created = api(
        "POST",
        "/units",
        {"name": "Familjecentralen", "kind": "unit", "code": "FC1", "parent_id": parent.pk},
    )
    assert created.status_code == 201, created.content
    unit = Unit.objects.get(pk=created.json()["id"])
    assert (unit.organisation_id, unit.parent_id) == (world.org.pk, parent.pk)

    renamed = api("PATCH", f"/units/{unit.pk}", {"name": "Familjecentralen Ekbacka"})
    assert renamed.json()["name"] == "Familjecentralen Ekbacka"
    assert renamed.json()["code"] == "FC1"  # fields not sent are kept
    moved = api("PATCH", f"/units/{unit.pk}", {"move_to_top": True})
    assert moved.json()["parent_id"] is None
    closed = api("POST", f"/units/{unit.pk}/close", {"closed_at": "2026-12-31"})
    assert closed.json()["closed_at"] == "2026-12-31"
    actions = list(
        AuditEvent.objects.filter(target_id=str(unit.pk), action__startswith="unit.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["unit.created", "unit.renamed", "unit.moved", "unit.closed"]


def test_refusals_are_422_with_the_reason_and_write_nothing(world):
    api = _api(world)
    Unit.objects.create(organisation=world.org, name="Ett", kind="unit", code="X1")
    clash = api("POST", "/units", {"name": "Två", "kind": "unit", "code": "X1"})
    assert clash.status_code == 422
    assert "koden X1" in clash.json()["detail"]
    wrong_kind = api("POST", "/units", {"name": "Två", "kind": "planet"})
    assert wrong_kind.status_code == 422
    under_itself = api(
        "PATCH",
        f"/units/{world.units['administration'].pk}",
        {"parent_id": world.units["unit"].pk},
    )
    assert under_itself.status_code == 422
    assert not Unit.objects.filter(name="Två").exists()


def test_another_organisations_units_and_people_are_not_found(world):
    api = _api(world)
    other_unit = world.units["other_unit"]
    assert (
        api("POST", "/units", {"name": "Y", "kind": "unit", "parent_id": other_unit.pk}).status_code
        == 404
    )
    assert api("PATCH", f"/units/{other_unit.pk}", {"name": "Z"}).status_code == 404
    assert api("PATCH", f"/people/{world.foreign.pk}", {"title": "Z"}).status_code == 404
    assert (
        api(
            "POST",
            f"/people/{world.employee.pk}/memberships",
            {"unit_id": other_unit.pk, "role": "employee"},
        ).status_code
        == 404
    )


def test_people_and_memberships(world):
    api = _api(world)
    created = api(
        "POST",
        "/people",
        {"username": "sara.lind", "first_name": "Sara", "last_name": "Lind", "external_id": "E77"},
    )
    assert created.status_code == 201
    person = User.objects.get(username="sara.lind")
    assert person.organisation_id == world.org.pk
    taken = api("POST", "/people", {"username": "sara.lind", "first_name": "S", "last_name": "L"})
    assert taken.status_code == 422
    added = api(
        "POST",
        f"/people/{person.pk}/memberships",
        {"unit_id": world.units["school"].pk, "role": "employee", "starts_on": "2026-08-01"},
    )
    assert added.status_code == 201
    assert (
        api(
            "POST",
            f"/people/{person.pk}/memberships",
            {"unit_id": world.units["school"].pk, "role": "wizard"},
        ).status_code
        == 422
    )
    ended = api(
        "PATCH",
        f"/memberships/{added.json()['id']}",
        {"starts_on": "2026-08-01", "ends_on": "2027-06-30"},
    )
    assert ended.json()["ends_on"] == "2027-06-30"
    assert Membership.objects.get(pk=added.json()["id"]).ends_on.isoformat() == "2027-06-30"
    inactive = api("PATCH", f"/people/{person.pk}", {"is_active": False})
    assert inactive.json()["is_active"] is False
    assert api("PATCH", f"/people/{world.admin.pk}", {"is_active": False}).status_code == 422


def test_only_admins_write(world):
    api = _api(world, "manager")
    assert api("POST", "/units", {"name": "X", "kind": "unit"}).status_code == 403
    assert api("PATCH", f"/people/{world.employee.pk}", {"title": "X"}).status_code in (403, 404)
