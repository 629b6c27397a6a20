from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "vardag.pilots"
    label = "pilots"
    verbose_name = _("Piloter och införande")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.ideas import gates
        from vardag.pilots.guards import idea_gate_problems

        navigation.register(
            navigation.NavItem(key="pilots", label=_("Piloter"), url_name="pilots:list", order=15)
        )
        gates.register("pilots", idea_gate_problems)
