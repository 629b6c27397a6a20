"""API authentication: personal tokens (Bearer) or the browser session (with CSRF)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from vardag.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
