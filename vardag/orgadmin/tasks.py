from django_tasks import task

from vardag.core.jobs import retry_when_lost
from vardag.orgadmin import services


@retry_when_lost  # import_run applies in one transaction and only while the import is APPLYING
@task()
def apply_hr_import(import_id: int) -> None:
    services.import_run(import_id=import_id)
