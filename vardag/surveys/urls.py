from django.urls import path

from vardag.surveys import builder_views as bv
from vardag.surveys import views

Q = "enkat/<int:questionnaire_id>"
app_name = "surveys"
urlpatterns = [
    path("", bv.home, name="home"),
    path("enkat/ny/", bv.questionnaire_create, name="questionnaire_create"),
    path("enkat/forutsattningar/", bv.instrument_install, name="instrument_install"),
    path(f"{Q}/", bv.questionnaire, name="questionnaire"),
    path(f"{Q}/forhandsvisning/", bv.preview, name="preview"),
    path(f"{Q}/avsnitt/", bv.section_add, name="section_add"),
    path(f"{Q}/avsnitt/<int:section_id>/", bv.section_edit, name="section_edit"),
    path(f"{Q}/avsnitt/<int:section_id>/ta-bort/", bv.section_delete, name="section_delete"),
    path(f"{Q}/avsnitt/<int:section_id>/flytta/", bv.section_move, name="section_move"),
    path(f"{Q}/fraga/", bv.item_add, name="item_add"),
    path(f"{Q}/fraga/<int:item_id>/", bv.item_edit, name="item_edit"),
    path(f"{Q}/fraga/<int:item_id>/ta-bort/", bv.item_delete, name="item_delete"),
    path(f"{Q}/fraga/<int:item_id>/flytta/", bv.item_move, name="item_move"),
    path(f"{Q}/dimensioner/", bv.dimensions, name="dimensions"),
    path(f"{Q}/dimensioner/ny/", bv.dimension_add, name="dimension_add"),
    path(f"{Q}/dimensioner/<int:dimension_id>/", bv.dimension_edit, name="dimension_edit"),
    path(
        f"{Q}/dimensioner/<int:dimension_id>/ta-bort/",
        bv.dimension_delete,
        name="dimension_delete",
    ),
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
