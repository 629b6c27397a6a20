"""Vardag's task worker: django-tasks' database worker that survives what kills it.

- It renews its lease (vardag.core.jobs.heartbeat) and runs the sweep from a thread of its own
  every HEARTBEAT_SECONDS, also while a long task runs, so a worker that dies is noticed by the
  others and a worker that lives is never taken for dead.
- When the database goes away (a PostgreSQL restart, a dropped connection) it does not exit: it
  closes its connections, waits (1, 2, 4 … 30 s), reconnects and goes on. A task that was running
  when the connection broke is handed to the sweep's recovery (queued again or failed).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Worker

from vardag.core import jobs

logger = logging.getLogger("vardag.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
MAX_RECONNECT_DELAY = 30.0


class ResilientWorker(Worker):
    """A db_worker Worker with a lease, a sweep and a reconnect loop."""

    def __init__(
        self, *, reconnect_delay: float = 1.0, has_heartbeat: bool = True, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.reconnect_delay = reconnect_delay
        self.has_heartbeat = has_heartbeat
        self.reconnects = 0
        self._stop = threading.Event()

    def run(self) -> None:
        beat = threading.Thread(target=self._beat, name="vardag-heartbeat", daemon=True)
        if self.has_heartbeat:
            beat.start()
        try:
            self._run_reconnecting()
        finally:
            self._stop.set()
            if beat.is_alive():
                beat.join(timeout=jobs.HEARTBEAT_SECONDS)
            with contextlib.suppress(*DATABASE_ERRORS):  # else the lease expires on its own
                jobs.worker_stopped(self.worker_id)

    def _run_reconnecting(self) -> None:
        delay = self.reconnect_delay
        while True:
            try:
                jobs.heartbeat(self.worker_id)
                jobs.recover_own(self.worker_id)
                delay = self.reconnect_delay  # the database answers again
                super().run()
                return
            except DATABASE_ERRORS as exc:
                if not self.running:
                    return
                self.reconnects += 1
                logger.warning("Database unavailable (%s); reconnecting in %.0f s", exc, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(max(delay, 0.5) * 2, MAX_RECONNECT_DELAY)
                self.startup_delay = False

    def _beat(self) -> None:
        """Renew the lease and sweep, in this thread's own database connection."""
        while not self._stop.is_set():
            try:
                jobs.heartbeat(self.worker_id)
                jobs.sweep()
            except DATABASE_ERRORS as exc:
                logger.warning("Heartbeat failed (%s); trying again", exc)
                connections.close_all()
            except Exception:  # a sweep bug must not stop the heartbeat
                logger.exception("Sweep failed")
            self._stop.wait(jobs.HEARTBEAT_SECONDS)
        connections.close_all()
