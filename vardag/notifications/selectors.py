from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vardag.notifications.models import Notification


def notification_list(actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=actor.pk)


def unread_count(actor: Any) -> int:
    return notification_list(actor).filter(read_at__isnull=True).count()


def access_notification(actor: Any, notification_id: int) -> Notification:
    return get_object_or_404(notification_list(actor), pk=notification_id)
