from django_tasks import task

from vardag.notifications import services


@task()
def send_notification_email(notification_id: int) -> None:
    services.notification_email(notification_id=notification_id)
