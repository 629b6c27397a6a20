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
