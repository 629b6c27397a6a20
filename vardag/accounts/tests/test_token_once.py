"""Creating an API token twice from one form, or `vardag token create` run again with the same
key, makes one token and answers with a key that works (issue 14, item 6)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from vardag.accounts import services
from vardag.accounts.models import ApiToken
from vardag.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'<code class="token">(vdg_[A-Za-z0-9_-]+)</code>')


def _works(plaintext: str) -> bool:
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}").get("/api/v1/me").status_code == 200


def test_a_token_form_sent_twice_is_one_token_and_the_last_answer_works(world, client_for):
    client = client_for("employee")
    url = reverse("accounts:account")
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', client.get(url).content.decode())
    data = {"name": "Kalkylbladet", "request_key": key.group(1)}
    first, second = (
        TOKEN.search(client.post(url, data, follow=True).content.decode()) for _ in range(2)
    )
    assert ApiToken.objects.filter(user=world.employee).count() == 1
    # Only the last answer reaches the screen after a double click: its key is the one that works.
    assert first and second and _works(second.group(1)) and not _works(first.group(1))
    assert AuditEvent.objects.filter(action="api_token.created").count() == 1
    # Once used, a repeat changes nothing and shows no key.
    page = client.post(url, data, follow=True).content.decode()
    assert not TOKEN.search(page) and "Nyckeln skapades redan och har använts" in page
    assert _works(second.group(1)) and ApiToken.objects.filter(user=world.employee).count() == 1


def test_reloading_the_page_that_showed_a_new_key_keeps_that_key_working(world, client_for):
    """The tryout created a key, copied it and pressed F5: the form was sent again and the key got
    a new secret, so the copied one stopped working. The form now answers with a redirect; the
    key is shown once on the page it leads to, and a reload asks for that page again."""
    client = client_for("employee")
    url = reverse("accounts:account")
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', client.get(url).content.decode())
    sent = client.post(url, {"name": "Kalkylbladet", "request_key": key.group(1)})
    assert sent.status_code == 302 and sent["Location"].startswith(url)
    shown = TOKEN.search(client.get(sent["Location"]).content.decode())
    assert shown
    reloaded = client.get(sent["Location"]).content.decode()  # F5 on the page that showed it
    assert not TOKEN.search(reloaded)
    assert _works(shown.group(1))
    assert ApiToken.objects.filter(user=world.employee).count() == 1


def test_the_command_run_again_with_the_same_key_makes_one_token(world):
    out = io.StringIO()
    call_command("token", "create", "employee", "--request-key", "ci-1", stdout=out)
    call_command("token", "create", "employee", "--request-key", "ci-1", stdout=out)
    first, second = out.getvalue().split()
    assert ApiToken.objects.filter(user=world.employee).count() == 1
    assert _works(second) and not _works(first)
    with pytest.raises(CommandError):  # used now: not shown again
        call_command("token", "create", "employee", "--request-key", "ci-1", stdout=out)
    call_command("token", "create", "employee", stdout=io.StringIO())  # no key: a new one
    assert ApiToken.objects.filter(user=world.employee).count() == 2


def test_the_service_without_a_key_makes_a_token_each_time(world):
    services.token_create(actor=world.employee, name="a")
    services.token_create(actor=world.employee, name="a")
    assert ApiToken.objects.filter(user=world.employee).count() == 2
