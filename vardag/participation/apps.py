from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "vardag.participation"
    label = "participation"
