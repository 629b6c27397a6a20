"""Tasks for the tests of vardag.core.jobs (a job that finishes itself)."""

from django.db import transaction
from django_tasks import task

from vardag.core import services
from vardag.core.jobs import retry_when_lost


def _finish(job_id: str) -> None:
    with transaction.atomic():
        services.job_finish(job_id=job_id, is_success=True, message="Klart i testet.")


@retry_when_lost
@task()
def finish_job(job_id: str) -> None:
    _finish(job_id)


@task()
def finish_job_once(job_id: str) -> None:
    """Not declared idempotent: a lost run is failed, not retried."""
    _finish(job_id)


@task()
def record_run(marker: str) -> None:
    """Leave one audit event per run (the two-process smoke test counts them per marker)."""
    import os
    import time

    from vardag.core import audit

    time.sleep(0.05)  # long enough for the other worker to claim the next task meanwhile
    with transaction.atomic():
        audit.record(None, "test.task_ran", data={"marker": marker, "pid": os.getpid()})
