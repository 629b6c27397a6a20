import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from vardag.accounts import oidc, personal_data, selectors, services
from vardag.accounts.forms import (
    LoginForm,
    LogoutEverywhereForm,
    PasswordSetForm,
    TokenCreateForm,
)
from vardag.accounts.http import AuthedRequest
from vardag.core import ratelimit
from vardag.core.links import absolute_url
from vardag.core.tables import download

LOGIN_WINDOW = timedelta(minutes=15)
RESET_WINDOW = timedelta(hours=1)


LOGIN_SCOPE = "login-address"
RESET_SCOPE, RESET_RECIPIENT_SCOPE = "reset-address", "reset-recipient"


def _wait(request: HttpRequest, message: str) -> HttpResponse:
    context = {"message": message}
    return TemplateResponse(request, "accounts/rate_limited.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Sign-in. django-axes locks a username at one address after a few failures; this also stops
    one address trying many usernames (password spraying), at a limit an office behind one
    address does not reach by typos (settings.LOGIN_FAILURES_PER_ADDRESS per 15 minutes)."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN_ENABLED:
            raise PermissionDenied(_("Inloggning med lösenord är avstängd."))
        limit = settings.LOGIN_FAILURES_PER_ADDRESS
        if ratelimit.is_limited(request, LOGIN_SCOPE, limit=limit, window=LOGIN_WINDOW):
            return _wait(
                request,
                _(
                    "För många misslyckade inloggningar från din adress. Försök igen om en "
                    "kvart, eller återställ ditt lösenord."
                ),
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        if self.request.method == "POST":
            ratelimit.record_failure(self.request, LOGIN_SCOPE, window=LOGIN_WINDOW)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails are limited per address and per recipient (settings.PASSWORD_RESETS_PER_*),
    so the form cannot be used to flood someone's inbox or the mail server. The limit applies
    whether or not the address belongs to an account, so it tells nothing about accounts."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        request, email = self.request, form.cleaned_data["email"]
        over = ratelimit.is_limited(
            request, RESET_SCOPE, limit=settings.PASSWORD_RESETS_PER_ADDRESS, window=RESET_WINDOW
        ) or ratelimit.is_limited(
            request,
            RESET_RECIPIENT_SCOPE,
            limit=settings.PASSWORD_RESETS_PER_RECIPIENT,
            window=RESET_WINDOW,
            key=email,
        )
        if over:
            return _wait(
                request,
                _("För många begäranden om nytt lösenord. Försök igen om en timme."),
            )
        ratelimit.record_failure(request, RESET_SCOPE, window=RESET_WINDOW)
        ratelimit.record_failure(request, RESET_RECIPIENT_SCOPE, window=RESET_WINDOW, key=email)
        return super().form_valid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Du är utloggad."))
    return redirect("accounts:login")


@require_POST
@login_required
def logout_everywhere(request: AuthedRequest) -> HttpResponse:
    form = LogoutEverywhereForm(request.POST)
    revoke = form.is_valid() and form.cleaned_data["revoke_tokens"]
    revoked = services.sessions_end_all(actor=request.user, revoke_tokens=revoke)
    logout(request)
    if revoke:
        messages.success(
            request,
            ngettext(
                "Du är utloggad på alla enheter och %(n)s API-nyckel är återkallad.",
                "Du är utloggad på alla enheter och %(n)s API-nycklar är återkallade.",
                revoked,
            )
            % {"n": revoked},
        )
    else:
        messages.success(request, _("Du är utloggad på alla enheter."))
    return redirect("accounts:login")


def _redirect_uri() -> str:
    return absolute_url(reverse("accounts:oidc_callback"))


def _oidc_refused(request: HttpRequest, reason: str) -> HttpResponse:
    context = {"reason": reason, "local_login_enabled": settings.LOCAL_LOGIN_ENABLED}
    return TemplateResponse(request, "accounts/oidc_error.html", context, status=403)


@never_cache
def oidc_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the identity provider (authorization code flow with PKCE)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    try:
        config = oidc.OidcConfig.from_env()
        auth = oidc.authorization(config, _redirect_uri())
    except oidc.OidcError as error:
        return _oidc_refused(request, str(error))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    request.session[oidc.SESSION_KEY] = {
        "state": auth.state,
        "nonce": auth.nonce,
        "verifier": auth.verifier,
        "next": next_url,
    }
    return redirect(auth.url)


@never_cache
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Check state, exchange the code, verify the ID token, sign the person in."""
    if not settings.OIDC_ENABLED:
        raise Http404
    pending = request.session.pop(oidc.SESSION_KEY, None)
    try:
        if request.GET.get("error"):
            raise oidc.OidcError(_("Identitetsleverantören avbröt inloggningen."))
        state = request.GET.get("state", "")
        if not pending or not secrets.compare_digest(str(pending.get("state", "")), state):
            raise oidc.OidcError(_("Inloggningen hör inte till den här webbläsaren. Försök igen."))
        config = oidc.OidcConfig.from_env()
        token = oidc.exchange(
            config,
            code=request.GET.get("code", ""),
            verifier=pending["verifier"],
            redirect_uri=_redirect_uri(),
        )
        claims = oidc.verify_id_token(config, token, nonce=pending["nonce"])
        user = services.oidc_user_for(
            services.OidcClaims(
                issuer=config.issuer,
                subject=str(claims[config.subject_claim]),
                organisation_slug=config.organisation,
                is_creating_users=config.is_creating_users,
                first_name=str(claims.get("given_name", "")),
                last_name=str(claims.get("family_name", "")),
                email=str(claims.get("email", "")),
                groups=tuple(oidc.groups_of(config, claims)),
            )
        )
    except (oidc.OidcError, services.SignInRefused) as error:
        return _oidc_refused(request, str(error))
    request.vardag_login_method = "oidc"  # type: ignore[attr-defined]
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)


NEW_TOKEN_KEY = "vardag_new_api_token"


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, secret = services.token_create(actor=request.user, **form.cleaned_data)
        if secret:
            # Shown once, after a redirect: reloading the page then asks for the page again
            # instead of sending the form again, which gave the key a new secret and broke the
            # one the person had copied (the tryout found it).
            request.session[NEW_TOKEN_KEY] = secret
        else:
            messages.info(
                request,
                _(
                    "Nyckeln skapades redan och har använts; den visades en gång. Återkalla "
                    "den och skapa en ny om du inte sparade den."
                ),
            )
        return redirect(reverse("accounts:account") + "#h-tokens")
    context = {
        "memberships": selectors.membership_list(request.user, user=request.user),
        "tokens": selectors.token_list(request.user),
        "sessions": selectors.session_list(request.user),
        "current_session": request.session.session_key,
        "form": form,
        "new_token": request.session.pop(NEW_TOKEN_KEY, None),
        "logout_form": LogoutEverywhereForm(),
    }
    return TemplateResponse(request, "accounts/account.html", context)


@require_POST
@login_required
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token(request.user, token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("API-nyckeln är återkallad."))
    return redirect("accounts:account")


@require_POST
@login_required
def session_end(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.access_session(request.user, session_id)
    is_current = session.session_key == request.session.session_key
    services.session_end(actor=request.user, session=session)
    if is_current:
        logout(request)
        return redirect("accounts:login")
    messages.success(request, _("Inloggningen är avslutad."))
    return redirect("accounts:account")


@login_required
def data_export(request: AuthedRequest) -> HttpResponse:
    """All of the person's own data in Vardag, as a ZIP of JSON and CSV files."""
    content = personal_data.export_zip(request.user)
    return download(content, personal_data.file_name(request.user, own=True), "application/zip")


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=PasswordSetForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also kept on their account, so
    notifications and e-mails to them are written in it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_language_set(actor=user, language=language)
    return response
