from typing import Any

from django.conf import settings
from django.http import HttpRequest

from vardag.core import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_signed_in = bool(user and user.is_authenticated)
    return {
        "nav_links": navigation.links_for(user, request.path) if is_signed_in else [],
        "local_login_enabled": settings.LOCAL_LOGIN_ENABLED,
        "oidc_enabled": settings.OIDC_ENABLED,
    }
