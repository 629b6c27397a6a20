"""Browser tests on the loaded demo share one load: `demo_server` is scoped to this package, and
its modules are one xdist group (`demo-browser`), so a run loads the demo once for all of them
(it loaded once per module before: the demo pages and the overview journey each paid a load)."""

from __future__ import annotations

import io

import pytest


@pytest.fixture(scope="package")
def demo_server(django_db_setup, django_db_blocker):
    """The demo committed and served by a live server of its own (the browser reads it from
    another thread, so it cannot sit in a rolled-back transaction); flushed after the package's
    last test, before any other test of the worker runs."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
        server = LiveServer("localhost")
    yield server
    server.stop()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def sign_in(page, server_url: str, username: str) -> None:
    """Through the sign-in page, as a person would (the server writes its own session, so this
    works on PostgreSQL too, where the server thread has its own connection)."""
    from django.urls import reverse

    from vardag.demo.loader import DEMO_PASSWORD

    page.goto(server_url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert reverse("accounts:login") not in page.url, (
        f"{username} could not sign in: {page.locator('main').inner_text()[:500]}"
    )
