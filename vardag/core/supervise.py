"""Keep a child process running: `vardag serve` restarts its task worker when it dies.

Pure Python (no Django). A child that exits is started again after a pause that doubles on
every quick exit (1, 2, 4 … 60 s) and starts over once a child has run for a while, so a
worker that cannot start (no database) does not spin.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence

STABLE_SECONDS = 60.0
MAX_DELAY = 60.0


class Supervisor:
    """Run `command` in a thread; start it again whenever it exits, until stop()."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        name: str = "worker",
        first_delay: float = 1.0,
        max_starts: int | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.command = list(command)
        self.name = name
        self.first_delay = first_delay
        self.max_starts = max_starts
        self.starts = 0
        self.exit_codes: list[int] = []
        self._log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.started = threading.Event()  # set once the first child runs
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name=f"supervise-{self.name}", daemon=True)
        self._thread.start()

    def run(self) -> None:
        """Start the child, wait for it, start it again; returns on stop() or after max_starts."""
        delay = self.first_delay
        while not self._stopping.is_set():
            if self.max_starts is not None and self.starts >= self.max_starts:
                return
            started = time.monotonic()
            with self._lock:
                if self._stopping.is_set():
                    return
                self._process = subprocess.Popen(self.command)  # noqa: S603 - our command  # nosec B603
                self.starts += 1
                self.started.set()
            code = self._process.wait()
            self.exit_codes.append(code)
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= STABLE_SECONDS:
                delay = self.first_delay
            self._log(
                f"The {self.name} stopped (exit code {code}); starting it again in {delay:g} s."
            )
            if self._stopping.wait(delay):
                return
            delay = min(max(delay, 0.5) * 2, MAX_DELAY)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop supervising and end the child (SIGTERM, then SIGKILL after `timeout`)."""
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
