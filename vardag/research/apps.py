from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "vardag.research"
    label = "research"
    verbose_name = _("Forskning")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.core.roles import INNOVATION_ROLES, Role

        navigation.register(
            navigation.NavItem(
                key="research",
                label=_("Forskning"),
                url_name="research:studies",
                order=60,
                is_visible=lambda user: (
                    getattr(user, "is_authenticated", False)
                    and (
                        user.has_role(Role.RESEARCHER, Role.ADMIN, *INNOVATION_ROLES)
                        or user.study_memberships.exists()
                    )
                ),
            )
        )
