"""The demo round as a new user meets it (issue 7, "Done when")."""

from __future__ import annotations

import pyreadstat
import pytest
from django.test import Client
from django.urls import reverse

from vardag.demo.loader import load
from vardag.surveys import exports
from vardag.surveys.models import Response, Round

pytestmark = pytest.mark.django_db


def test_demo_round_gives_a_unit_manager_results_gap_and_change(tmp_path):
    world = load()
    current = Round.objects.get(title="Förutsättningar våren 2026")
    earlier = current.previous
    assert earlier is not None and earlier.status == Round.Status.CLOSED
    answered = Response.objects.filter(round=current, submitted_on__isnull=False).count()
    assert 280 <= answered <= 320
    client = Client()
    client.force_login(world.users["manager"])
    unit = world.units["sf_mottagning"]
    page = client.get(reverse("surveys:results", args=[current.pk]), follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and unit.name in html
    assert "Cronbachs alfa" in html and "Förändring sedan förra omgången" in html
    lead = Client()
    lead.force_login(world.users["innovation_lead"])
    org_page = lead.get(reverse("surveys:results", args=[current.pk])).content.decode()
    assert "Chefer och medarbetare" in org_page and "Skillnad chefer" in org_page
    assert "070-123 45 67" not in org_page  # phone numbers were redacted at answering
    path = tmp_path / "demo.sav"
    path.write_bytes(exports.to_sav(current))
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == answered
    assert meta.variable_value_labels["audience"][2.0] == "Chef"
