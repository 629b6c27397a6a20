"""Form helpers shared by every app's views.

A view validates the form, then asks a service to write. The service has the last word (it
checks mandates, states and versions inside its transaction) and says no with a Django
`ValidationError`. `save_or_errors` puts that refusal on the form, where the error summary of
`includes/form_fields.html` shows it, instead of letting it become a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm

T = TypeVar("T")


def save_or_errors(form: BaseForm, write: Callable[[], T]) -> T | None:
    """Run `write()`; on ValidationError add it to `form` and return None.

    A ValidationError built from a dict lands on the named fields; any other on the form as a
    whole. The service runs in its own transaction, so a refusal has written nothing.
    """
    try:
        return write()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
