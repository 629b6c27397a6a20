"""Absolute addresses for what is read outside the browser: e-mails, calendar files, sign-on.

Pages use relative links; anything that leaves Vardag (an e-mail, an .ics file) needs the site's
public address, `settings.SITE_URL` (VARDAG_SITE_URL or VARDAG_BASE_URL; `vardag serve` sets it
from its --host and --port when neither is given).
"""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str = "/") -> str:
    """The public address of a path in Vardag (an address that is absolute already is kept)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"
