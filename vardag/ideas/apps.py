from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "vardag.ideas"
    label = "ideas"
    verbose_name = _("Idéer")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.notifications import kinds

        kinds.register("idea.unroutable", _("Idéer som ingen har mandat att registrera"))

        navigation.register(
            navigation.NavItem(key="ideas", label=_("Idéer"), url_name="ideas:list", order=10)
        )
