from typing import Any

from django import template
from django.utils.http import urlencode

from vardag.core import audit_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination, filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted(params.lists()), doseq=True)


@register.filter
def action_label(action: str) -> str:
    """An audit event's action key in words (`core.audit_labels`)."""
    return audit_labels.action_label(action)
