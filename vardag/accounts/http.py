"""A typed request for views behind login_required."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from vardag.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
