"""Request-wide rules: the language, and input no page or API call may carry.

Language: the person's choice (cookie), else their organisation's default, else Swedish.

The browser's Accept-Language is deliberately ignored for pages: Vardag is Swedish first, and a
municipal computer set up in English should not switch a Swedish service's language by itself.
An API client's Accept-Language is heeded (`api_language`): a program sends it on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _lazy

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    own = getattr(user, "language", "") if user is not None else ""
    if own in SUPPORTED:
        return own
    organisation = getattr(user, "organisation", None) if user is not None else None
    default = getattr(organisation, "default_language", "")
    return default if default in SUPPORTED else settings.LANGUAGE_CODE


def api_language(request: HttpRequest) -> str:
    """The language of an API answer: the Accept-Language the client sends, if it names a
    language Vardag has (a program sets it on purpose, unlike a browser showing a page), else
    the person's as for pages. The tryout asked for English with a Swedish person's token and got
    Swedish."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return preferred_language(request)


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Must come after AuthenticationMiddleware (it reads the person's organisation)."""

    def process_request(self, request: HttpRequest) -> None:
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language


NUL_MESSAGE = _lazy(
    "Begäran innehåller ett otillåtet tecken (NUL). Ta bort det och försök igen; inget har sparats."
)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in value for _key, values in request.POST.lists() for value in values)
    return False


class RejectNulMiddleware:
    """A NUL character is never valid input, and PostgreSQL refuses to store or even compare it.

    Django's form fields already refuse it; this answers every other path (query parameters read
    directly, JSON bodies of the API) with a clear 400 instead of a database error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(NUL_MESSAGE)}, status=400)
            return render(request, "400.html", {"message": NUL_MESSAGE}, status=400)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in person and every API answer: `Cache-Control: no-store`.

    Nothing a person sees after signing in (ideas, children's views, their data export) may stay
    in a shared computer's browser cache or a proxy; the back button then asks the server again,
    which checks the session. Public pages (sign-in, a participant's form, the accessibility
    statement) keep what they set. Must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
