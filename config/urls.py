from django.urls import include, path

from vardag.accounts.views import language_set
from vardag.api.urls import api
from vardag.shell import views as shell_views

urlpatterns = [
    path("", include("vardag.shell.urls")),
    path("konto/", include("vardag.accounts.urls")),
    path("aviseringar/", include("vardag.notifications.urls")),
    path("delaktighet/", include("vardag.participation.urls")),
    path("enkater/", include("vardag.surveys.urls")),
    path("forskning/", include("vardag.research.urls")),
    path("forum/", include("vardag.forums.urls")),
    path("ideer/", include("vardag.ideas.urls")),
    path("moten/", include("vardag.meetings.urls")),
    path("piloter/", include("vardag.pilots.urls")),
    path("administration/", include("vardag.orgadmin.urls")),
    path("arkiv/", include("vardag.records.urls")),
    path("oversikt/", include("vardag.dashboards.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", language_set, name="set_language"),
    path("healthz", shell_views.healthz, name="healthz"),
]
handler404 = "vardag.shell.views.not_found"
handler500 = "vardag.shell.views.server_error"
