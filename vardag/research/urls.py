from django.urls import path

from vardag.research import views

app_name = "research"
urlpatterns = [
    path("", views.study_list, name="studies"),
    path("ny/", views.study_create, name="study_create"),
    path("importera/", views.project_import, name="project_import"),
    path("<int:study_id>/", views.study_detail, name="study"),
    path("<int:study_id>/redigera/", views.study_edit, name="study_edit"),
    path("<int:study_id>/team/", views.member_add, name="member_add"),
    path("<int:study_id>/team/<int:member_id>/ta-bort/", views.member_remove, name="member_remove"),
    path("<int:study_id>/nyckel/", views.pseudonym_key, name="key"),
    path("<int:study_id>/aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("aktiviteter/<int:activity_id>/", views.activity_detail, name="activity"),
    path("aktiviteter/<int:activity_id>/lappar/", views.notes_add, name="notes_add"),
    path("aktiviteter/<int:activity_id>/kluster/", views.notes_cluster, name="notes_cluster"),
    path("<int:study_id>/kallor/ny/", views.source_add, name="source_add"),
    path("<int:study_id>/kallor/granska/", views.source_review, name="source_review"),
    path("kallor/<int:source_id>/", views.source_detail, name="source"),
    path("utdrag/<int:excerpt_id>/ta-bort/", views.excerpt_delete, name="excerpt_delete"),
    path("<int:study_id>/memo/", views.memo_add, name="memo_add"),
    path("<int:study_id>/kodbok/", views.codebook, name="codebook"),
    path("<int:study_id>/kodbok/farger.css", views.code_css, name="code_css"),
    path("<int:study_id>/kodbok/start/", views.codebook_starter, name="codebook_starter"),
    path("<int:study_id>/kodbok/import/", views.codebook_import, name="codebook_import"),
    path("<int:study_id>/kodbok.qdc", views.codebook_export, name="codebook_export"),
    path("koder/<int:code_id>/", views.code_detail, name="code"),
    path("koder/<int:code_id>/redigera/", views.code_edit, name="code_edit"),
    path("koder/<int:code_id>/sla-ihop/", views.code_merge, name="code_merge"),
    path("koder/<int:code_id>/ta-bort/", views.code_delete, name="code_delete"),
    path("<int:study_id>/analys/", views.analysis, name="analysis"),
    path("<int:study_id>/overensstammelse/", views.agreement, name="agreement"),
    path("<int:study_id>/teman/nytt/", views.theme_create, name="theme_create"),
    path("teman/<int:theme_id>/", views.theme_detail, name="theme"),
    path("<int:study_id>/projekt.qdpx", views.project_export, name="project_export"),
    path("<int:study_id>/utdrag.<str:fmt>", views.excerpts_export, name="excerpts_export"),
]
