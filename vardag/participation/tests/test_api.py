import pytest

from vardag.accounts import services as account_services
from vardag.participation.tests.factories import make_activity, make_idea

pytestmark = pytest.mark.django_db


def _get(client, world, path):
    token = account_services.token_create(actor=world.innovation_lead, name="t")[1]
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_small_age_bands_are_hidden_in_the_api(world, client):
    activity = make_activity(world, counts={"16-17": 8, "u13": 2, "13-15": 6})
    threshold = world.org.suppression_threshold
    assert threshold > 2
    data = _get(client, world, f"/api/v1/participation/activities/{activity.pk}").json()
    counts = {b["label"]: b["count"] for b in data["participants"]}
    assert counts["Under 13 år"] is None
    assert None in (counts["13–15 år"], counts["16–17 år"])  # secondary suppression
    assert data["participants_total"] == 16


def test_evidence_lists_what_is_missing(world, client):
    idea = make_idea(world)
    data = _get(
        client,
        world,
        f"/api/v1/participation/evidence?subject_id={idea.pk}&min_user_voice_insights=3",
    ).json()
    assert data["is_complete"] is False
    assert len(data["missing"]) == 2


def test_bad_input_is_422_not_500(world, client):
    token = account_services.token_create(actor=world.innovation_lead, name="t")[1]
    response = client.post(
        "/api/v1/participation/insights",
        data={"statement": "x", "evidence": "certain", "perspective": "user"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
