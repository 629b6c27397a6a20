"""Root fixtures: the shared personas and logged-in clients."""

from __future__ import annotations

import gc
import io
import os
import shutil
from collections.abc import Callable

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from vardag.accounts.testing import World, make_world

# Tests never assert times (README): hypothesis' per-example deadline (200 ms) turned a property
# test red on a loaded two-core machine. In CI the examples are derandomised, so a red run can be
# repeated exactly.
settings.register_profile(
    "vardag",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
    print_blob=True,
)
settings.load_profile("vardag")


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


@pytest.fixture(scope="module")
def _demo_in_module(django_db_setup, django_db_blocker):
    """The demo (what `vardag demo` loads), once per test module, rolled back after it.

    Loading the demo takes tens of seconds, so tests that only read it share one load
    (rolled_back_after). Keep such tests in tests/test_demo.py (one module, so one load per run,
    and one xdist group so one worker).
    """
    from django.core.management import call_command

    from vardag.core.testing import rolled_back_after

    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("demo", stdout=io.StringIO())
        yield


@pytest.fixture
def demo(_demo_in_module, db) -> None:
    """The loaded demo for one test; what the test writes is rolled back after it."""


@pytest.fixture
def migrated_sqlite(django_db_setup, django_db_blocker):
    """Write a SQLite file with every migration applied, for tests that start `vardag` in a
    subprocess on a database of their own: `migrated_sqlite(path)` copies this worker's test
    database as migrated (SQLite's online backup API) instead of migrating again in the
    subprocess, which took about 14 s of CPU each time. Only on SQLite (such tests run once per CI
    run, in the SQLite pass)."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("runs SQLite in subprocesses; the SQLite pass of CI runs it")

    def write(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        with django_db_blocker.unblock():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        return path

    return write


@pytest.fixture(autouse=True)
def _swedish_by_default(settings) -> None:
    settings.LANGUAGE_CODE = "sv"


# --- Browser tests: headless Chromium (Debian's package) driven by Playwright, with axe-core ---
# Debian's chromium-headless-shell (Chromium's "old" headless shell, which Playwright itself
# uses for headless runs) renders with the same Blink but without the full browser around it: an
# axe shard took 11.5 s with it and 16 s with the full chromium. CI installs both; the full
# chromium is the fallback.
CHROMIUM = (
    os.environ.get("VARDAG_CHROMIUM")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is missing in CI: .ci/run must install it "
                "(apt-get install chromium-headless-shell)"
            )
        pytest.skip(
            "Chromium is not installed (apt-get install chromium-headless-shell, or chromium); "
            "browser tests skipped"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM is used around it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --- The second database of a CI run: only the tests that use a database ------------------------
# .ci/run runs the suite on SQLite, then again on PostgreSQL with VARDAG_TESTS_NEED_DATABASE=1.
# A test that uses no database (pure functions, property tests, subprocesses on their own SQLite
# file) cannot answer differently there, so the second run leaves it out. pytest-django refuses
# database access to a test without its mark or fixture, so nothing that does use the database is
# left out by this rule.
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def pytest_collection_modifyitems(config, items):
    if os.environ.get("VARDAG_TESTS_NEED_DATABASE") != "1":
        return
    keep, leave = [], []
    for item in items:
        uses = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (keep if uses else leave).append(item)
    if leave:
        config.hook.pytest_deselected(items=leave)
        items[:] = keep


# --- Python's garbage collector in a test process ------------------------------------------------
# After collection a worker holds Django, pandas, scipy, hypothesis, schemathesis and every test
# module: millions of objects that live to the end, which each full collection walked again.
# They are moved out of the collector's sight (gc.freeze), and collections run less often (the
# first generation at 50,000 new objects instead of 700). Measured with farm-bench on the access
# matrix and the meetings tests, paired runs: 0.93 of the time (median), 100 MiB more memory per
# worker. Nothing a test checks depends on when garbage is collected; pytest collects at the end
# of the run to report resources left open, as before.
def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
