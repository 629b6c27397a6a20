from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vardag.accounts import selectors, services
from vardag.accounts.forms import LoginForm, TokenCreateForm
from vardag.accounts.http import AuthedRequest


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Du är utloggad."))
    return redirect("accounts:login")


@require_POST
@login_required
def logout_everywhere(request: AuthedRequest) -> HttpResponse:
    services.sessions_end_all(actor=request.user)
    logout(request)
    messages.success(request, _("Du är utloggad på alla enheter."))
    return redirect("accounts:login")


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.token_create(
            actor=request.user, name=form.cleaned_data["name"]
        )
        form = TokenCreateForm()
    context = {
        "memberships": selectors.membership_list(request.user, user=request.user),
        "tokens": selectors.token_list(request.user),
        "form": form,
        "new_token": new_token,
    }
    return TemplateResponse(request, "accounts/account.html", context)


@require_POST
@login_required
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token(request.user, token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("API-nyckeln är återkallad."))
    return redirect("accounts:account")


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
