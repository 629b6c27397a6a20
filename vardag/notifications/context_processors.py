"""The unread count for the header: add to TEMPLATES context_processors, show in base.html."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from vardag.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    # A callable: the count is only queried on pages whose template shows it.
    return {"unread_notifications": partial(unread_count, user)}
