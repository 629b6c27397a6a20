from django_tasks import task

from vardag.orgadmin import services


@task()
def apply_hr_import(import_id: int) -> None:
    services.import_run(import_id=import_id)
