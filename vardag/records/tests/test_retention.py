"""Retention rules per organisation and the daily retention job (issue 14 item 11)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from vardag.core import audit
from vardag.core.models import AuditEvent
from vardag.ideas.models import Idea
from vardag.notifications.models import Notification
from vardag.participation.models import Contribution
from vardag.records import services
from vardag.records.kinds import KINDS
from vardag.records.models import RetentionRule
from vardag.records.tests import factories as f

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
REFERENCE = "Socialnämnden 2025-03-12 § 41, DHP 4.2.3"


def rule(world, kind, months, action="remove"):
    return services.retention_rule_save(
        actor=world.admin, kind=kind, months=months, action=action, decision_reference=REFERENCE
    )


def test_only_an_organisation_admin_sets_rules_with_a_decision_reference(world):
    saved = rule(world, "notifications", 12)
    event = AuditEvent.objects.get(action="retention.rule_created")
    assert event.data["decision_reference"] == REFERENCE and event.actor == world.admin
    with pytest.raises(PermissionDenied):
        services.retention_rule_save(
            actor=world.manager, kind="sessions", months=1, action="remove", decision_reference="x"
        )
    with pytest.raises(ValidationError):  # drafts are only removed, never "anonymised"
        rule(world, "idea_drafts", 6, action="anonymise")
    with pytest.raises(ValidationError):
        services.retention_rule_save(
            actor=world.admin, kind="sessions", months=1, action="remove", decision_reference=" "
        )
    with pytest.raises(ValidationError):  # one rule per kind
        rule(world, "notifications", 24)
    services.retention_rule_save(
        actor=world.admin,
        rule=saved,
        kind="notifications",
        months=24,
        action="remove",
        decision_reference=REFERENCE,
    )
    assert RetentionRule.objects.get().months == 24


def test_public_record_status_comes_from_the_register():
    assert KINDS["audit_events"].is_public_record  # core.AuditEvent has public-record fields
    assert not KINDS["notifications"].is_public_record
    assert not KINDS["idea_drafts"].is_public_record  # a draft is not (TF 2 kap. 12 §)


def test_job_removes_and_anonymises_only_what_expired_and_audits_it(world):
    old, fresh = f.days_ago(NOW, 400), f.days_ago(NOW, 100)
    notes = [f.notification(world, world.employee, f"Avisering {i}") for i in range(3)]
    f.age(Notification, notes[0].pk, "created_at", old)
    f.age(Notification, notes[1].pk, "created_at", old)
    f.age(Notification, notes[2].pk, "created_at", fresh)
    foreign_note = f.notification(world, world.foreign, "Norrviks avisering")
    f.age(Notification, foreign_note.pk, "created_at", old)
    drafts = [f.draft(world, "Gammalt utkast"), f.draft(world, "Nytt utkast")]
    f.age(Idea, drafts[0].pk, "updated_at", old)
    f.age(Idea, drafts[1].pk, "updated_at", fresh)
    submitted = f.draft(world, "Inlämnad idé")
    Idea.objects.filter(pk=submitted.pk).update(state="submitted", updated_at=old)
    activity = f.open_activity(world)
    given = [f.contribution(activity, f"Synpunkt {i}")[0] for i in range(2)]
    f.age(Contribution, given[0].pk, "created_at", old)
    f.age(Contribution, given[1].pk, "created_at", fresh)
    with transaction.atomic():
        marker = audit.record(world.admin, "marker.old", target=world.units["unit"])
    f.age(AuditEvent, marker.pk, "created_at", old)

    rule(world, "notifications", 12)
    rule(world, "idea_drafts", 6)
    rule(world, "contributions", 12, action="anonymise")
    rule(world, "audit_events", 12)
    expected = {  # an independent count of what is older than 12 and 6 months
        "notifications": Notification.objects.filter(
            organisation=world.org, created_at__lt=datetime(2025, 12, 7, 6, tzinfo=UTC)
        ).count(),
        "idea_drafts": Idea.objects.filter(
            organisation=world.org,
            state="draft",
            updated_at__lt=datetime(2026, 6, 7, 6, tzinfo=UTC),
        ).count(),
        "contributions": 1,
        "audit_events": AuditEvent.objects.filter(
            organisation=world.org, created_at__lt=datetime(2025, 12, 7, 6, tzinfo=UTC)
        )
        .exclude(action__startswith="retention.")
        .count(),
    }
    assert expected == {"notifications": 2, "idea_drafts": 1, "contributions": 1, "audit_events": 1}

    results = services.retention_run(now=NOW)

    assert results == {world.org.pk: expected}
    assert set(Notification.objects.values_list("subject", flat=True)) == {
        "Avisering 2",
        "Norrviks avisering",  # another organisation's, under no rule of its own
    }
    assert set(Idea.objects.values_list("title", flat=True)) == {"Nytt utkast", "Inlämnad idé"}
    given[0].refresh_from_db()
    assert given[0].text == "" and given[0].scale == 4  # anonymised: the rating stays
    assert Contribution.objects.get(pk=given[1].pk).text == "Synpunkt 1"
    assert not AuditEvent.objects.filter(action="marker.old").exists()
    applied = AuditEvent.objects.filter(action="retention.applied", organisation=world.org)
    assert {e.data["kind"]: e.data["count"] for e in applied} == expected
    assert all(e.data["decision_reference"] == REFERENCE for e in applied)
    assert AuditEvent.objects.filter(action="retention.run", organisation=world.org).count() == 1

    # Run again the same day: nothing more expired; the trail of the first run is kept.
    again = services.retention_run(now=NOW)
    assert again == {world.org.pk: dict.fromkeys(expected, 0)}
    assert AuditEvent.objects.filter(action="retention.applied").count() == 4


def test_inactive_rules_do_nothing_and_the_command_runs(world):
    note = f.notification(world, world.employee)
    f.age(Notification, note.pk, "created_at", f.days_ago(NOW, 4000))
    saved = rule(world, "notifications", 1)
    services.retention_rule_save(
        actor=world.admin,
        rule=saved,
        kind="notifications",
        months=1,
        action="remove",
        decision_reference=REFERENCE,
        is_active=False,
    )
    out = io.StringIO()
    call_command("records_retention", stdout=out)
    assert "0 organisation(s)" in out.getvalue()
    assert Notification.objects.filter(pk=note.pk).exists()


def test_months_before_handles_month_ends():
    assert services.months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert services.months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(
        2024, 12, 15, tzinfo=UTC
    )


def test_admin_pages_edit_rules_and_show_the_trail(world, client_for):
    admin = client_for("admin")
    response = admin.post(
        reverse("records:home"),
        {
            "kind": "notifications",
            "months": 12,
            "action": "remove",
            "decision_reference": REFERENCE,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    saved = RetentionRule.objects.get(organisation=world.org)
    page = admin.get(reverse("records:home")).content.decode()
    assert REFERENCE in page and "Aviseringar" in page
    response = admin.post(
        reverse("records:rule_edit", kwargs={"rule_id": saved.pk}),
        {"months": 0, "action": "remove", "decision_reference": REFERENCE},
    )
    assert response.status_code == 200  # 0 months refused
    note = f.notification(world, world.employee)
    f.age(Notification, note.pk, "created_at", f.days_ago(NOW, 800))
    services.retention_run()
    trail = admin.get(reverse("records:trail")).content.decode()
    assert "Gallring genomfördes" in trail and REFERENCE in trail
    assert client_for("manager").get(reverse("records:trail")).status_code == 403


def _offered_kinds(page: str) -> list[str]:
    select = re.search(r'<select name="kind"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<option value="([^"]+)"', select.group(1)) if select else []


def test_new_rule_form_offers_only_kinds_the_service_accepts(world, client_for):
    admin = client_for("admin")
    assert _offered_kinds(admin.get(reverse("records:home")).content.decode()) == list(KINDS)
    first, *rest = list(KINDS)
    rule(world, first, 12, KINDS[first].actions[0])
    offered = _offered_kinds(admin.get(reverse("records:home")).content.decode())
    assert offered == rest
    # The same rule as the service's: every kind offered is accepted, the one not offered refused.
    for key in KINDS:
        try:
            with transaction.atomic():
                rule(world, key, 12, KINDS[key].actions[0])
                accepted = True
                transaction.set_rollback(True)
        except ValidationError:
            accepted = False
        assert accepted == (key in offered), key
    for key in rest:
        rule(world, key, 12, KINDS[key].actions[0])
    page = admin.get(reverse("records:home")).content.decode()
    assert _offered_kinds(page) == [] and 'name="decision_reference"' not in page
    assert "Alla slag av uppgift har redan en gallringsregel" in page
    response = admin.post(
        reverse("records:home"),
        {"kind": first, "months": 6, "action": KINDS[first].actions[0], "decision_reference": "x"},
    )
    assert response.status_code == 200
    assert RetentionRule.objects.filter(organisation=world.org).count() == len(KINDS)
    assert RetentionRule.objects.get(organisation=world.org, kind=first).months == 12
