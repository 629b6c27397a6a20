"""Personnummer in ideas, feedback and comments: refused with a message, never stored (issue 14.4).

The derived texts (timeline, notifications, audit log) are redacted when a number reaches them
from elsewhere.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from vardag.accounts import services as account_services
from vardag.core import audit
from vardag.core.models import AuditEvent
from vardag.ideas.models import Comment, Feedback, Idea, IdeaEvent
from vardag.ideas.tests.factories import make_idea
from vardag.notifications import services as notification_services
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db

NUMBER = "19850312-1231"  # valid Luhn digit
COORDINATION = "850372-1238"  # samordningsnummer: day 12 + 60


def test_the_numbers_used_here_are_valid():
    from personnummer import personnummer

    assert personnummer.valid(NUMBER) and personnummer.valid(COORDINATION)


def test_a_comment_with_a_personnummer_is_refused_on_the_field_and_kept(world, client_for):
    idea = make_idea(world)
    text = f"Gäller barnet {NUMBER}, se journalen."
    page = client_for("manager").post(reverse("ideas:comment", args=[idea.pk]), {"body": text})
    assert page.status_code == 200
    form = page.context["comment_form"]
    assert [e.code for e in form.errors.as_data()["body"]] == ["identity_number"]
    html = page.content.decode()
    assert "Ta bort personnumret" in html and text in html  # the message, and what was typed
    assert not Comment.objects.filter(idea=idea).exists()


def test_feedback_with_a_samordningsnummer_is_refused_in_english_too(world, client_for):
    idea = make_idea(world)
    manager = client_for("manager")
    manager.cookies["django_language"] = "en"
    page = manager.post(
        reverse("ideas:feedback", args=[idea.pk]),
        {"body": f"Vi ringer {COORDINATION}."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert "personal identity number" in page.content.decode()
    assert not Feedback.objects.filter(idea=idea).exists()


def test_the_api_answers_422_and_stores_nothing(world):
    token = account_services.token_create(actor=world.employee, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"title": f"Stöd för {NUMBER}", "unit_id": world.units["unit"].pk}
    response = api.post("/api/v1/ideas/ideas", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "Personnummer" in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["body", "title"]
    assert not Idea.objects.filter(title__contains="1985").exists()
    idea = make_idea(world)
    response = api.post(
        f"/api/v1/ideas/ideas/{idea.pk}/comments",
        {"body": f"Se {COORDINATION}"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Comment.objects.filter(idea=idea).exists()


def test_derived_texts_are_redacted_not_refused(world):
    idea = make_idea(world)
    with transaction.atomic():
        audit.record(world.manager, "test.note", target=idea, data={"said": f"ring {NUMBER}"})
        notification_services.notify(
            actor=world.manager,
            recipients=[world.employee],
            kind="idea.comment",
            subject=f"Om {NUMBER}",
            body=f"Text med {COORDINATION} i.",
        )
        IdeaEvent.objects.create(idea=idea, kind=IdeaEvent.Kind.COMMENT, text=f"av {NUMBER}")
    event = AuditEvent.objects.get(action="test.note")
    assert event.data == {"said": "ring [personnummer]"}
    note = Notification.objects.get(recipient=world.employee, kind="idea.comment")
    assert (note.subject, note.body) == ("Om [personnummer]", "Text med [samordningsnummer] i.")
    assert IdeaEvent.objects.get(idea=idea, text__startswith="av").text == "av [personnummer]"
