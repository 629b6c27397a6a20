from django.urls import path

from vardag.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.logout_view, name="logout"),
    path("logga-ut-overallt/", views.logout_everywhere, name="logout_everywhere"),
    path("mitt-konto/", views.account, name="account"),
    path("mitt-konto/nycklar/<int:token_id>/aterkalla/", views.token_revoke, name="token_revoke"),
    path(
        "mitt-konto/inloggningar/<int:session_id>/avsluta/", views.session_end, name="session_end"
    ),
    path("mitt-konto/mina-uppgifter.zip", views.data_export, name="data_export"),
    path("sso/", views.oidc_start, name="oidc_start"),
    path("sso/svar/", views.oidc_callback, name="oidc_callback"),
    path("losenord/", views.password_reset, name="password_reset"),
    path("losenord/skickat/", views.password_reset_done, name="password_reset_done"),
    path(
        "losenord/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("losenord/klart/", views.password_reset_complete, name="password_reset_complete"),
]
