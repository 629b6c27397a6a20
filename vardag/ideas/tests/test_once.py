"""A double click or a retry writes once (issue 14, item 6)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from vardag.accounts import services as account_services
from vardag.core.models import AuditEvent
from vardag.ideas.models import Comment, Feedback, IdeaEvent
from vardag.ideas.tests.factories import make_idea
from vardag.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _key(html: str, action: str) -> str:
    form = html[html.index(f'action="{action}"') :]
    return re.search(r'name="request_key" value="([0-9a-f]{32})"', form).group(1)


def test_feedback_sent_twice_from_one_form_is_one_feedback_and_one_notification(world, client_for):
    idea = make_idea(world)
    manager = client_for("manager")
    url = reverse("ideas:feedback", args=[idea.pk])
    key = _key(manager.get(idea.get_absolute_url()).content.decode(), url)
    before = Notification.objects.filter(kind="idea.feedback").count()
    for _ in range(2):  # the double click
        response = manager.post(url, {"body": "Vi tar upp den den 12:e.", "request_key": key})
        assert response.status_code == 302
    assert Feedback.objects.filter(idea=idea).count() == 1
    assert Notification.objects.filter(kind="idea.feedback").count() - before == 1
    assert IdeaEvent.objects.filter(idea=idea, kind="feedback").count() == 1
    assert AuditEvent.objects.filter(action="feedback.give").count() == 1
    # A new page view gives a new key: feedback given again on purpose is a second one.
    key2 = _key(manager.get(idea.get_absolute_url()).content.decode(), url)
    assert key2 != key
    manager.post(url, {"body": "Och igen.", "request_key": key2})
    assert Feedback.objects.filter(idea=idea).count() == 2


def test_a_comment_sent_twice_is_one_comment(world, client_for):
    idea = make_idea(world)
    manager = client_for("manager")
    url = reverse("ideas:comment", args=[idea.pk])
    key = _key(manager.get(idea.get_absolute_url()).content.decode(), url)
    for _ in range(3):
        manager.post(url, {"body": "Bra idé!", "request_key": key})
    assert Comment.objects.filter(idea=idea).count() == 1
    assert IdeaEvent.objects.filter(idea=idea, kind="comment").count() == 1
    assert AuditEvent.objects.filter(action="idea.comment").count() == 1


def test_the_api_retry_with_the_same_key_gives_the_first_answer(world):
    idea = make_idea(world)
    token = account_services.token_create(actor=world.manager, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"body": "Vi återkommer.", "request_key": "retry-1"}
    url = f"/api/v1/ideas/ideas/{idea.pk}/feedback"
    first = api.post(url, body, content_type="application/json")
    second = api.post(url, body, content_type="application/json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Feedback.objects.filter(idea=idea).count() == 1
    url = f"/api/v1/ideas/ideas/{idea.pk}/comments"
    for _ in range(2):
        api.post(url, {"body": "Hej", "request_key": "c-1"}, content_type="application/json")
    api.post(url, {"body": "Hej"}, content_type="application/json")  # no key: a new one
    assert Comment.objects.filter(idea=idea).count() == 2


def test_a_double_click_on_support_or_follow_does_not_undo_itself(world, client_for):
    idea = make_idea(world)
    manager = client_for("manager")
    page = manager.get(idea.get_absolute_url()).content.decode()
    support = page[page.index(reverse("ideas:support", args=[idea.pk])) :]
    assert 'name="wanted" value="1"' in support[:400]
    for _ in range(2):
        manager.post(reverse("ideas:support", args=[idea.pk]), {"wanted": "1"})
        manager.post(reverse("ideas:follow", args=[idea.pk]), {"wanted": "1"})
    assert idea.supports.filter(user=world.manager).exists()
    assert idea.follows.filter(user=world.manager).exists()
    assert AuditEvent.objects.filter(action="idea.support").count() == 1
    for _ in range(2):
        manager.post(reverse("ideas:support", args=[idea.pk]), {"wanted": "0"})
    assert not idea.supports.filter(user=world.manager).exists()
    assert AuditEvent.objects.filter(action="idea.unsupport").count() == 1


def test_a_challenge_and_a_statement_sent_twice_are_one(world, client_for):
    from vardag.ideas import services
    from vardag.ideas.models import Challenge, Consultation
    from vardag.ideas.tests.factories import cross_organisation

    manager = client_for("manager")
    page = manager.get(reverse("ideas:challenge_create")).content.decode()
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', page).group(1)
    body = {
        "question": "Hur kan vi korta väntan?",
        "driver": "challenge",
        "owner_unit": world.units["unit"].pk,
        "request_key": key,
    }
    first, second = (
        manager.post(reverse("ideas:challenge_create"), body),
        manager.post(reverse("ideas:challenge_create"), body),
    )
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Challenge.objects.filter(question="Hur kan vi korta väntan?").count() == 1

    cw = cross_organisation(world)
    for _ in range(2):
        services.consultation_record(
            actor=cw.partner_manager,
            idea=cw.idea,
            position="supports",
            statement="Vi tillstyrker.",
            request_key="k-1",
        )
    assert Consultation.objects.filter(idea=cw.idea).count() == 1
    assert IdeaEvent.objects.filter(idea=cw.idea, kind="consultation").count() == 1
    assert Notification.objects.filter(kind="idea.consultation").count() == len(
        set(
            Notification.objects.filter(kind="idea.consultation").values_list(
                "recipient", flat=True
            )
        )
    )
