"""Background tasks that outlive their worker: leases, the sweep, and running a job again.

django-tasks' database backend marks a task RUNNING when a worker claims it and nothing else:
if the worker process is killed, the task stays RUNNING for good. Vardag's worker
(`vardag worker`, vardag.core.worker) renews a lease (`WorkerLease.seen_at`) every
HEARTBEAT_SECONDS from a thread of its own, and every worker runs `sweep()`:

- a RUNNING task whose worker's lease is older than LEASE_SECONDS (or missing) was lost. A task
  registered with `retry_when_lost` (idempotent: running it twice does no harm) is queued again,
  at most MAX_ATTEMPTS times in all; any other, or one out of attempts, is marked failed;
- the `core.Job` linked to a lost task (through `job_enqueue`) says so on its page
  (`/jobb/<uuid>/`), and its owner can run it again (`core.services.job_rerun`);
- a Job whose task failed without finishing the job (an exception before `job_finish`) is
  marked failed too, so no page shows "running" for ever.

A worker that loses its database (a PostgreSQL restart) reconnects and hands its own claimed
tasks to the same recovery (vardag.core.worker). See docs/operations.md.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from vardag.core import audit
from vardag.core.models import Job, WorkerLease

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
LEASE_SECONDS = 120
MAX_ATTEMPTS = 3
WORKER_LOST = "vardag.core.jobs.WorkerLost"

_RETRY_WHEN_LOST: set[str] = set()


class WorkerLost(Exception):  # noqa: N818 - the name is what the task result records
    """Recorded on a task result whose worker died while running it."""


def retry_when_lost(task: Task) -> Task:
    """Declare a task idempotent: if its worker dies, the sweep queues it again."""
    _RETRY_WHEN_LOST.add(task.module_path)
    return task


def is_retried_when_lost(task_path: str) -> bool:
    if task_path not in _RETRY_WHEN_LOST:
        try:  # importing the task's module registers it
            import_string(task_path)
        except ImportError:
            return False
    return task_path in _RETRY_WHEN_LOST


# --- Linking a Job to its task ---------------------------------------------------------------


def job_enqueue(*, job: Job, task: Task, args: Iterable[Any] = ()) -> None:
    """Run `task(*args)` in the background for `job`, after the current transaction commits."""
    job.task_path = task.module_path
    job.task_args = list(args)
    job.save(update_fields=["task_path", "task_args", "updated_at"])
    job_id = job.pk
    transaction.on_commit(lambda: _enqueue(job_id))


def _enqueue(job_id: Any) -> None:
    job = Job.objects.get(pk=job_id)
    task = import_string(job.task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{job.task_path} is not a task")
    # Link first: with an immediate backend the task runs (and finishes the job) inside enqueue.
    result = task.enqueue(*job.task_args)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


# --- Leases -----------------------------------------------------------------------------------


def heartbeat(worker_id: str, *, now: datetime | None = None) -> None:
    """The worker `worker_id` is alive (called every HEARTBEAT_SECONDS)."""
    now = now or timezone.now()
    updated = WorkerLease.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        # An upsert: the worker's loop and its heartbeat thread both take the lease at start
        # (a plain insert let the second one fail on the primary key).
        WorkerLease.objects.bulk_create(
            [
                WorkerLease(
                    worker_id=worker_id,
                    hostname=socket.gethostname()[:255],
                    pid=os.getpid(),
                    started_at=now,
                    seen_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["worker_id"],
            update_fields=["seen_at"],
        )


def worker_stopped(worker_id: str) -> None:
    """A worker that stops cleanly gives up its lease."""
    WorkerLease.objects.filter(pk=worker_id).delete()


# --- The sweep --------------------------------------------------------------------------------


def sweep(*, now: datetime | None = None) -> int:
    """Recover tasks whose worker died and jobs whose task ended without them. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=LEASE_SECONDS)
    live = set(WorkerLease.objects.filter(seen_at__gte=cutoff).values_list("pk", flat=True))
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    lost = [r.pk for r in running.only("pk", "worker_ids") if _last_worker(r) not in live]
    for result_id in lost:
        recover(result_id, now=now, reason="lease expired")
    WorkerLease.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return len(lost) + _finish_orphaned_jobs(now)


def recover_own(worker_id: str, *, now: datetime | None = None) -> int:
    """A worker that lost its database: the tasks it had claimed are no longer running."""
    now = now or timezone.now()
    mine = [r.pk for r in DBTaskResult.objects.running() if _last_worker(r) == worker_id]
    for result_id in mine:
        recover(result_id, now=now, reason="worker lost its database connection")
    return len(mine)


def _last_worker(result: DBTaskResult) -> str:
    return result.worker_ids[-1] if result.worker_ids else ""


@transaction.atomic
def recover(result_id: Any, *, now: datetime, reason: str) -> None:
    """Queue a lost task again (idempotent, attempts left) or mark it and its job failed."""
    result = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
    if result is None or result.status != TaskResultStatus.RUNNING:
        return  # finished or recovered meanwhile
    attempts = len(result.worker_ids)
    job = Job.objects.select_for_update().filter(task_id=str(result.pk)).first()
    if is_retried_when_lost(result.task_path) and attempts < MAX_ATTEMPTS:
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.save(update_fields=["status", "started_at"])
        if job is not None:
            job.status = Job.Status.QUEUED
            job.save(update_fields=["status", "updated_at"])
        _record("task.requeued", result, job, attempts=attempts, reason=reason)
        logger.warning("Task %s (%s) lost its worker; queued again", result.pk, result.task_path)
        return
    result.status = TaskResultStatus.FAILED
    result.finished_at = now
    result.exception_class_path = WORKER_LOST
    result.traceback = f"{WORKER_LOST}: {reason} (worker {_last_worker(result)})"
    result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    if job is not None and not job.is_finished:
        job.status = Job.Status.FAILED
        job.interrupted_at = now
        job.save(update_fields=["status", "interrupted_at", "updated_at"])
    _record("task.lost", result, job, attempts=attempts, reason=reason)
    logger.error("Task %s (%s) lost its worker; marked failed", result.pk, result.task_path)


def _finish_orphaned_jobs(now: datetime) -> int:
    """Jobs still queued or running whose task has failed (it raised before finishing the job)."""
    waiting = dict(
        Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .exclude(task_id="")
        .values_list("task_id", "pk")
    )
    failed = DBTaskResult.objects.failed().filter(pk__in=list(waiting), finished_at__lt=now)
    ids = [waiting[str(pk)] for pk in failed.values_list("pk", flat=True)]
    for job_id in ids:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.is_finished:
                continue
            job.status = Job.Status.FAILED
            job.save(update_fields=["status", "updated_at"])
            audit.record(None, "job.failed", target=job, data={"task": job.task_id})
    return len(ids)


def _record(action: str, result: DBTaskResult, job: Job | None, **data: Any) -> None:
    payload = {"task": str(result.pk), "task_path": result.task_path, **data}
    if job is not None:
        audit.record(None, action, target=job, data=payload)
    else:
        audit.record(None, action, data=payload)
