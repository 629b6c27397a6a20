from django.urls import path

from vardag.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.home, name="home"),
    path("enkat/ny/", views.questionnaire_create, name="questionnaire_create"),
    path("enkat/forutsattningar/", views.instrument_install, name="instrument_install"),
    path("enkat/<int:questionnaire_id>/", views.questionnaire, name="questionnaire"),
    path("enkat/<int:questionnaire_id>/avsnitt/", views.section_add, name="section_add"),
    path("enkat/<int:questionnaire_id>/fraga/", views.item_add, name="item_add"),
    path("enkat/<int:questionnaire_id>/omgang/", views.round_create, name="round_create"),
    path("omgang/<int:round_id>/", views.round_detail, name="round"),
    path("omgang/<int:round_id>/starta/", views.round_open, name="round_open"),
    path("omgang/<int:round_id>/paminn/", views.round_remind, name="round_remind"),
    path("omgang/<int:round_id>/avsluta/", views.round_close, name="round_close"),
    path("omgang/<int:round_id>/lankar/", views.round_links, name="round_links"),
    path("omgang/<int:round_id>/import/", views.round_import, name="round_import"),
    path(
        "omgang/<int:round_id>/import/<int:import_id>/",
        views.round_import_map,
        name="round_import_map",
    ),
    path(
        "omgang/<int:round_id>/import/<int:import_id>/genomfor/",
        views.round_import_apply,
        name="round_import_apply",
    ),
    path("omgang/<int:round_id>/resultat/", views.results, name="results"),
    path(
        "omgang/<int:round_id>/resultat/enhet/<int:unit_id>/",
        views.results_unit,
        name="results_unit",
    ),
    path(
        "omgang/<int:round_id>/resultat/dimension/<slug:code>/",
        views.result_dimension,
        name="result_dimension",
    ),
    path("omgang/<int:round_id>/export/<str:fmt>/", views.export, name="export"),
    path("svara/<str:token>/", views.answer, name="answer"),
    path("oppen/<str:open_token>/", views.answer_open, name="answer_open"),
    path("tack/", views.answer_done, name="answer_done"),
]
