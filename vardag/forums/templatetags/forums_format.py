"""Formatting of amounts in Swedish style: 300 000 (thin spaces between thousands)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    """12345 -> '12 345' (with a no-break space), whatever the language."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return f"{number:,}".replace(",", "\u00a0")
