from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vardag.notifications"
    label = "notifications"
