from django.urls import path

from vardag.forums import views

app_name = "forums"
urlpatterns = [
    path("", views.forum_list, name="list"),
    path("nytt/", views.forum_create, name="create"),
    path("<int:forum_id>/", views.forum_detail, name="detail"),
    path("<int:forum_id>/andra/", views.forum_edit, name="edit"),
    path("<int:forum_id>/ledamoter/", views.member_add, name="member_add"),
    path(
        "<int:forum_id>/ledamoter/<int:user_id>/ta-bort/",
        views.member_remove,
        name="member_remove",
    ),
    path("mandat/", views.mandate_list, name="mandates"),
    path("mandat/nytt/", views.mandate_create, name="mandate_create"),
    path("mandat/<int:mandate_id>/", views.mandate_detail, name="mandate"),
    path("mandat/<int:mandate_id>/andra/", views.mandate_edit, name="mandate_edit"),
]
