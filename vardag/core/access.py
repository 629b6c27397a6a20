"""Small access helpers shared by every app's selectors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def organisation_id(actor: Any) -> int:
    """The actor's organisation id; people without one (system accounts) see nothing."""
    org_id = getattr(actor, "organisation_id", None)
    if org_id is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    return int(org_id)


def require(condition: bool) -> None:
    """Refuse (403) when the actor's role does not allow an action on something it may see."""
    if not condition:
        raise PermissionDenied
