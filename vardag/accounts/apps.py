from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vardag.accounts"
    label = "accounts"
    verbose_name = _("Konton")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from vardag.accounts.middleware import forget_session, stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="vardag-stamp-session")
        user_logged_out.connect(forget_session, dispatch_uid="vardag-forget-session")
