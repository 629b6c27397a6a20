from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "vardag.notifications"
    label = "notifications"
    verbose_name = _("Aviseringar")

    def ready(self) -> None:
        from vardag.accounts import personal_data
        from vardag.notifications import selectors
        from vardag.notifications.models import Notification, NotificationPreference

        personal_data.register(
            "notifications", selectors.personal_notifications, model=Notification
        )
        personal_data.register(
            "notification_preferences", selectors.personal_preferences, model=NotificationPreference
        )
        # No navigation item: the header links to the inbox with the unread count (base.html).
