from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "vardag.surveys"
    label = "surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        from vardag.core import navigation

        navigation.register(
            navigation.NavItem(
                key="surveys",
                label=_("Förutsättningar"),
                url_name="surveys:home",
                order=50,
                is_visible=lambda user: getattr(user, "is_authenticated", False),
            )
        )
