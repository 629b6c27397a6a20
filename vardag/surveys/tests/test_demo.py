"""The demo round as a new user meets it (issue 7, "Done when")."""

from __future__ import annotations

import io

import pyreadstat
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from vardag.accounts.models import User
from vardag.core.models import Unit
from vardag.surveys import exports
from vardag.surveys.models import Response, Round

pytestmark = pytest.mark.django_db


def test_demo_round_gives_a_unit_manager_results_gap_and_change(tmp_path):
    call_command("demo", stdout=io.StringIO())  # what `vardag demo` runs
    current = Round.objects.get(title="Förutsättningar våren 2026")
    earlier = current.previous
    assert earlier is not None and earlier.status == Round.Status.CLOSED
    answered = Response.objects.filter(round=current, submitted_on__isnull=False).count()
    assert 280 <= answered <= 320
    client = Client()
    client.force_login(User.objects.get(username="enhetschef"))
    unit = Unit.objects.get(code="SF_MOTTAGNING")
    page = client.get(reverse("surveys:results", args=[current.pk]), follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and unit.name in html
    assert "Cronbachs alfa" in html and "Förändring sedan förra omgången" in html
    lead = Client()
    lead.force_login(User.objects.get(username="innovationsledare"))
    org_page = lead.get(reverse("surveys:results", args=[current.pk])).content.decode()
    assert "Chefer och medarbetare" in org_page and "Skillnad chefer" in org_page
    assert "070-123 45 67" not in org_page  # phone numbers were redacted at answering
    path = tmp_path / "demo.sav"
    path.write_bytes(exports.to_sav(current))
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == answered
    assert meta.variable_value_labels["audience"][2.0] == "Chef"
