import json

import pytest
from django.test import Client

from vardag.accounts import services as account_services
from vardag.research.models import Excerpt, StudyMember
from vardag.research.tests.factories import make_study

pytestmark = pytest.mark.django_db
BASE = "/api/v1/research/studies"


def _client(user):
    token = account_services.token_create(actor=user, name="t")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def test_sources_have_metadata_but_no_text(world):
    w = make_study(world.researcher)
    body = _client(world.researcher).get(f"{BASE}/{w.study.pk}/sources").json()
    assert body[0]["title"] == "Intervju A" and body[0]["length"] == len(w.source.text)
    assert "text" not in body[0]


def test_excerpt_validation_and_blind_coding(world):
    w = make_study(world.researcher, coder=world.employee)
    w.study.coding_visibility = "blind"
    w.study.save()
    coder = _client(world.employee)
    path = f"{BASE}/{w.study.pk}/excerpts"
    assert (
        _post(
            coder,
            path,
            {"source_id": w.source.pk, "code_ids": [w.code.pk], "start": 5, "end": 99999},
        ).status_code
        == 422
    )
    assert (
        _post(
            coder, path, {"source_id": w.source.pk, "code_ids": [999999], "start": 0, "end": 5}
        ).status_code
        == 422
    )
    created = _post(
        coder, path, {"source_id": w.source.pk, "code_ids": [w.code.pk], "start": 0, "end": 11}
    )
    assert created.status_code == 201 and created.json()[0]["text"] == w.source.text[:11]
    mine = coder.get(path).json()["items"]
    assert [e["coder_id"] for e in mine] == [world.employee.pk]  # blind: own coding only
    everything = _client(world.researcher).get(path).json()["items"]
    assert len(everything) == Excerpt.objects.count() == 2


def test_reader_cannot_code_through_the_api(world):
    w = make_study(world.researcher, coder=world.employee)
    StudyMember.objects.filter(study=w.study, user=world.employee).update(role="reader")
    response = _post(
        _client(world.employee),
        f"{BASE}/{w.study.pk}/excerpts",
        {"source_id": w.source.pk, "code_ids": [w.code.pk], "start": 0, "end": 11},
    )
    assert response.status_code == 403


def test_duplicate_code_name_is_refused(world):
    w = make_study(world.researcher)
    response = _post(_client(world.researcher), f"{BASE}/{w.study.pk}/codes", {"name": "Tid"})
    assert response.status_code == 422
