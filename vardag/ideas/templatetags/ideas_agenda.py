"""The idea list's "Nästa behandling": a row's own date and its next planned agenda meeting."""

from __future__ import annotations

from django import template

from vardag.ideas import agenda
from vardag.ideas.models import Idea

register = template.Library()


@register.filter
def next_handling(idea: Idea) -> agenda.NextHandling:
    """From a row that `selectors.with_row_figures(…, actor=…)` annotated."""
    return agenda.next_handling(idea)
