"""Erasure requests: what may be erased is erased; public records are refused with the
archives-law reason (issue 14 item 11)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from vardag.accounts.models import User
from vardag.accounts.testing import make_person
from vardag.core import register
from vardag.core.models import AuditEvent
from vardag.core.roles import Role
from vardag.ideas import services as ideas
from vardag.ideas.models import Comment, Follow, Idea
from vardag.notifications.models import Notification
from vardag.participation.models import Contribution
from vardag.records import erasure, services
from vardag.records.models import ErasureRequest
from vardag.records.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_data(world):
    submitted = f.draft(world, "Inlämnad idé")
    ideas.idea_submit(actor=world.employee, idea=submitted)
    draft = f.draft(world, "Mitt utkast")
    ideas.comment_add(actor=world.employee, idea=submitted, body="Jag vill förtydliga.")
    ideas.follow_toggle(actor=world.employee, idea=submitted)
    f.notification(world, world.employee)
    f.notification(world, world.manager)
    return {"submitted": submitted, "draft": draft}


def _rows(plan, part):
    return {row["model"]: row for row in plan[part]}


def test_plan_erases_drafts_and_consent_data_and_refuses_public_records(world, person_data):
    plan = erasure.plan_for_person(world.employee)
    erase, refuse = _rows(plan, "erase"), _rows(plan, "refuse")
    assert erase["ideas.Idea"]["count"] == 1 and erase["ideas.Idea"]["reason"] == "draft"
    assert (
        erase["notifications.Notification"]["count"]
        == Notification.objects.filter(recipient=world.employee).count()
    )
    assert erase["ideas.Follow"]["count"] == 1
    # The submitted idea and the comment are public records: refused with the archives law.
    assert refuse["ideas.Idea"] == {"model": "ideas.Idea", "count": 1, "reason": "archives_law"}
    assert refuse["ideas.Comment"]["reason"] == "archives_law"
    assert refuse["core.AuditEvent"]["reason"] == "archives_law"
    # The account's roles are internal: kept while the account is needed.
    assert refuse["accounts.Membership"]["reason"] == "internal"
    text = {row["model"]: row["reason_text"] for row in erasure.describe(plan["refuse"])}
    assert "arkivlagen" in text["ideas.Idea"] and "gallringsbeslut" in text["ideas.Idea"]


def test_every_model_linked_to_a_person_is_either_erased_or_refused_with_a_reason(
    world, person_data
):
    from vardag.core import register

    plan = erasure.plan_for_person(world.employee)
    reasons = {row["reason"] for part in plan.values() for row in part}
    assert reasons <= set(erasure.REASONS)
    for model in register.vardag_models():
        if not register.user_keys(model) or model._meta.label in erasure.SKIPPED:
            continue
        linked = erasure._linked(model, world.employee).count()
        planned = sum(
            row["count"]
            for part in plan.values()
            for row in part
            if row["model"] == model._meta.label
        )
        assert planned == linked, model._meta.label


def test_execute_erases_only_what_may_be_erased_and_records_the_outcome(world, person_data):
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=world.employee, note="E-post"
    )
    assert Idea.objects.filter(pk=person_data["draft"].pk).exists()  # reviewing erases nothing
    services.erasure_request_execute(actor=world.admin, request=request)
    assert not Idea.objects.filter(pk=person_data["draft"].pk).exists()
    assert Idea.objects.filter(pk=person_data["submitted"].pk).exists()
    assert Comment.objects.filter(author=world.employee).count() == 1
    assert not Notification.objects.filter(recipient=world.employee).exists()
    assert Notification.objects.filter(recipient=world.manager).exists()
    assert not Follow.objects.filter(user=world.employee).exists()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE
    assert _rows(request.outcome, "erase")["ideas.Idea"]["count"] == 1
    assert _rows(request.outcome, "refuse")["ideas.Idea"]["reason"] == "archives_law"
    done = AuditEvent.objects.get(action="erasure.done")
    assert done.data["erase"]["ideas.Idea"] == 1 and done.data["refuse"]["ideas.Idea"] == 1
    with pytest.raises(ValidationError):
        services.erasure_request_execute(actor=world.admin, request=request)


def test_a_participant_withdraws_a_contribution_by_return_code(world):
    activity = f.open_activity(world)
    mine, code = f.contribution(activity, "Min synpunkt")
    other, _other_code = f.contribution(activity, "Någon annans")
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 2), participant_code=code
    )
    assert request.code_digest and code not in str(request.plan)
    services.erasure_request_execute(actor=world.admin, request=request)
    assert not Contribution.objects.filter(pk=mine.pk).exists()
    assert Contribution.objects.filter(pk=other.pk).exists()
    with pytest.raises(ValidationError):
        services.erasure_request_review(
            actor=world.admin, received_on=date(2026, 12, 2), participant_code="FEL-KOD-123"
        )


def test_only_admins_of_the_persons_organisation_handle_requests(world):
    with pytest.raises(PermissionDenied):
        services.erasure_request_review(
            actor=world.manager, received_on=date(2026, 12, 1), person=world.employee
        )
    with pytest.raises(ValidationError):
        services.erasure_request_review(
            actor=world.foreign, received_on=date(2026, 12, 1), person=world.employee
        )


def test_pages_review_then_erase(world, person_data, client_for):
    admin = client_for("admin")
    response = admin.post(
        reverse("records:erasure_list"),
        {"person": world.employee.pk, "received_on": "2026-12-01", "note": "Via e-post"},
    )
    request = ErasureRequest.objects.get()
    assert response.url == reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    page = admin.get(response.url).content.decode()
    assert "arkivlagen" in page and "Radera det som får raderas" in page
    admin.post(reverse("records:erasure_execute", kwargs={"request_id": request.pk}))
    page = admin.get(response.url).content.decode()
    assert "Radera det som får raderas" not in page and "Genomförd" in page
    assert not Idea.objects.filter(pk=person_data["draft"].pk).exists()
    trail = admin.get(reverse("records:trail")).content.decode()
    assert "Raderingen genomfördes" in trail and "erasure.done" not in trail


def _person_options(page: str) -> list[str]:
    select = re.search(r'<select name="person"[^>]*>(.*?)</select>', page, re.S)
    assert select
    return [
        html.unescape(label)
        for label in re.findall(r'<option value="\d+"[^>]*>([^<]*)<', select.group(1))
    ]


def test_people_with_the_same_name_are_told_apart_and_sorted_by_name(world, client_for):
    twin_school = make_person("anna.school", world.units["school"], Role.EMPLOYEE)
    twin_unit = make_person("anna.unit", world.units["unit"], Role.EMPLOYEE)
    for twin in (twin_school, twin_unit):
        twin.first_name, twin.last_name = "Anna", "Berg"
        twin.save(update_fields=["first_name", "last_name"])
    options = _person_options(
        client_for("admin").get(reverse("records:erasure_list")).content.decode()
    )
    people = User.objects.filter(organisation=world.org)
    assert len(options) == people.count()
    twins = [label for label in options if label.startswith("Anna Berg")]
    assert len(twins) == 2 and len(set(twins)) == 2
    assert (
        f"Anna Berg – {world.units['school'].name} – anna.school, anna.school@example.org" in twins
    )
    assert f"Anna Berg – {world.units['unit'].name} – anna.unit, anna.unit@example.org" in twins
    names = [label.split(" – ")[0] for label in options]
    expected = sorted(
        (person.get_full_name() for person in people), key=lambda name: name.split(" ")
    )
    assert names == expected


def test_review_page_names_what_is_linked_in_the_page_language(world, person_data, client_for):
    admin = client_for("admin")
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=world.employee
    )
    url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    models = [row["model"] for row in request.plan["erase"] + request.plan["refuse"]]
    assert {"notifications.Notification", "ideas.Follow", "core.AuditEvent"} <= set(models)
    swedish = admin.get(url).content.decode()
    assert "Aviseringar: " in swedish and "Bevakningar: " in swedish
    assert "Händelser i granskningsloggen: " in swedish
    for english in ("Notifications", "Follows", "Audit events", "Comments", "Invitations"):
        assert english not in swedish
    admin.cookies["django_language"] = "en"
    in_english = admin.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Notifications: " in in_english and "Follows: " in in_english
    assert "Aviseringar" not in in_english
    # Every model a plan can name has a Swedish name of its own, translated to English.
    for model in [*register.vardag_models(), *(apps.get_model(e.model) for e in erasure.ERASABLE)]:
        if not register.user_keys(model) and model._meta.label not in models:
            continue
        assert "verbose_name_plural" in model._meta.original_attrs, model._meta.label
        with translation.override("sv"):
            swedish_name = str(model._meta.verbose_name_plural)
        with translation.override("en"):
            english_name = str(model._meta.verbose_name_plural)
        assert swedish_name != english_name, model._meta.label


def test_a_request_with_nothing_to_erase_is_not_offered_erasing_nor_erased(world, client_for):
    """Tryout finding: a request with nothing to erase still offered "Radera det som får
    raderas". The page offers it by the service's rule; the service refuses it."""
    request = services.erasure_request_review(
        actor=world.admin, received_on=date(2026, 12, 1), person=world.employee
    )
    assert not any(row["count"] for row in request.plan.get("erase", [])), request.plan
    admin = client_for("admin")
    url = reverse("records:erasure_detail", kwargs={"request_id": request.pk})
    page = admin.get(url).content.decode()
    assert "Radera det som får raderas" not in page
    assert "Det finns ingenting som får raderas." in page
    assert reverse("records:erasure_execute", kwargs={"request_id": request.pk}) not in page
    with pytest.raises(ValidationError):
        services.erasure_request_execute(actor=world.admin, request=request)
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.REVIEWED
    assert not AuditEvent.objects.filter(action="erasure.done").exists()
    admin.cookies["django_language"] = "en"
    english = admin.get(url).content.decode()
    assert "There is nothing that may be erased." in english
