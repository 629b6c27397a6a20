from django.urls import path

from vardag.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("min-vecka/", views.week, name="week"),
    path("forum/<int:forum_id>/", views.forum, name="forum"),
    path("forum/<int:forum_id>/ny-serie/", views.series_create, name="series_create"),
    path("forum/<int:forum_id>/kalender/", views.feed_subscribe, name="feed_subscribe"),
    path("serie/<int:series_id>/", views.series, name="series"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("atgard/ny/", views.action_give, name="action_give"),
    path("atgard/<int:action_id>/klar/", views.action_done, name="action_done"),
    path("<int:meeting_id>/", views.meeting, name="meeting"),
    path("<int:meeting_id>/kallelse.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:meeting_id>/dagordning.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:meeting_id>/hamta-arenden/", views.agenda_fill, name="agenda_fill"),
    path("<int:meeting_id>/skicka/", views.agenda_send, name="agenda_send"),
    path("<int:meeting_id>/stall-in/", views.meeting_cancel, name="cancel"),
    path("<int:meeting_id>/flytta/", views.meeting_move, name="move"),
    path("<int:meeting_id>/punkt/ny/", views.item_add, name="item_add"),
    path("<int:meeting_id>/punkt/<int:item_id>/", views.item_edit, name="item_edit"),
    path("<int:meeting_id>/punkt/<int:item_id>/ta-bort/", views.item_remove, name="item_remove"),
    path("<int:meeting_id>/genomfor/", views.run, name="run"),
    path("<int:meeting_id>/punkt/<int:item_id>/anteckningar/", views.notes_save, name="notes_save"),
    path("<int:meeting_id>/punkt/<int:item_id>/beslut/", views.item_decide, name="item_decide"),
    path("<int:meeting_id>/punkt/<int:item_id>/yttrande/", views.item_consult, name="item_consult"),
    path(
        "<int:meeting_id>/punkt/<int:item_id>/aterkoppling/",
        views.feedback_draft,
        name="feedback_draft",
    ),
    path("<int:meeting_id>/punkt/<int:item_id>/atgard/", views.action_add, name="action_add"),
    path("<int:meeting_id>/avsluta/", views.meeting_close, name="close"),
    path("<int:meeting_id>/protokoll/", views.minutes, name="minutes"),
    path("<int:meeting_id>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/justera/", views.minutes_approve, name="approve"),
    path("<int:meeting_id>/byt-justerare/", views.adjuster_change, name="adjuster_change"),
]
