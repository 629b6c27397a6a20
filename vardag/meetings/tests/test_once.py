"""Proposing an agenda item twice from one form (a double click, a retry) makes one item
(issue 14, item 6)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vardag.accounts import services as account_services
from vardag.core.models import AuditEvent
from vardag.meetings.models import AgendaItem
from vardag.meetings.tests.factories import make_idea, meeting_world

pytestmark = pytest.mark.django_db


def _key(html: str) -> str:
    return re.search(r'name="request_key" value="([0-9a-f]{32})"', html).group(1)


def test_an_item_proposed_twice_from_one_form_is_one_item(world, client_for):
    mw = meeting_world(world)
    idea = make_idea(world, title="Väntrumsskärm")
    employee = client_for("employee")
    url = f"/moten/{mw.next.pk}/punkt/ny/"
    key = _key(employee.get(url).content.decode())
    form = {"title": "Väntrummet", "purpose": "information", "minutes": 10, "request_key": key}
    form["idea"] = idea.pk  # without the key the repeat would be refused: already on the agenda
    answers = [employee.post(url, form) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert AgendaItem.objects.filter(meeting=mw.next, title="Väntrummet").count() == 1
    assert AuditEvent.objects.filter(action="agenda_item.propose").count() == 1
    # A new page view gives a new key: the same title proposed again on purpose is a second item.
    again = {**form, "request_key": _key(employee.get(url).content.decode())}
    again.pop("idea", None)
    employee.post(url, again)
    assert AgendaItem.objects.filter(meeting=mw.next, title="Väntrummet").count() == 2


def test_the_api_retry_of_a_proposal_answers_with_the_first_item(world):
    mw = meeting_world(world)
    token = account_services.token_create(actor=world.manager, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/meetings/meetings/{mw.next.pk}/items"
    body = {"title": "Budget", "request_key": "item-1"}
    first = api.post(url, body, content_type="application/json")
    second = api.post(url, body, content_type="application/json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    api.post(url, {"title": "Budget"}, content_type="application/json")  # no key: a new one
    assert AgendaItem.objects.filter(meeting=mw.next, title="Budget").count() == 2
