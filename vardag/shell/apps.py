from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The UI shell: start page, audit log page, job progress, accessibility statement."""

    name = "vardag.shell"
    label = "shell"
    verbose_name = _("Skal")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.notifications import kinds

        kinds.register("accessibility.feedback", _("Synpunkter på tillgängligheten"))

        navigation.register(
            navigation.NavItem(key="home", label=_("Start"), url_name="shell:home", order=0)
        )
        navigation.register(
            navigation.NavItem(
                key="audit",
                label=_("Händelselogg"),
                url_name="shell:audit_log",
                order=900,
                is_visible=lambda user: getattr(user, "is_org_admin", False),
            )
        )
