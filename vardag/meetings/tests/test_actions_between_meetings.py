"""Acting on a result: an action given to a forum between meetings (issue 7 item 8)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vardag.core.models import AuditEvent
from vardag.meetings import selectors, services
from vardag.meetings.models import ActionItem
from vardag.meetings.tests.factories import meeting_world
from vardag.surveys.models import Audience
from vardag.surveys.selectors import result_dimension_url
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = pytest.mark.django_db

ORIGIN = "/forutsattningar/omgang/7/resultat/dimension/time/"
LABEL = "Förutsättningar 2026 – Tid och resurser"


def _due(days: int = 14) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _form(mw, world, **extra):
    data = {
        "forum": mw.gov.apt.pk,
        "title": "Gå igenom tiden för utvecklingsarbete på APT",
        "owner": world.manager.pk,
        "due_on": _due(),
        "origin_url": ORIGIN,
        "origin_label": LABEL,
        "request_key": "k-1",
    }
    return {**data, **extra}


def test_the_form_starts_from_the_result(world, client_for):
    meeting_world(world)
    client = client_for("manager")
    response = client.get(reverse("meetings:action_give"), {"fran": ORIGIN, "underlag": LABEL})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{ORIGIN}"' in html  # the way back to the result
    assert "Följ upp: Förutsättningar 2026 – Tid och resurser" in html
    assert "APT Mottagningen" in html


def test_an_outside_address_is_not_taken_as_origin(world, client_for):
    meeting_world(world)
    response = client_for("manager").get(
        reverse("meetings:action_give"), {"fran": "https://evil.example/x", "underlag": "X"}
    )
    assert 'href="https://evil.example' not in response.content.decode()
    assert response.context["form"]["origin_url"].value() in (None, "")


def test_the_action_comes_up_on_the_next_agenda_with_its_origin(world, client_for):
    mw = meeting_world(world)
    client = client_for("manager")
    response = client.post(reverse("meetings:action_give"), _form(mw, world))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:forum", args=[mw.gov.apt.pk])
    action = ActionItem.objects.get()
    assert action.meeting is None
    assert (action.origin_url, action.origin_label) == (ORIGIN, LABEL)
    assert AuditEvent.objects.filter(action="action_item.create").count() == 1

    with transaction.atomic():
        services.agenda_fill(actor=world.manager, meeting=mw.next)
    assert list(selectors.open_action_items(mw.gov.apt, before=mw.next.starts_at)) == [action]
    page = client.get(reverse("meetings:meeting", args=[mw.next.pk])).content.decode()
    assert "Gå igenom tiden för utvecklingsarbete på APT" in page
    assert f'href="{ORIGIN}"' in page


def test_a_double_click_gives_one_action(world, client_for):
    mw = meeting_world(world)
    client = client_for("manager")
    client.post(reverse("meetings:action_give"), _form(mw, world))
    client.post(reverse("meetings:action_give"), _form(mw, world))
    assert ActionItem.objects.count() == 1


def test_a_forum_one_may_not_act_for_is_not_offered(world, client_for):
    mw = meeting_world(world)
    # The manager is a member of the management team but not its chair or owner-unit manager:
    # a member who is a manager may still give it an action; the committee is not theirs.
    response = client_for("manager").post(
        reverse("meetings:action_give"), _form(mw, world, forum=mw.gov.committee.pk)
    )
    assert response.status_code == 200
    assert "forum" in response.context["form"].errors
    assert not ActionItem.objects.exists()


def test_an_employee_is_told_why_they_cannot(world, client_for):
    mw = meeting_world(world)
    client = client_for("employee")
    page = client.get(reverse("meetings:action_give"), {"fran": ORIGIN, "underlag": LABEL})
    assert page.status_code == 200
    assert "Du har ingen sådan roll i något forum" in page.content.decode()
    client.post(reverse("meetings:action_give"), _form(mw, world))
    assert not ActionItem.objects.exists()


def test_the_service_refuses_what_the_page_cannot_prevent(world):
    mw = meeting_world(world)
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.action_item_give(
            actor=world.employee,
            forum=mw.gov.apt,
            title="X",
            owner=world.employee,
            due_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError), transaction.atomic():
        services.action_item_give(
            actor=world.manager,
            forum=mw.gov.apt,
            title="X",
            owner=world.manager,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    with pytest.raises(ValidationError), transaction.atomic():
        services.action_item_give(
            actor=world.manager,
            forum=mw.gov.apt,
            title="X",
            owner=world.foreign,
            due_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError), transaction.atomic():
        services.action_item_give(
            actor=world.manager,
            forum=mw.gov.apt,
            title="X",
            owner=world.manager,
            due_on=timezone.localdate(),
            origin_url="//evil.example/",
        )
    assert not ActionItem.objects.exists()


def test_owner_marks_it_done_without_a_meeting(world):
    mw = meeting_world(world)
    with transaction.atomic():
        action = services.action_item_give(
            actor=world.manager,
            forum=mw.gov.apt,
            title="Samla förslag på APT",
            owner=world.employee,
            due_on=timezone.localdate(),
        )
        services.action_item_done(actor=world.employee, action=action)
    action.refresh_from_db()
    assert action.is_done


def test_api_gives_and_refuses_like_the_page(world, client_for):
    mw = meeting_world(world)
    client = client_for("manager")
    url = "/api/v1/meetings/action-items"
    body = {
        "forum_id": mw.gov.apt.pk,
        "title": "Följ upp resultatet",
        "owner_id": world.manager.pk,
        "due_on": _due(),
        "origin_url": ORIGIN,
        "origin_label": LABEL,
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["meeting_id"] is None
    past = client.post(url, {**body, "due_on": "2020-01-01"}, content_type="application/json")
    assert past.status_code == 422
    assert "Datumet har redan varit" in past.json()["detail"]
    other = client.post(
        url, {**body, "forum_id": mw.gov.committee.pk}, content_type="application/json"
    )
    assert other.status_code == 404
    assert ActionItem.objects.count() == 1


def test_from_a_weak_dimension_to_the_forums_next_agenda(world, client_for):
    """The whole journey: result page → action form → forum → agenda, linked back."""
    mw = meeting_world(world)
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 8)
    result_url = result_dimension_url(round_.pk, "time", world.units["unit"].pk)
    client = client_for("manager")
    page = client.get(result_url).content.decode()
    link = re.search(r'href="(/moten/atgard/ny/\?[^"]+)"', page)
    assert link, "the result page offers to give a forum an action"
    form = client.get(html.unescape(link.group(1)))
    initial = form.context["form"].initial
    assert initial["origin_url"] == result_url
    assert round_.title in initial["origin_label"]
    client.post(
        reverse("meetings:action_give"),
        {
            **_form(mw, world),
            "origin_url": initial["origin_url"],
            "origin_label": initial["origin_label"],
        },
    )
    agenda = client.get(reverse("meetings:meeting", args=[mw.next.pk])).content.decode()
    assert f'href="{html.escape(result_url)}"' in agenda
