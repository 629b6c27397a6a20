from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "vardag.dashboards"
    label = "dashboards"
