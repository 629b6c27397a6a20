from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_admin(user: object) -> bool:
    return bool(getattr(user, "is_org_admin", False))


class OrgadminConfig(AppConfig):
    name = "vardag.orgadmin"
    label = "orgadmin"
    verbose_name = _("Organisationsadministration")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.notifications import kinds

        kinds.register("orgadmin.import_finished", _("HR-importer som är klara"))

        navigation.register(
            navigation.NavItem(
                key="orgadmin",
                label=_("Administration"),
                url_name="orgadmin:home",
                order=900,
                is_visible=_is_admin,
            )
        )
