from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vardag.demo"
    label = "demo"
