"""The audit log's filters are defined once (shell/filters.py): each is a field of the page's
form, and a wrong value is a message by its field, never a 500 (docs/decisions/0008)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from vardag.accounts.testing import form_names
from vardag.core import audit
from vardag.core.models import AuditEvent
from vardag.shell.filters import AuditFilterSet

pytestmark = pytest.mark.django_db


def test_every_filter_is_on_the_page(world, client_for):
    html = client_for("admin").get(reverse("shell:audit_log")).content.decode()
    assert set(AuditFilterSet.base_filters) <= form_names(html)


def test_filters_narrow_the_log_as_a_direct_query_does(world, client_for):
    with transaction.atomic():
        audit.record(world.manager, "idea.registered", target=world.units["unit"])
        audit.record(world.employee, "idea.submitted", target=world.units["school"])
    client = client_for("admin")
    own = AuditEvent.objects.filter(organisation=world.org)
    cases = [
        ({"action": "idea.submitted"}, own.filter(action__startswith="idea.submitted")),
        ({"person": "manager"}, own.filter(actor__username__iexact="manager")),
        (
            {"target": f"core.unit:{world.units['school'].pk}"},
            own.filter(target_type="core.unit", target_id=str(world.units["school"].pk)),
        ),
    ]
    for values, expected in cases:
        page = client.get(reverse("shell:audit_log"), values)
        shown = {e.pk for e in page.context["page"].object_list}
        assert shown == set(expected.values_list("pk", flat=True)), values
        assert shown, values


def test_a_wrong_value_is_a_message_by_its_field(world, client_for):
    page = client_for("admin").get(reverse("shell:audit_log"), {"since": "igår", "action": "x"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="id_since_error"' in html and 'id="id_action_error"' in html
