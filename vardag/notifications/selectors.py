from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vardag.core.access import organisation_id
from vardag.core.actors import Actor
from vardag.notifications.models import Notification, NotificationPreference


def _dicts(rows: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def notification_list(actor: Actor) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=actor.pk)


def organisation_notifications(actor: Actor) -> QuerySet[Notification]:
    """The notifications of the organisation, for its admins: the event log names each by its
    kind only (`kinds.label`), never its subject, text or recipient."""
    if not getattr(actor, "is_org_admin", False):
        return Notification.objects.none()
    return Notification.objects.filter(organisation_id=organisation_id(actor)).only("pk", "kind")


def unread_count(actor: Actor) -> int:
    return notification_list(actor).filter(read_at__isnull=True).count()


def access_notification(actor: Actor, notification_id: int) -> Notification:
    return get_object_or_404(notification_list(actor), pk=notification_id)


def preference_map(actor: Actor) -> dict[str, str]:
    return dict(
        NotificationPreference.objects.filter(user_id=actor.pk).values_list("kind", "delivery")
    )


def _kinds_in_words(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kind as the preferences page names it (`kinds.label`), not its key (the tryout read
    `meeting.minutes_approved` in the personal data download)."""
    from vardag.notifications import kinds

    for row in rows:
        row["kind"] = str(kinds.label(row["kind"]))
    return rows


def personal_notifications(user: Any) -> list[dict[str, Any]]:
    return _kinds_in_words(
        _dicts(
            Notification.objects.filter(recipient_id=user.pk).values(
                "created_at",
                "kind",
                "subject",
                "body",
                "url",
                "read_at",
                "emailed_at",
                "handled_at",
                "handled_note",
            )
        )
    )


def personal_preferences(user: Any) -> list[dict[str, Any]]:
    return _kinds_in_words(
        _dicts(NotificationPreference.objects.filter(user_id=user.pk).values("kind", "delivery"))
    )
