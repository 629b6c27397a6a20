"""What is erased is what was reviewed; erased drafts leave no text behind; a request can be
withdrawn; requests tell people with the same name apart (the DPO's findings)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from vardag.accounts.testing import make_person
from vardag.core import register
from vardag.core.models import AuditEvent
from vardag.core.roles import Role
from vardag.ideas import services as ideas
from vardag.ideas.models import Follow, Idea
from vardag.notifications.models import Notification
from vardag.records import erasure, services
from vardag.records.models import ErasureRequest
from vardag.records.tests import factories as f

pytestmark = pytest.mark.django_db

TITLE = "Hemlig utkasttitel om Kalles familj"


def _counts(plan, part="erase"):
    return {row["model"]: row["count"] for row in plan[part]}


def _review(world, person=None):
    return services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=person or world.employee
    )


def test_a_draft_saved_after_review_stops_the_erasure_until_reviewed_again(world, client_for):
    f.draft(world, "Första utkastet")
    request = _review(world)
    assert _counts(request.plan)["ideas.Idea"] == 1
    later = f.draft(world, "Sparat efter granskningen")
    with pytest.raises(services.PlanChangedError):
        services.erasure_request_execute(actor=world.admin, request=request)
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.REVIEWED
    assert Idea.objects.filter(initiator=world.employee, state="draft").count() == 2
    refused = AuditEvent.objects.get(action="erasure.plan_changed")
    assert refused.data["reviewed"]["erase"]["ideas.Idea"] == 1
    assert refused.data["current"]["erase"]["ideas.Idea"] == 2

    admin = client_for("admin")
    url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    page = admin.get(url).content.decode()
    assert "Uppgifterna har ändrats sedan begäran granskades" in page
    assert "Plan med uppgifterna som de är nu" in page
    assert "Radera det som får raderas" not in page  # only the new review is offered
    # The page's button goes through the same rule as the service: refused, audited, kept.
    admin.post(reverse("records:erasure_execute", kwargs={"request_id": request.pk}))
    assert AuditEvent.objects.filter(action="erasure.plan_changed").count() == 2
    assert Idea.objects.filter(pk=later.pk).exists()
    admin.cookies["django_language"] = "en"
    english = admin.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The data has changed since the request was reviewed" in english

    admin.post(reverse("records:erasure_rereview", kwargs={"request_id": request.pk}))
    request.refresh_from_db()
    assert _counts(request.plan)["ideas.Idea"] == 2
    services.erasure_request_execute(actor=world.admin, request=request)
    request.refresh_from_db()
    assert _counts(request.outcome) == _counts(request.plan)
    assert not Idea.objects.filter(initiator=world.employee, state="draft").exists()


def test_what_is_erased_is_counted_as_reviewed_when_follows_go_with_the_drafts(world):
    draft = f.draft(world, "Utkast som följs")
    submitted = f.draft(world, "Inlämnad")
    ideas.idea_submit(actor=world.employee, idea=submitted)
    for idea in (draft, submitted):
        Follow.objects.get_or_create(user=world.employee, idea=idea)
    follows = Follow.objects.filter(user=world.employee).count()
    request = _review(world)
    plan = _counts(request.plan)
    assert plan["ideas.Follow"] == follows and plan["ideas.Idea"] == 1
    rows = {row["model"]: row for row in erasure.describe(request.plan["erase"])}
    assert rows["ideas.Follow"]["with_drafts"] >= 1
    assert "tillsammans med utkasten" in rows["ideas.Follow"]["note"]
    services.erasure_request_execute(actor=world.admin, request=request)
    request.refresh_from_db()
    # Deleting the draft first takes its follows with it; they are still counted as reviewed.
    assert _counts(request.outcome) == plan
    assert not Follow.objects.filter(user=world.employee).exists()


def test_notifications_removed_by_retention_after_review_stop_the_erasure(world):
    f.notification(world, world.employee)
    f.notification(world, world.employee)
    request = _review(world)
    assert _counts(request.plan)["notifications.Notification"] == 2
    services.retention_rule_save(
        actor=world.admin,
        kind="notifications",
        months=1,
        action="remove",
        decision_reference="KS 2025-01-20 § 7",
    )
    services.retention_run(now=timezone.now() + timedelta(days=400))
    assert not Notification.objects.filter(recipient=world.employee).exists()
    with pytest.raises(services.PlanChangedError):
        services.erasure_request_execute(actor=world.admin, request=request)
    assert services.erasure_plan_changed(request) is not None


def test_notifications_are_erased_as_messages_the_system_sent(world, client_for):
    f.notification(world, world.employee)
    request = _review(world)
    rows = {row["model"]: row for row in erasure.describe(request.plan["erase"])}
    assert request.plan["erase"][0]["reason"] == "system" or (
        rows["notifications.Notification"]["reason"] == "system"
    )
    text = rows["notifications.Notification"]["reason_text"]
    assert "systemet skickat" in text and "samtycke" not in text
    url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    admin = client_for("admin")
    admin.cookies["django_language"] = "en"
    english = admin.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Messages the system sent to the person" in english


def _text_fields(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    ]


def test_an_erased_draft_leaves_its_title_nowhere(world):
    draft = f.draft(world, TITLE)
    ideas.idea_update(
        actor=world.employee, idea=draft, version=draft.version, title=TITLE, summary="Ändrad"
    )
    f.notification(world, world.manager, subject=f"Utkastet {TITLE} delades")
    holders = {
        model._meta.label
        for model in register.vardag_models()
        for name in _text_fields(model)
        if model._default_manager.filter(**{f"{name}__contains": TITLE}).exists()
    }
    assert {"ideas.Idea", "core.AuditEvent", "notifications.Notification"} <= holders
    events = AuditEvent.objects.filter(target_type="ideas.idea", target_id=str(draft.pk))
    before = list(events.values_list("action", "created_at", "actor_id"))
    request = _review(world)
    services.erasure_request_execute(actor=world.admin, request=request)
    for model in register.vardag_models():
        for name in _text_fields(model):
            assert not model._default_manager.filter(**{f"{name}__contains": TITLE}).exists(), (
                model._meta.label,
                name,
            )
    # The audit events keep what happened, when and by whom; only the label is replaced.
    assert list(events.values_list("action", "created_at", "actor_id")) == before
    assert set(events.values_list("target_label", flat=True)) == {f"Idé nr {draft.pk}"}
    done = AuditEvent.objects.get(action="erasure.done")
    assert done.data["labels_replaced"] >= len(before) + 1


def test_a_withdrawn_request_cannot_be_carried_out(world, client_for):
    draft = f.draft(world)
    request = _review(world)
    admin = client_for("admin")
    url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    assert "Återkalla begäran" in admin.get(url).content.decode()
    withdraw = reverse("records:erasure_withdraw", kwargs={"request_id": request.pk})
    response = admin.post(withdraw, {"reason": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.REVIEWED
    admin.post(withdraw, {"reason": "Registrerad på fel person"})
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.WITHDRAWN
    assert request.withdrawn_reason == "Registrerad på fel person"
    event = AuditEvent.objects.get(action="erasure.withdrawn")
    assert event.data == {"reason": "Registrerad på fel person"}
    page = admin.get(url).content.decode()
    assert "Registrerad på fel person" in page
    assert "Radera det som får raderas" not in page and "Återkalla begäran" not in page
    with pytest.raises(ValidationError):
        services.erasure_request_execute(actor=world.admin, request=request)
    with pytest.raises(ValidationError):
        services.erasure_request_withdraw(actor=world.admin, request=request, reason="Igen")
    admin.post(reverse("records:erasure_execute", kwargs={"request_id": request.pk}))
    assert Idea.objects.filter(pk=draft.pk).exists()
    admin.cookies["django_language"] = "en"
    english = admin.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Withdrawn or closed" in english


def test_requests_for_people_with_the_same_name_show_unit_and_username(world, client_for):
    twins = []
    for username, unit in (("anna.school", "school"), ("anna.unit", "unit")):
        twin = make_person(username, world.units[unit], Role.EMPLOYEE)
        twin.first_name, twin.last_name = "Anna", "Berg"
        twin.save(update_fields=["first_name", "last_name"])
        twins.append((_review(world, twin), world.units[unit].name, username))
    admin = client_for("admin")
    listing = admin.get(reverse("records:erasure_list")).content.decode()
    for request, unit, username in twins:
        label = f"Anna Berg – {unit} – {username}"
        assert label in listing
        url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
        assert label in admin.get(url).content.decode()
