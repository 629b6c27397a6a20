"""Template filters of the organisation admin area for pages of higher apps (records)."""

from __future__ import annotations

from typing import Any

from django import template

from vardag.orgadmin import selectors

register = template.Library()


@register.filter
def can_export_data_of(actor: Any, person: Any) -> bool:
    """`request.user|can_export_data_of:person`: the rule the download itself refuses by."""
    if person is None:
        return False
    return selectors.can_export_person_data(actor, person)
