from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "vardag.ideas"
    label = "ideas"
