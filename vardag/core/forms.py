"""Helpers for views that hand a form or a button press to a service.

A view validates its input, then asks a service to write. The service has the last word (it
checks mandates, states and versions inside its transaction) and says no with a Django
`ValidationError`. These helpers turn that refusal into what the person sees, instead of a 500:

- `save_or_errors`: a page with a form shows the refusal in the form's error summary
  (`includes/form_fields.html`), with everything typed kept.
- `act_or_message`: a POST-only button shows the refusal as an error message after the redirect.

Both run the write in a transaction (a savepoint inside the request's), so a refusal halfway
leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest

T = TypeVar("T")


def save_or_errors(form: BaseForm, write: Callable[[], T], *, field: str | None = None) -> T | None:
    """Run `write()`; on ValidationError add it to `form` and return None.

    A ValidationError built from a dict lands on the named fields (or on the form as a whole
    when it has no such field); any other on `field` if given (an uploaded file that cannot be
    read: on the file field), else on the form as a whole.
    """
    try:
        with transaction.atomic():
            return write()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            form.add_error(field, exc)
            return None
        for name, errors in exc.error_dict.items():
            # A service speaks of its own arguments; one the form has no field for is shown
            # for the form as a whole rather than raising.
            form.add_error(name if name in form.fields else None, errors)
        return None


def act_or_message(
    request: HttpRequest, write: Callable[[], T], success: str | Callable[[T], str]
) -> T | None:
    """Run `write()` for a button; tell the person how it went with a message.

    `success` is the message, or a function of the result that gives it. On ValidationError the
    refusal becomes an error message and the result is None.
    """
    try:
        with transaction.atomic():
            result = write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
