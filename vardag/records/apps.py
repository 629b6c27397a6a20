from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_admin(user: object) -> bool:
    return bool(getattr(user, "is_org_admin", False))


class RecordsConfig(AppConfig):
    """Records management under Swedish law: retention rules and the daily retention job,
    erasure requests, and disclosure of public documents with secrecy masking."""

    name = "vardag.records"
    label = "records"
    verbose_name = _("Arkiv och gallring")

    def ready(self) -> None:
        from vardag.accounts import personal_data
        from vardag.core import navigation
        from vardag.records import erasure

        personal_data.register_words(
            "records.ErasureRequest",
            "plan_in_words",
            _("vad som raderas och vad som finns kvar"),
            erasure.in_words,
        )

        navigation.register(
            navigation.NavItem(
                key="records",
                label=_("Arkiv"),
                url_name="records:home",
                order=910,
                is_visible=_is_admin,
            )
        )
