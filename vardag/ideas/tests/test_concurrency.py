"""Simultaneous requests on PostgreSQL (SQLite lets one writer in at a time, so the race is
PostgreSQL's): a doubled first save makes one draft, a doubled click moves a stage once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from vardag.accounts.testing import make_world
from vardag.ideas import services
from vardag.ideas.models import Idea

pytestmark = pytest.mark.django_db(transaction=True)

TIMES = 4


def _at_once(user, request: Callable[[Client], int]) -> list[int]:
    """Send `request` from TIMES clients at the same moment; their status codes."""
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL (SQLite serialises writers)")
    clients = []
    for _ in range(TIMES):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(TIMES)
    codes: list[int] = []

    def run(client: Client) -> None:
        try:
            barrier.wait()
            codes.append(request(client))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return codes


def test_simultaneous_first_saves_make_one_draft():
    world = make_world()
    data = {
        "draft_key": "same-key",
        "title": "Läxhjälp",
        "summary": "Elever får hjälp efter skolan.",
        "unit": world.units["unit"].pk,
    }
    codes = _at_once(
        world.employee, lambda c: c.post(reverse("ideas:autosave_new"), data).status_code
    )
    assert codes == [200] * TIMES
    assert Idea.objects.filter(initiator=world.employee).count() == 1


def test_simultaneous_clicks_move_a_stage_once():
    world = make_world()
    model = services.process_model_install_for(world.org.pk, "skr", make_default=True)
    names = list(model.stages.order_by("order").values_list("name", flat=True))
    third = model.stages.get(order=3)
    url = reverse("ideas:stage_move", args=[third.pk])
    codes = _at_once(world.admin, lambda c: c.post(url, {"position": 2}).status_code)
    assert codes == [302] * TIMES
    after = list(model.stages.order_by("order").values_list("name", flat=True))
    assert after == [names[0], names[2], names[1], *names[3:]]
    assert list(model.stages.order_by("order").values_list("order", flat=True)) == list(
        range(1, len(names) + 1)
    )
