"""Several web processes and several task workers on one PostgreSQL (docs/deployment.md).

Starts two gunicorn servers and two `vardag worker` processes against the test database, spreads
signed-in requests over both servers while tasks are enqueued, and checks that every task ran
exactly once (one audit event per task, claimed by one worker) and that both workers took some.
PostgreSQL only: it is what several machines share (SQLite admits one writer on one machine).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from vardag.accounts.testing import make_world
from vardag.core.models import AuditEvent, WorkerLease
from vardag.core.tests.tasks import record_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several processes on one database need PostgreSQL (SQLite has one writer)",
    ),
]

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TASKS = 24
REQUESTS = 24
WORKERS = ("smoke-worker-a", "smoke-worker-b")


SECRET_KEY = "smoke-test-" + "k" * 40


@pytest.fixture
def shared_settings(settings):
    """Tasks on the database, and the web processes' secret key (a session signed in here is
    then valid there)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SECRET_KEY = SECRET_KEY


def _database_url() -> str:
    db = connection.settings_dict
    credentials = f"{quote(db['USER'] or '')}:{quote(str(db['PASSWORD'] or ''))}"
    return f"postgres://{credentials}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def _child_env(data_dir: Path) -> dict[str, str]:
    """Production settings (DEBUG off) on the test database; tasks on the database backend."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VARDAG_"))}
    env.update(
        DATABASE_URL=_database_url(),
        DJANGO_SETTINGS_MODULE="config.settings",
        VARDAG_DEBUG="0",
        VARDAG_SECRET_KEY=SECRET_KEY,
        VARDAG_ALLOWED_HOSTS=f"{HOST},localhost",
        VARDAG_DATA_DIR=str(data_dir),
        # Plain http on the loopback: TLS is the proxy's in a deployment (README, step 4).
        VARDAG_HTTPS="0",
    )
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def _process(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for(check, what: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def _get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": HOST, "Cookie": cookie})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_two_web_processes_and_two_workers_run_every_task_once(tmp_path, shared_settings):
    world = make_world()
    client = Client()
    client.force_login(world.employee)  # a database session: valid on every web process
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    env = _child_env(tmp_path)
    ports = [_free_port(), _free_port()]
    with ExitStack() as stack:
        for port in ports:
            stack.enter_context(
                _process(
                    ["-m", "gunicorn", "config.wsgi:application", "--bind", f"{HOST}:{port}"]
                    + ["--workers", "1", "--threads", "2", "--log-level", "warning"],
                    env,
                )
            )
        for worker_id in WORKERS:
            stack.enter_context(
                _process(
                    ["-m", "vardag.cli", "worker", "--no-startup-delay", "--interval", "0.1"]
                    + ["--worker-id", worker_id],
                    env,
                )
            )
        _wait_for(lambda: all(_listening(p) for p in ports), "both web processes")
        _wait_for(
            lambda: WorkerLease.objects.filter(worker_id__in=WORKERS).count() == 2,
            "both workers' leases",
        )

        answers: dict[int, list[tuple[int, bytes]]] = {port: [] for port in ports}

        def browse(port: int) -> None:
            for _ in range(REQUESTS // 2):
                answers[port].append(_get(port, "/api/v1/units?limit=100", cookie))

        browsers = [threading.Thread(target=browse, args=(port,)) for port in ports]
        for thread in browsers:
            thread.start()
        markers = [f"task-{n}" for n in range(TASKS)]
        ids = [record_run.enqueue(marker).id for marker in markers]  # while requests run
        for thread in browsers:
            thread.join(60)

        _wait_for(
            lambda: DBTaskResult.objects.filter(id__in=ids, status="SUCCESSFUL").count() == TASKS,
            "every task to finish",
        )

    # Requests: both servers answered every request for the same signed-in person alike.
    bodies = set()
    for port in ports:
        assert [status for status, _body in answers[port]] == [200] * (REQUESTS // 2)
        bodies |= {body for _status, body in answers[port]}
    assert len(bodies) == 1
    units = json.loads(bodies.pop())
    assert {u["name"] for u in units["items"]} >= {world.units["unit"].name}

    # Tasks: each ran exactly once, claimed by one worker; both workers took a share.
    runs = Counter(e.data["marker"] for e in AuditEvent.objects.filter(action="test.task_ran"))
    assert runs == Counter(markers)
    claims = DBTaskResult.objects.filter(id__in=ids).values_list("worker_ids", flat=True)
    assert all(len(workers) == 1 for workers in claims)
    assert {workers[0] for workers in claims} == set(WORKERS)
