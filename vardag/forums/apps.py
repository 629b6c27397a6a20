from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "vardag.forums"
    label = "forums"
    verbose_name = _("Mötesforum")

    def ready(self) -> None:
        from vardag.core import navigation

        navigation.register(
            navigation.NavItem(
                key="forums", label=_("Forum och mandat"), url_name="forums:list", order=70
            )
        )
