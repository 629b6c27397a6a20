from django.db import transaction
from django.utils import timezone

from vardag.core import audit
from vardag.core.models import Job
from vardag.core.testing import Case


def url_cases(world):
    with transaction.atomic():
        audit.record(world.admin, "marker.seen", target=world.units["unit"], data={})
    job = Job.objects.create(
        organisation=world.org, owner=world.employee, kind="test", title="Import av personal"
    )
    lost = Job.objects.create(
        organisation=world.org,
        owner=world.employee,
        kind="test",
        title="Avbrutet jobb",
        status=Job.Status.FAILED,
        interrupted_at=timezone.now(),
        task_path="vardag.core.tests.tasks.finish_job",
    )
    lost.task_args = [str(lost.pk)]
    lost.save()
    return {
        "shell:job_rerun": Case(
            kwargs={"job_id": lost.pk}, method="post", is_page=False, expect=302
        ),
        "shell:home": Case(foreign="own", marker="Mottagningsenheten"),
        "shell:audit_log": Case(persona="admin", foreign="own", marker="marker seen"),
        "shell:job": Case(kwargs={"job_id": job.pk}, marker="Import av personal"),
        "shell:accessibility": Case(public=True),
        "shell:security_txt": Case(public=True, is_page=False),
    }


def api_cases(world):
    return {
        "GET /api/v1/me": Case(foreign="own", marker="Ekbacka"),
        "GET /api/v1/units": Case(foreign="own", marker="Mottagningsenheten"),
    }
