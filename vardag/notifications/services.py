"""Writes for notifications. Other apps call notify(); e-mail goes out from a task on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from vardag.core import audit
from vardag.notifications.models import Notification


@transaction.atomic
def notify(
    *,
    actor: Any,
    recipients: Iterable[Any],
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
) -> list[Notification]:
    """Create an in-app notification per recipient and queue its e-mail after commit."""
    created = []
    for recipient in {r.pk: r for r in recipients if r is not None}.values():
        notification = Notification.objects.create(
            organisation_id=recipient.organisation_id,
            recipient=recipient,
            kind=kind,
            subject=subject[:200],
            body=body,
            url=url,
        )
        audit.record(actor, "notification.created", target=notification, data={"kind": kind})
        created.append(notification)
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    from vardag.notifications.tasks import send_notification_email

    for notification_id in ids:
        send_notification_email.enqueue(notification_id)


def notification_email(*, notification_id: int) -> None:
    """Send one notification by e-mail; idempotent (a sent one is not sent again)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return
        link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
        send_mail(
            notification.subject,
            f"{notification.body}\n\n{link}\n",
            None,
            [notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor, "notification.read", target=notification)
    return notification
