"""The foundation's promises: configuration, sign-in, sessions, language, audit, API tokens."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vardag.accounts import services as account_services
from vardag.accounts.middleware import SESSION_KEY
from vardag.core import audit, selectors, services
from vardag.core.audit import AuditOutsideTransactionError
from vardag.core.models import AuditEvent

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VARDAG_", "PYTEST"))}
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_production_with_default_secret_key():
    result = _settings_in_subprocess(VARDAG_DEBUG="0")
    assert result.returncode != 0
    assert "VARDAG_SECRET_KEY must be set" in result.stderr


def test_starts_in_production_with_a_secret_key():
    result = _settings_in_subprocess(VARDAG_DEBUG="0", VARDAG_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_wrong_password_five_times_locks_out_with_swedish_429(world):
    client = Client()
    url = reverse("accounts:login")
    for _ in range(4):
        response = client.post(url, {"username": "employee", "password": "wrong"})
        assert response.status_code == 200
        assert "Fel användarnamn eller lösenord" in response.content.decode()
    response = client.post(url, {"username": "employee", "password": "wrong"})
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    # Even the right password is refused during the cool-off...
    response = client.post(
        url, {"username": "employee", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_lockout_is_per_username_and_ip_not_the_whole_office(world):
    client = Client()
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "employee", "password": "wrong"})
    # A colleague behind the same address can still sign in.
    response = client.post(url, {"username": "manager", "password": "correct-horse-battery-staple"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_lockout_expires_after_cool_off(world, settings):
    from axes.models import AccessAttempt

    client = Client()
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "employee", "password": "wrong"})
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(
        url, {"username": "employee", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_and_home_show_own_municipality_only(world):
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": "foreign", "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Individ- och familjeomsorgen" in body
    assert "Mottagningsenheten" not in body


@pytest.mark.django_db
def test_session_absolute_lifetime_ends_session(world, client_for):
    client = client_for("employee")
    session = client.session
    session[SESSION_KEY] = (timezone.now() - timedelta(hours=10, minutes=1)).timestamp()
    session.save()
    response = client.get(reverse("shell:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_idle_timeout_is_30_minutes_and_renewed(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ABSOLUTE_SECONDS == 10 * 60 * 60


@pytest.mark.django_db
def test_logout_everywhere_ends_other_sessions(world):
    laptop, phone = Client(), Client()
    laptop.force_login(world.employee)
    phone.force_login(world.employee)
    laptop.post(reverse("accounts:logout_everywhere"))
    response = phone.get(reverse("shell:home"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.sessions_ended").exists()


@pytest.mark.django_db
def test_password_reset_sends_mail_in_swedish(world, mailoutbox):
    response = Client().post(reverse("accounts:password_reset"), {"email": "employee@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Återställ ditt lösenord" in mailoutbox[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "expected"),
    [("en", "Skip to content"), ("xx", "Hoppa till innehållet"), (None, "Hoppa till innehållet")],
)
def test_language_switch_and_unknown_code_falls_back_to_swedish(world, cookie, expected):
    client = Client()
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get(reverse("accounts:login"))
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_swedish(world):
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Hoppa till innehållet" in response.content.decode()


@pytest.mark.django_db
def test_organisation_default_language_applies_until_a_person_chooses(world, client_for):
    world.org.default_language = "en"
    world.org.save()
    client = client_for("employee")
    assert "Skip to content" in client.get(reverse("shell:home")).content.decode()
    client.cookies["django_language"] = "sv"
    assert "Hoppa till innehållet" in client.get(reverse("shell:home")).content.decode()


@pytest.mark.django_db
def test_set_language_with_unknown_code_does_not_break(world):
    client = Client()
    response = client.post(reverse("set_language"), {"language": "klingon", "next": "/"})
    assert response.status_code == 302
    assert "Hoppa till innehållet" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_csp_is_nonce_based_without_unsafe_inline(world, client_for, settings):
    from csp.constants import NONCE

    # django-csp adds the nonce to the header only on pages that use it.
    assert NONCE in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    response = client_for("employee").get(reverse("shell:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_healthz_checks_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(world):
    with pytest.raises(AuditOutsideTransactionError):
        audit.record(world.admin, "unit.renamed", target=world.units["unit"])


@pytest.mark.django_db
def test_service_writes_are_audited_with_actor_and_organisation(world):
    unit = services.unit_create(
        actor=world.admin, organisation=world.org, name="Ny enhet", kind="unit"
    )
    event = AuditEvent.objects.get(action="unit.created", target_id=str(unit.pk))
    assert event.actor == world.admin
    assert event.organisation == world.org


@pytest.mark.django_db
def test_audit_log_filters_by_person_action_and_period(world, client_for):
    with transaction.atomic():
        audit.record(world.manager, "idea.registered", target=world.units["unit"])
        audit.record(world.employee, "idea.submitted", target=world.units["unit"])
    client = client_for("admin")
    url = reverse("shell:audit_log")
    body = client.get(url, {"person": "manager"}).content.decode()
    assert "idea.registered" in body and "idea.submitted" not in body.split("<tbody>")[1]
    body = client.get(url, {"action": "idea.submitted"}).content.decode()
    assert "idea.registered" not in body.split("<tbody>")[1]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    body = client.get(url, {"since": tomorrow}).content.decode()
    assert "Inga händelser matchar filtret" in body


@pytest.mark.django_db
def test_audit_log_is_for_admins_only(world, client_for):
    assert client_for("manager").get(reverse("shell:audit_log")).status_code == 403


@pytest.mark.django_db
def test_audit_log_query_count_is_constant(world, client_for):
    from vardag.core.testing import assert_constant_queries

    client = client_for("admin")

    def grow(n: int) -> None:
        with transaction.atomic():
            while AuditEvent.objects.filter(action="x.y").count() < n:
                audit.record(world.manager, "x.y", target=world.units["unit"])

    assert_constant_queries(lambda: client.get(reverse("shell:audit_log")), grow)


@pytest.mark.django_db
def test_nothing_crosses_organisations_without_an_active_agreement(world):
    assert selectors.partner_organisation_ids(world.employee) == set()
    today = timezone.localdate()
    agreement = services.agreement_create(
        actor=world.admin,
        title="Samverkan kring barn och unga",
        parties=[world.org, world.other_org],
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1),
    )
    assert selectors.partner_organisation_ids(world.employee) == set()
    agreement.valid_until = None
    agreement.save()
    assert selectors.partner_organisation_ids(world.employee) == {world.other_org.pk}
    agreement.terminated_at = timezone.now()
    agreement.save()
    assert selectors.partner_organisation_ids(world.employee) == set()


@pytest.mark.django_db
def test_unit_tree_is_depth_first_and_scoped(world):
    nodes = selectors.unit_tree(world.employee)
    names = [(n.unit.name, n.depth) for n in nodes]
    assert ("Socialnämnden", 0) in names
    assert ("Socialförvaltningen", 1) in names
    assert ("Mottagningsenheten", 2) in names
    assert all(n.unit.organisation_id == world.org.pk for n in nodes)


@pytest.mark.django_db
def test_api_token_shown_once_stored_hashed_and_revocable(world):
    token, plaintext = account_services.token_create(actor=world.employee, name="rapport")
    assert plaintext not in token.digest and token.digest != plaintext
    client = Client()
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert me.status_code == 200
    assert me.json()["username"] == "employee"
    account_services.token_revoke(actor=world.employee, token=token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 401


@pytest.mark.django_db
def test_api_rejects_a_tampered_token(world):
    _token, plaintext = account_services.token_create(actor=world.employee, name="x")
    tampered = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {tampered}")
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.django_db
def test_api_units_lists_only_own_units(world):
    _token, plaintext = account_services.token_create(actor=world.foreign, name="x")
    response = Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    names = [u["name"] for u in response.json()["items"]]
    assert names == ["Individ- och familjeomsorgen"]


@pytest.mark.django_db
def test_openapi_schema_is_served():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Vardag API"


@pytest.mark.django_db
def test_token_create_command_prints_a_working_token(world):
    out = StringIO()
    call_command("token", "create", "manager", stdout=out)
    plaintext = out.getvalue().strip()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.json()["username"] == "manager"
