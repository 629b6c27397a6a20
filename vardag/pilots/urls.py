from django.urls import path

from vardag.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("ny/<int:idea_id>/", views.pilot_create, name="create"),
    path("<int:pilot_id>/", views.pilot_detail, name="detail"),
    path("<int:pilot_id>/andra/", views.pilot_edit, name="edit"),
    path("<int:pilot_id>/partner/", views.partner_add, name="partner_add"),
    path("<int:pilot_id>/iteration/", views.iteration_add, name="iteration_add"),
    path("<int:pilot_id>/effektmal/", views.goal_add, name="goal_add"),
    path("<int:pilot_id>/utvardering/", views.evaluation_add, name="evaluation_add"),
    path("<int:pilot_id>/inforande/", views.plan_edit, name="plan"),
    path("<int:pilot_id>/uppfoljning/", views.follow_up, name="follow_up"),
    path("<int:pilot_id>/lardom/", views.lesson_add, name="lesson_add"),
    path("effektmal/<int:goal_id>/", views.goal_detail, name="goal"),
    path("effektmal/<int:goal_id>/matning/", views.measurement_add, name="measurement_add"),
    path("effektmal/<int:goal_id>/import/", views.measurement_import, name="measurement_import"),
    path("mottagning/<int:receiving_id>/ta-over/", views.takeover, name="takeover"),
    path("mitt-ansvar/", views.taken_on, name="taken_on"),
    path("omprovningar/", views.review_list, name="reviews"),
    path("beslut/<int:decision_id>/omprovning/", views.review_create, name="review_create"),
    path("omprovningar/<int:review_id>/", views.review_detail, name="review"),
    path("spridning/", views.spreadable_list, name="spreadable"),
    path("spridning/<int:pilot_id>/infor/", views.adoption_create, name="adopt"),
    path("spridning/inforanden/<int:adoption_id>/", views.adoption_detail, name="adoption"),
    path("lardomar/", views.lesson_list, name="lessons"),
]
