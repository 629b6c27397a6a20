from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "vardag.research"
    label = "research"
