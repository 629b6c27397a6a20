from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vardag.api"
    label = "api"
