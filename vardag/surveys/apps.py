from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "vardag.surveys"
    label = "surveys"
