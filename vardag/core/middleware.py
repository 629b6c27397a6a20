"""Language: the person's choice (cookie), else their organisation's default, else Swedish.

The browser's Accept-Language is deliberately ignored: Vardag is Swedish first, and a municipal
computer set up in English should not switch a Swedish service's language by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    organisation = getattr(user, "organisation", None) if user is not None else None
    default = getattr(organisation, "default_language", "")
    return default if default in SUPPORTED else settings.LANGUAGE_CODE


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Must come after AuthenticationMiddleware (it reads the person's organisation)."""

    def process_request(self, request: HttpRequest) -> None:
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
