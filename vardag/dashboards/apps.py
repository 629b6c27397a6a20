from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "vardag.dashboards"
    label = "dashboards"
    verbose_name = _("Översikt")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.dashboards.scope import can_view_overview

        navigation.register(
            navigation.NavItem(
                key="overview",
                label=_("Översikt"),
                url_name="dashboards:overview",
                order=5,
                is_visible=can_view_overview,
            )
        )
