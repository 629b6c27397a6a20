from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "vardag.meetings"
    label = "meetings"
