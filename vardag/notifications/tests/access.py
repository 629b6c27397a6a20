from vardag.core.testing import Case
from vardag.notifications.models import Notification, NotificationPreference


def url_cases(world):
    note = Notification.objects.create(
        organisation=world.org, recipient=world.employee, kind="test", subject="Beslut om din idé"
    )
    NotificationPreference.objects.create(user=world.employee, kind="idea.feedback", delivery="off")
    return {
        "notifications:inbox": Case(foreign="own", marker="Beslut om din idé"),
        "notifications:open": Case(
            kwargs={"notification_id": note.pk}, method="post", is_page=False, expect=302
        ),
        "notifications:mark_all_read": Case(
            method="post", foreign="own", is_page=False, expect=302
        ),
        "notifications:preferences": Case(
            foreign="own", marker='value="off" required id="id_k1_2" checked'
        ),
    }


def api_cases(world):
    Notification.objects.create(
        organisation=world.org, recipient=world.employee, kind="test", subject="Nytt beslut i API"
    )
    base = "/api/v1/notifications"
    return {
        f"GET {base}/notifications": Case(foreign="own", marker="Nytt beslut i API"),
        f"GET {base}/unread": Case(foreign="own", marker='"unread": 1'),
    }
