from django.urls import path

from vardag.records import views

app_name = "records"
urlpatterns = [
    path("", views.home, name="home"),
    path("gallring/<int:rule_id>/", views.rule_edit, name="rule_edit"),
    path("logg/", views.trail, name="trail"),
    path("radering/", views.erasure_list, name="erasure_list"),
    path("radering/<int:request_id>/", views.erasure_detail, name="erasure_detail"),
    path("radering/<int:request_id>/genomfor/", views.erasure_execute, name="erasure_execute"),
    path("radering/<int:request_id>/granska/", views.erasure_rereview, name="erasure_rereview"),
    path("radering/<int:request_id>/aterkalla/", views.erasure_withdraw, name="erasure_withdraw"),
    path("utlamnande/", views.disclosure_list, name="disclosure_list"),
    path("utlamnande/<int:disclosure_id>/", views.disclosure_detail, name="disclosure_detail"),
    path("utlamnande/<int:disclosure_id>/pdf/", views.disclosure_pdf, name="disclosure_pdf"),
]
