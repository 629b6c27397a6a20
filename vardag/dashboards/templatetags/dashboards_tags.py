"""Figures in the overview's templates: numbers with the language's decimal sign, shares."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from vardag.dashboards.reading import num as _num
from vardag.dashboards.stats import Share

register = template.Library()


@register.filter
def num(value: float | None, digits: int = 0) -> str:
    return _num(value, int(digits))


@register.filter
def share(value: Share | None) -> str:
    """“3 av 4 (75 %)”, or a dash when there is nothing to share out."""
    if value is None or not value.whole:
        return "–"
    return _("%(part)s av %(whole)s (%(percent)s %%)") % {
        "part": value.part,
        "whole": value.whole,
        "percent": value.percent,
    }


@register.filter
def hidden(value: Any) -> str:
    """A figure, or a dash when it is hidden or missing."""
    return "–" if value is None else str(value)


@register.filter
def mean_of(means: dict[str, float | None] | None, code: str) -> str:
    if not means:
        return "–"
    return _num(means.get(code), 2)
