"""A participant's view, a new activity and opening the invitation link, each sent twice (a
double click, a retry), write once (issue 14, item 6)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from vardag.accounts import services as account_services
from vardag.core.models import AuditEvent
from vardag.participation import selectors, services
from vardag.participation.models import Activity, Contribution
from vardag.participation.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def _key(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="request_key" value="([0-9a-f]{32})"', page).group(1)


def _code(page: str) -> str:
    return page.split('class="pp-code">')[1].split("</span>")[1].split("</p>")[0].strip()


def test_a_view_sent_twice_is_one_view_and_its_code_is_the_first(world):
    activity = services.activity_invitation_open(
        actor=world.innovation_lead, activity=make_activity(world)
    )
    child = Client()
    url = reverse("participation:take_part", args=[activity.token])
    view = {"age_band": "26-64", "scale": 4, "text": "Bra", "request_key": _key(child, url)}
    answers = [child.post(url, view) for _ in range(2)]  # the double click
    thanks = reverse("participation:thanks", args=[activity.token])
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, thanks)] * 2
    assert Contribution.objects.filter(activity=activity).count() == 1
    code = _code(child.get(thanks).content.decode())
    assert selectors.contribution_by_code(code) == Contribution.objects.get()
    assert AuditEvent.objects.filter(action="contribution.submitted").count() == 1
    # The same form sent again later, from the same tablet by someone else: still one view,
    # and no code is shown (it was given once, to the one who wrote the view).
    later = Client().post(url, view)
    assert later["Location"] == thanks
    assert Contribution.objects.filter(activity=activity).count() == 1
    page = Client().get(thanks).content.decode()
    assert code not in page
    # A new page view gives a new key: a second view is a second contribution.
    other = Client()
    other.post(url, {**view, "request_key": _key(other, url)})
    assert Contribution.objects.filter(activity=activity).count() == 2


def test_the_repeat_of_a_view_says_it_arrived_without_a_code(world):
    activity = services.activity_invitation_open(
        actor=world.innovation_lead, activity=make_activity(world)
    )
    url = reverse("participation:take_part", args=[activity.token])
    view = {"age_band": "26-64", "scale": 3, "request_key": "k" * 32}
    first = Client()
    first.post(url, view)
    first.get(reverse("participation:thanks", args=[activity.token]))  # the code was shown
    first.post(url, view)  # the retry after the answer was lost
    page = first.get(reverse("participation:thanks", args=[activity.token])).content.decode()
    assert "Ditt svar hade redan kommit fram." in page and "pp-code" not in page


def test_an_activity_created_twice_from_one_form_is_one_activity(world, client_for):
    lead = client_for("innovation_lead")
    url = reverse("participation:activity_create")
    data = {
        "title": "Verkstad om skolvägen",
        "unit": world.units["unit"].pk,
        "kind": "co_design",
        "method": "workshop",
        "level": 2,
        "consent_rule": "none",
        "request_key": _key(lead, url),
    }
    answers = [lead.post(url, data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Activity.objects.filter(title="Verkstad om skolvägen").count() == 1
    assert AuditEvent.objects.filter(action="activity.created").count() == 1
    # The API: the retry answers with the first activity.
    token = account_services.token_create(actor=world.innovation_lead, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {
        "title": "Enkät",
        "unit_id": world.units["unit"].pk,
        "kind": "consultation",
        "method": "survey",
        "request_key": "a-1",
    }
    one = api.post("/api/v1/participation/activities", body, content_type="application/json")
    two = api.post("/api/v1/participation/activities", body, content_type="application/json")
    assert one.status_code == two.status_code == 201, two.content
    assert one.json()["id"] == two.json()["id"]
    assert Activity.objects.filter(title="Enkät").count() == 1


def test_opening_the_invitation_twice_is_one_opening(world, client_for):
    activity = make_activity(world)
    lead = client_for("innovation_lead")
    url = reverse("participation:activity_invitation", args=[activity.pk])
    for _ in range(2):
        assert lead.post(url, {"open": "1"}).status_code == 302
    activity.refresh_from_db()
    assert activity.is_open and activity.token
    assert AuditEvent.objects.filter(action="activity.invitation_opened").count() == 1
