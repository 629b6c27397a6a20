from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "vardag.notifications"
    label = "notifications"
    verbose_name = _("Aviseringar")

    def ready(self) -> None:
        from vardag.accounts import personal_data
        from vardag.core import navigation
        from vardag.notifications import selectors

        personal_data.register("notifications", selectors.personal_notifications)
        personal_data.register("notification_preferences", selectors.personal_preferences)

        navigation.register(
            navigation.NavItem(
                key="notifications",
                label=_("Aviseringar"),
                url_name="notifications:inbox",
                order=800,
            )
        )
