"""Writes a person may repeat (double click, a retry after a lost answer) happen once.

A create form carries a one-time key (`OneTimeKeyField`, filled with `new_one_time_key()` when
the form is first shown); the API takes the same key as `request_key`. The service passes it to
`create_once`: the first request creates the row, a repeat with the same key gets that row back
and changes nothing (no second notification, no second audit event). A partial unique constraint
on (scope…, request_key) where the key is not empty settles two requests that race.
This is the pattern decisions (`ideas.services.decision_record`) and actions
(`meetings.services.action_item_create`) used first.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest

from vardag.core.privacy import contains_valid_personnummer

M = TypeVar("M", bound=models.Model)


def new_one_time_key() -> str:
    """A random key (32 hex digits) that never looks like an identity number."""
    while True:
        key = secrets.token_hex(16)
        if not contains_valid_personnummer(key):
            return key


class OneTimeKeyField(forms.CharField):
    """Hidden one-time key of a create form; a repeated submit carries the same key."""

    default_validators: list[Any] = []  # a key, not text: the identity-number guard skips it

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)


def give_key(form: forms.BaseForm, name: str = "request_key") -> None:
    """Put a fresh key in an unbound form (a bound one carries the key it was shown with)."""
    if not form.is_bound:
        form.initial[name] = new_one_time_key()


def posted_key(request: HttpRequest, name: str = "request_key") -> str:
    """The one-time key a POST carries ("" for none), for a view that must answer a repeat
    before checking what only the first request could do (the pilot is planned already, …)."""
    if request.method != "POST":
        return ""
    return str(request.POST.get(name, ""))[:64]


def earlier(model: type[M], request_key: str, **scope: Any) -> M | None:
    """The row an earlier request with this key created, if any."""
    if not request_key:
        return None
    return model._default_manager.filter(request_key=request_key, **scope).first()


def create_once(
    model: type[M], request_key: str, create: Callable[[], M], **scope: Any
) -> tuple[M, bool]:
    """`create()` in a savepoint, or the row an earlier request with the same key made.

    Returns (row, created). Callers do their side effects (events, notifications, audit) only
    when created is True.
    """
    found = earlier(model, request_key, **scope)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = earlier(model, request_key, **scope)
        if found is None:
            raise
        return found, False
