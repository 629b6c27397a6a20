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
        limit_blas_threads()


def limit_blas_threads() -> None:
    """Hold OpenBLAS (numpy, scipy) to settings.BLAS_THREADS threads in this process."""
    import numpy  # noqa: F401  (loaded, so that threadpoolctl finds its OpenBLAS; scipy's, loaded

    # later, reads OPENBLAS_NUM_THREADS, which the settings set)
    from django.conf import settings
    from threadpoolctl import threadpool_limits

    if settings.BLAS_THREADS > 0:
        threadpool_limits(limits=settings.BLAS_THREADS, user_api="blas")
