from django.apps import AppConfig


class OrgadminConfig(AppConfig):
    name = "vardag.orgadmin"
    label = "orgadmin"
