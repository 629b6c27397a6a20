from django.urls import path

from vardag.participation import views

app_name = "participation"
urlpatterns = [
    path("", views.home, name="home"),
    path("malgrupper/", views.group_list, name="groups"),
    path("malgrupper/ny/", views.group_create, name="group_create"),
    path("malgrupper/<int:group_id>/", views.group_detail, name="group"),
    path("malgrupper/<int:group_id>/andra/", views.group_edit, name="group_edit"),
    path("malgrupper/<int:group_id>/persona/", views.persona_create, name="persona_create"),
    path("malgrupper/<int:group_id>/resa/", views.journey_create, name="journey_create"),
    path("personor/<int:persona_id>/", views.persona_detail, name="persona"),
    path("resor/<int:journey_id>/", views.journey_detail, name="journey"),
    path("koppla/<str:kind>/<int:object_id>/", views.link_create, name="link"),
    path("insikter/", views.insight_list, name="insights"),
    path("insikter/ny/", views.insight_create, name="insight_create"),
    path("insikter/export.<str:fmt>", views.insight_export, name="insight_export"),
    path("insikter/<int:insight_id>/", views.insight_detail, name="insight"),
    path("insikter/<int:insight_id>/andra/", views.insight_edit, name="insight_edit"),
    path("aktiviteter/", views.activity_list, name="activities"),
    path("aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("aktiviteter/<int:activity_id>/", views.activity_detail, name="activity"),
    path("aktiviteter/<int:activity_id>/andra/", views.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:activity_id>/qr.svg", views.activity_qr, name="activity_qr"),
    path(
        "aktiviteter/<int:activity_id>/lank/", views.activity_invitation, name="activity_invitation"
    ),
    path(
        "aktiviteter/<int:activity_id>/aterkoppling/",
        views.activity_feedback,
        name="activity_feedback",
    ),
    path(
        "synpunkter/<int:contribution_id>/svar/",
        views.contribution_respond,
        name="contribution_respond",
    ),
    path("underlag/", views.evidence, name="evidence"),
    path("varde/", views.value_list, name="values"),
    path("varde/ny/", views.value_create, name="value_create"),
    path("varde/<int:assessment_id>/", views.value_detail, name="value"),
    path("varde/<int:assessment_id>/andra/", views.value_edit, name="value_edit"),
    path("lagrum/", views.legal_list, name="legal"),
    path("lagrum/<int:reference_id>/", views.legal_edit, name="legal_edit"),
    path("aktorskartor/", views.actor_map_list, name="actor_maps"),
    path("aktorskartor/ny/", views.actor_map_create, name="actor_map_create"),
    path("aktorskartor/<int:map_id>/", views.actor_map_detail, name="actor_map"),
    # Public pages for participants: no account, no name.
    path("delta/<str:token>/", views.take_part, name="take_part"),
    path("delta/<str:token>/tack/", views.thanks, name="thanks"),
    path("min-synpunkt/", views.my_view_lookup, name="my_view_lookup"),
    path("min-synpunkt/<str:code>/", views.my_view, name="my_view"),
]
