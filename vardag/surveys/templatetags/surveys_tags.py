from typing import Any

from django import template
from django.utils.translation import get_language

from vardag.surveys.analysis import fmt

register = template.Library()


@register.filter
def num(value: Any, digits: int = 2) -> str:
    """A figure with the language's decimal mark; an en dash when missing or hidden."""
    text = fmt(value, int(digits))
    return text.replace(",", ".").replace("−", "-") if get_language() == "en" else text


@register.filter
def heat(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"heat-{min(5, max(1, round(float(value))))}"


@register.filter
def dim_name(spec: Any) -> str:
    return str(spec.name(get_language() or "sv"))


@register.filter
def pvalue(value: Any) -> str:
    """A p-value with three decimals; "< 0,001" rather than a misleading 0,000."""
    if value is not None and value != "" and float(value) < 0.001:
        return "< " + num(0.001, 3)
    return num(value, 3)
