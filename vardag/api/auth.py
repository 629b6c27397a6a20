"""API authentication: personal tokens (Bearer) or the browser session (with CSRF)."""

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer, django_auth

from vardag.accounts.services import token_authenticate
from vardag.core.middleware import api_language


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
            # The middleware chose the language before the token named the person: choose
            # again (the client's Accept-Language, else their own language, else their
            # organisation's), so the answer, refusals and 422 details included, is in it.
            language = api_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return user


AUTH = [TokenAuth(), django_auth]
