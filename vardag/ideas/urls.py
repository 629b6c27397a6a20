from django.urls import path

from vardag.ideas import views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("tavla/", views.idea_board, name="board"),
    path("ny/", views.idea_create, name="create"),
    path("liknande/", views.similar, name="similar"),
    path("vart-gar-jag/", views.guide_page, name="guide"),
    path("<int:idea_id>/", views.idea_detail, name="detail"),
    path("<int:idea_id>/andra/", views.idea_edit, name="edit"),
    path("<int:idea_id>/lamna-in/", views.idea_submit, name="submit"),
    path("<int:idea_id>/beslut/", views.idea_decide, name="decide"),
    path("<int:idea_id>/aterkoppling/", views.idea_feedback, name="feedback"),
    path("<int:idea_id>/medagare/", views.idea_organisation, name="organisation"),
    path("<int:idea_id>/yttrande/", views.idea_consultation, name="consultation"),
    path("<int:idea_id>/kommentar/", views.idea_comment, name="comment"),
    path("<int:idea_id>/stod/", views.idea_support, name="support"),
    path("<int:idea_id>/folj/", views.idea_follow, name="follow"),
    path("<int:idea_id>/fas/", views.idea_stage, name="stage"),
    path("<int:idea_id>/publicera/", views.idea_publish, name="publish"),
    path("<int:idea_id>/bilagor/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:idea_id>/bilagor/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:idea_id>/ta-tillbaka/", views.idea_withdraw, name="withdraw"),
    path("<int:idea_id>/sla-samman/", views.idea_merge, name="merge"),
    path("utmaningar/", views.challenge_list, name="challenges"),
    path("utmaningar/ny/", views.challenge_create, name="challenge_create"),
    path("utmaningar/<int:challenge_id>/", views.challenge_detail, name="challenge"),
    path("processmodeller/", views.process_models, name="process_models"),
    path("processmodeller/installera/", views.process_model_install, name="process_model_install"),
    path(
        "processmodeller/<int:model_id>/standard/",
        views.process_model_default,
        name="process_model_default",
    ),
    path(
        "processmodeller/<int:model_id>/underlag/",
        views.process_model_evidence,
        name="process_model_evidence",
    ),
    path("processmodeller/<int:model_id>/ny-fas/", views.stage_add, name="stage_add"),
    path("faser/<int:stage_id>/", views.stage_edit, name="stage_edit"),
    path("lardomar/", views.lesson_list, name="lessons"),
    path("portfolj/<slug:slug>/", views.portfolio, name="portfolio"),
]
