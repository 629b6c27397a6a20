from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "vardag.participation"
    label = "participation"
    verbose_name = _("Användarperspektiv")

    def ready(self) -> None:
        from vardag.core import navigation

        navigation.register(
            navigation.NavItem(
                key="participation",
                label=_("Användarperspektiv"),
                url_name="participation:home",
                order=30,
            )
        )
