from vardag.core.testing import Case
from vardag.notifications.models import Notification


def url_cases(world):
    note = Notification.objects.create(
        organisation=world.org, recipient=world.employee, kind="test", subject="Beslut om din idé"
    )
    return {
        "notifications:inbox": Case(foreign="own", marker="Beslut om din idé"),
        "notifications:open": Case(
            kwargs={"notification_id": note.pk}, method="post", is_page=False, expect=302
        ),
    }
