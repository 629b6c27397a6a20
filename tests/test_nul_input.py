"""A NUL character in any input is a clear 400, never a database error (PostgreSQL refuses it)."""

import json

import pytest
from django.urls import reverse

from vardag.accounts import services as account_services

pytestmark = pytest.mark.django_db


def test_a_page_with_nul_in_the_query_answers_400_in_swedish(client_for):
    response = client_for("admin").get(reverse("orgadmin:person_list"), {"q": "Anna\x00"})
    assert response.status_code == 400
    assert "otillåtet tecken" in response.content.decode()


def test_a_form_post_with_nul_answers_400_and_saves_nothing(world, client_for):
    before = world.units["unit"].name
    response = client_for("admin").post(
        reverse("orgadmin:unit_detail", args=[world.units["unit"].pk]),
        {"name": "Ny\x00", "kind": "unit", "code": ""},
    )
    assert response.status_code == 400
    world.units["unit"].refresh_from_db()
    assert world.units["unit"].name == before


def test_the_api_answers_400_json(world, client):
    token = account_services.token_create(actor=world.admin, name="t")[1]
    response = client.post(
        "/api/v1/orgadmin/units",
        data=json.dumps({"name": "Ny\u0000enhet", "kind": "unit"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_ordinary_input_passes(client_for):
    assert (
        client_for("admin").get(reverse("orgadmin:person_list"), {"q": "Anna"}).status_code == 200
    )
