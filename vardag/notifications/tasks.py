from django_tasks import task

from vardag.notifications import services


@task()
def send_notification_email(notification_id: int) -> None:
    services.notification_email(notification_id=notification_id)


@task()
def send_digest(user_id: int) -> None:
    services.digest_send(user_id=user_id)


@task()
def send_daily_digests() -> None:
    """Run once a day (see `manage.py notification_digest`): one digest task per person."""
    for user_id in services.digest_recipients():
        send_digest.enqueue(user_id)
