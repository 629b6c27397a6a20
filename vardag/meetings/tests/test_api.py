"""The meetings API: agenda, notes with conflicts, decisions through the mandate check, lock."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from vardag.accounts import services as account_services
from vardag.forums.models import DecisionType as D
from vardag.meetings.tests.access import access_world
from vardag.meetings.tests.factories import meeting_day_is

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict]:
    token = account_services.token_create(actor=user, name="t")[1]
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _send(client, headers, method, path, data=None):
    return client.generic(
        method,
        f"/api/v1/meetings{path}",
        data=json.dumps(data or {}),
        content_type="application/json",
        **headers,
    )


def test_agenda_notes_decision_and_lock(world):
    aw = access_world(world)
    manager, mh = _client(world.manager)
    employee, eh = _client(world.employee)
    meeting = aw.meeting.pk
    item = aw.idea_item.pk

    detail = _send(manager, mh, "GET", f"/meetings/{meeting}").json()
    assert "Digital väntrumsinformation" in [i["title"] for i in detail["agenda_items"]]

    notes = f"/meetings/{meeting}/items/{item}/notes"
    assert _send(manager, mh, "PUT", notes, {"notes": "Först", "version": 0}).status_code == 200
    clash = _send(manager, mh, "PUT", notes, {"notes": "Samtidigt", "version": 0})
    assert clash.status_code == 409 and clash.json()["current_notes"] == "Först"

    escalate = {
        "decision_type": D.ESCALATE,
        "mandate_id": aw.gov.manager_mandate.pk,
        "forum_id": aw.gov.management.pk,
        "next_handling_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }
    decide = f"/meetings/{meeting}/items/{item}/decisions"
    early = _send(manager, mh, "POST", decide, escalate)
    assert early.status_code == 422 and "fattar beslut på mötet" in early.json()["detail"]
    meeting_day_is(aw.meeting, 0)  # the meeting's day comes
    refused = _send(employee, eh, "POST", decide, escalate)
    assert refused.status_code == 422 and "rollen" in refused.json()["detail"]
    made = _send(manager, mh, "POST", decide, escalate)
    assert made.status_code == 201 and made.json()["agenda_item_id"] == item
    listed = _send(manager, mh, "GET", f"/meetings/{meeting}/decisions").json()
    assert [d["decision_type"] for d in listed] == [D.ESCALATE]

    held = aw.held.pk
    # The chair and secretary may not approve their own minutes; the adjuster (a member) does.
    assert _send(manager, mh, "POST", f"/meetings/{held}/approve").status_code == 403
    assert _send(employee, eh, "POST", f"/meetings/{held}/approve").json()["status"] == "approved"
    held_item = aw.held.items.first()
    locked = _send(
        manager,
        mh,
        "PUT",
        f"/meetings/{held}/items/{held_item.pk}/notes",
        {"notes": "Ändrat", "version": held_item.notes_version},
    )
    assert locked.status_code == 422


def test_bad_payloads_answer_422(world):
    aw = access_world(world)
    manager, mh = _client(world.manager)
    path = f"/meetings/{aw.meeting.pk}/items"
    assert _send(manager, mh, "POST", path, {"title": ""}).status_code == 422
    assert _send(manager, mh, "POST", path, {"title": "x", "purpose": "nope"}).status_code == 422
    assert _send(manager, mh, "POST", path, {"title": "x", "minutes": -1}).status_code == 422
