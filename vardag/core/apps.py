from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vardag.core"
    label = "core"
    verbose_name = _("Kärna")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from vardag.core import identity

        # No personnummer in free text: forms refuse it, models refuse or redact it.
        identity.install_form_guard()
        pre_save.connect(identity.on_pre_save, dispatch_uid="vardag.core.identity")
