"""A task whose worker dies is noticed, retried or failed, and its job can be run again."""

from __future__ import annotations

import sys
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from vardag.core import jobs, services
from vardag.core.models import AuditEvent, Job
from vardag.core.supervise import Supervisor
from vardag.core.tests.tasks import finish_job, finish_job_once
from vardag.core.worker import ResilientWorker

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LONG_AGO = timedelta(seconds=jobs.LEASE_SECONDS * 2)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_BACKEND


def start_job(world, task, on_commit) -> Job:
    job = services.job_create(actor=world.employee, kind="test", title="Testjobb")
    with on_commit(execute=True), transaction.atomic():
        jobs.job_enqueue(job=job, task=task, args=[str(job.pk)])
    job.refresh_from_db()
    assert job.task_id
    return job


def die_while_running(job: Job, *worker_ids: str) -> DBTaskResult:
    """What a worker leaves behind when it is killed: the task claimed, RUNNING, no lease."""
    result = DBTaskResult.objects.get(pk=job.task_id)
    for worker_id in worker_ids:
        result.claim(worker_id)
        jobs.heartbeat(worker_id, now=timezone.now() - LONG_AGO)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - LONG_AGO)
    return result


def run_worker() -> ResilientWorker:
    worker = ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        has_heartbeat=False,
        reconnect_delay=0,
    )
    worker.run()
    return worker


# A worker that runs inside a test transaction has its connection closed by Django's
# close_old_connections (autocommit differs from the settings'): on PostgreSQL that closes the real
# connection, so the tests that run a worker commit like a real worker does (transaction=True).
@pytest.mark.django_db(transaction=True)
def test_a_lost_idempotent_task_is_queued_again_and_run(
    world, database_tasks, django_capture_on_commit_callbacks
):
    job = start_job(world, finish_job, django_capture_on_commit_callbacks)
    result = die_while_running(job, "killed-worker")

    assert jobs.sweep() == 1
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    assert job.status == Job.Status.QUEUED
    assert AuditEvent.objects.filter(action="task.requeued", target_id=str(job.pk)).exists()

    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


@pytest.mark.django_db
def test_a_task_whose_worker_is_alive_is_left_alone(
    world, database_tasks, django_capture_on_commit_callbacks
):
    job = start_job(world, finish_job, django_capture_on_commit_callbacks)
    result = die_while_running(job, "slow-worker")
    jobs.heartbeat("slow-worker")  # still renewing its lease: a long task, not a dead worker

    assert jobs.sweep() == 0
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_out_of_attempts_the_job_fails_and_its_owner_runs_it_again(
    world, client_for, database_tasks, django_capture_on_commit_callbacks
):
    job = start_job(world, finish_job, django_capture_on_commit_callbacks)
    result = die_while_running(job, *[f"worker-{n}" for n in range(jobs.MAX_ATTEMPTS)])

    jobs.sweep()
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == jobs.WORKER_LOST
    assert job.status == Job.Status.FAILED and job.interrupted_at is not None

    employee = client_for("employee")
    page = employee.get(reverse("shell:job", args=[job.pk])).content.decode()
    assert "arbetsprocessen som körde det stannade" in page
    assert reverse("shell:job_rerun", args=[job.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = employee.post(reverse("shell:job_rerun", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.task_id != str(result.pk)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    page = employee.get(reverse("shell:job", args=[job.pk])).content.decode()
    assert reverse("shell:job_rerun", args=[job.pk]) not in page


@pytest.mark.django_db
def test_a_lost_task_not_declared_idempotent_fails_at_once(
    world, client_for, database_tasks, django_capture_on_commit_callbacks
):
    job = start_job(world, finish_job_once, django_capture_on_commit_callbacks)
    die_while_running(job, "killed-worker")
    jobs.sweep()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.can_rerun


@pytest.mark.django_db
def test_only_a_job_lost_with_its_worker_can_be_run_again(
    world, client_for, database_tasks, django_capture_on_commit_callbacks
):
    job = start_job(world, finish_job_once, django_capture_on_commit_callbacks)
    result = DBTaskResult.objects.get(pk=job.task_id)
    result.claim("worker")
    result.set_failed(ValueError("a bug"))  # the task raised before finishing its job
    jobs.sweep()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.can_rerun
    response = client_for("employee").post(reverse("shell:job_rerun", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    other = client_for("manager").post(reverse("shell:job_rerun", args=[job.pk]))
    assert other.status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server")
def test_the_worker_survives_losing_its_database_connection(world, database_tasks):
    """The server ends the worker's connection, as a PostgreSQL restart does."""
    job = services.job_create(actor=world.employee, kind="test", title="Testjobb")
    with transaction.atomic():
        jobs.job_enqueue(job=job, task=finish_job, args=[str(job.pk)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    worker = run_worker()
    assert worker.reconnects >= 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_the_supervisor_starts_a_worker_that_dies_again(tmp_path):
    log = tmp_path / "starts.txt"
    script = f"open({str(log)!r}, 'a').write('start\\n'); raise SystemExit(3)"
    supervisor = Supervisor(
        [sys.executable, "-c", script], first_delay=0, max_starts=3, log=lambda _: None
    )
    supervisor.run()
    assert log.read_text().count("start") == 3
    assert supervisor.exit_codes == [3, 3, 3]


def test_stopping_the_supervisor_ends_its_child(tmp_path):
    supervisor = Supervisor(
        [sys.executable, "-c", "import time; time.sleep(600)"], log=lambda _: None
    )
    supervisor.start()
    assert supervisor.started.wait(timeout=60)
    supervisor.stop(timeout=10)
    assert supervisor.exit_codes and supervisor.exit_codes[0] != 0
