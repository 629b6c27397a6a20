from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "vardag.forums"
    label = "forums"
