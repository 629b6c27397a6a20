from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "vardag.notifications"
    label = "notifications"
    verbose_name = _("Aviseringar")

    def ready(self) -> None:
        from vardag.core import navigation

        navigation.register(
            navigation.NavItem(
                key="notifications",
                label=_("Aviseringar"),
                url_name="notifications:inbox",
                order=800,
            )
        )
