from django.urls import path

from vardag.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("jamfor/", views.compare, name="compare"),
    path("rapport.<str:fmt>", views.committee_report, name="report"),
]
