"""Rate limits, security headers and tokens after "log out everywhere" (issue 14, item 7)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from vardag.accounts import services
from vardag.accounts.models import ApiToken
from vardag.accounts.testing import PASSWORD, make_person
from vardag.core.roles import Role

pytestmark = pytest.mark.django_db


def test_password_spraying_from_one_address_is_stopped(world, settings):
    """One wrong password for each of many usernames: axes (username + address) never fires."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    people = [make_person(f"kollega{i}", world.units["unit"], Role.EMPLOYEE) for i in range(8)]
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [
        client.post(reverse("accounts:login"), {"username": p.username, "password": "Sommar2026"})
        for p in people
    ]
    assert [a.status_code for a in answers] == [200] * 6 + [429] * 2
    assert "För många misslyckade inloggningar från din adress" in answers[-1].content.decode()
    # Even the right password waits now, from that address; another address is not affected.
    right = {"username": "employee", "password": PASSWORD}
    assert client.post(reverse("accounts:login"), right).status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert elsewhere.post(reverse("accounts:login"), right).status_code == 302


def test_password_reset_mails_are_limited_per_recipient_and_per_address(world, settings):
    settings.PASSWORD_RESETS_PER_RECIPIENT = 3
    settings.PASSWORD_RESETS_PER_ADDRESS = 5
    url = reverse("accounts:password_reset")
    client = Client(REMOTE_ADDR="203.0.113.8")
    codes = [client.post(url, {"email": world.employee.email}).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    # Other recipients from the same address: the address's own limit (5 requests) then holds.
    codes = [client.post(url, {"email": f"x{i}@example.org"}).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    # An unknown address counts the same as a known one: the limit tells nothing about accounts.
    other = Client(REMOTE_ADDR="198.51.100.30")
    codes = [other.post(url, {"email": "nobody@example.org"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]


def _token_works(secret: str) -> bool:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.get("/api/v1/me").status_code == 200


def test_log_out_everywhere_offers_to_revoke_tokens_too(world, client_for):
    kept = services.token_create(actor=world.employee, name="skript")[1]
    page = client_for("employee").get(reverse("accounts:account")).content.decode()
    assert 'name="revoke_tokens"' in page and "Återkalla också mina API-nycklar" in page
    client_for("employee").post(reverse("accounts:logout_everywhere"))
    assert _token_works(kept)  # the person did not choose it
    client = Client()
    client.force_login(world.employee)
    response = client.post(
        reverse("accounts:logout_everywhere"), {"revoke_tokens": "on"}, follow=True
    )
    assert "1 API-nyckel är återkallad" in response.content.decode()
    assert not _token_works(kept)
    assert not ApiToken.objects.filter(user=world.employee, revoked_at__isnull=True).exists()


def test_signed_in_pages_and_the_api_are_not_stored(world, client_for):
    page = client_for("employee").get(reverse("accounts:account"))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    token = services.token_create(actor=world.employee, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me")
    assert "no-store" in api["Cache-Control"]
    assert "no-store" in Client().get("/api/v1/me")["Cache-Control"]  # 401 too
    public = Client().get(reverse("shell:accessibility"))
    assert public.status_code == 200
    assert "no-store" not in public.get("Cache-Control", "")


def test_permissions_policy_switches_off_unused_features(client):
    policy = client.get(reverse("accounts:login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
