from django.urls import path

from vardag.shell import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("handelselogg/", views.audit_log, name="audit_log"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("jobb/<uuid:job_id>/", views.job_progress, name="job"),
    path("jobb/<uuid:job_id>/kor-igen/", views.job_rerun, name="job_rerun"),
]
