from django.urls import path

from vardag.orgadmin import views

app_name = "orgadmin"
urlpatterns = [
    path("", views.home, name="home"),
    path("installningar/", views.policy, name="policy"),
    path("enheter/", views.unit_list, name="unit_list"),
    path("enheter/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("enheter/<int:unit_id>/avveckla/", views.unit_close, name="unit_close"),
    path("enheter/<int:unit_id>/oppna/", views.unit_reopen, name="unit_reopen"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/<int:user_id>/", views.person_detail, name="person_detail"),
    path(
        "personer/<int:user_id>/uppgifter.zip",
        views.person_data_export,
        name="person_data_export",
    ),
    path("uppdrag/<int:membership_id>/", views.membership_edit, name="membership_edit"),
    path("samverkan/", views.agreement_list, name="agreement_list"),
    path("samverkan/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path(
        "samverkan/<int:agreement_id>/avsluta/",
        views.agreement_terminate,
        name="agreement_terminate",
    ),
    path("inloggning/", views.sso, name="sso"),
    path(
        "inloggning/grupper/<int:mapping_id>/ta-bort/",
        views.group_mapping_remove,
        name="group_mapping_remove",
    ),
    path("import/", views.import_list, name="import_list"),
    path("import/<int:import_id>/", views.import_detail, name="import_detail"),
    path("import/<int:import_id>/genomfor/", views.import_apply, name="import_apply"),
]
