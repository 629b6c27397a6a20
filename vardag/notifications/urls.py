from django.urls import path

from vardag.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/oppna/", views.open_notification, name="open"),
    path("las-alla/", views.mark_all_read, name="mark_all_read"),
    path("installningar/", views.preferences, name="preferences"),
]
