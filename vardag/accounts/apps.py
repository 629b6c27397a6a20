from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vardag.accounts"
    label = "accounts"
    verbose_name = _("Konton")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from vardag.accounts.middleware import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="vardag-stamp-session")
