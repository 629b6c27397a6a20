"""Root fixtures: the shared personas and logged-in clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from vardag.accounts.testing import World, make_world


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A client signed in as one of the world's personas: client_for("manager")."""
    clients: dict[str, Client] = {}

    def make(persona: str) -> Client:
        if persona not in clients:
            client = Client()
            client.force_login(world.people[persona])
            clients[persona] = client
        return clients[persona]

    return make


@pytest.fixture(autouse=True)
def _swedish_by_default(settings) -> None:
    settings.LANGUAGE_CODE = "sv"
