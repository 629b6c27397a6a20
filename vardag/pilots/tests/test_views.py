"""Offered means allowed, who sees what, the lessons filter, figures and query budgets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from vardag.accounts.testing import make_person
from vardag.core.models import CollaborationAgreement
from vardag.core.roles import Role
from vardag.core.testing import assert_constant_queries
from vardag.pilots import selectors, services
from vardag.pilots.models import Measurement
from vardag.pilots.tests.factories import (
    add_goal,
    idea_with_money,
    implemented_pilot,
    plan_pilot,
    record_lesson,
)

pytestmark = pytest.mark.django_db


def test_only_those_who_work_on_the_pilot_are_offered_its_forms(world, client_for):
    pw = idea_with_money(world)
    pilot = plan_pilot(world, pw)
    url = reverse("pilots:detail", args=[pilot.pk])
    edit = reverse("pilots:edit", args=[pilot.pk])
    assert edit in client_for("employee").get(url).content.decode()
    page = client_for("researcher").get(url).content.decode()
    assert pilot.hypothesis in page and edit not in page
    assert client_for("researcher").post(edit, {}).status_code == 403
    goal = add_goal(world, pilot)
    response = client_for("researcher").post(
        reverse("pilots:measurement_add", args=[goal.pk]),
        {"measured_on": str(pw.today), "value": "3"},
    )
    assert response.status_code == 403 and not Measurement.objects.exists()


def test_an_implemented_innovation_spreads_only_under_an_agreement(world, client_for):
    pw = idea_with_money(world)
    pilot = implemented_pilot(world, pw)
    olle = make_person("olle", world.units["other_unit"], Role.UNIT_MANAGER)
    norrvik = Client()
    norrvik.force_login(olle)
    adopt = reverse("pilots:adopt", args=[pilot.pk])
    assert norrvik.get(adopt).status_code == 404  # no agreement: nothing to see
    assert pw.idea.title not in norrvik.get(reverse("pilots:spreadable")).content.decode()
    agreement = CollaborationAgreement.objects.create(title="S", valid_from=date(2024, 1, 1))
    agreement.parties.set([world.org, world.other_org])
    assert norrvik.get(adopt).status_code == 200
    # The partner never sees the pilot's own page (only the material offered for spreading).
    assert norrvik.get(reverse("pilots:detail", args=[pilot.pk])).status_code == 404
    adoption = services.adoption_create(
        actor=olle,
        origin=pilot,
        unit=world.units["other_unit"],
        line_owner=olle,
        started_on=pw.today,
        adaptation="Egen variant.",
    )
    # Both organisations see the adoption; an employee cannot add its results.
    assert norrvik.get(reverse("pilots:adoption", args=[adoption.pk])).status_code == 200
    assert (
        client_for("employee").get(reverse("pilots:adoption", args=[adoption.pk])).status_code
        == 200
    )
    assert not selectors.can_report_adoption(world.employee, adoption)
    assert selectors.pilot_figures(world.org.pk).adoptions_of_ours == 1
    assert selectors.pilot_figures(world.other_org.pk).adoptions_by_us == 1


def test_lessons_are_recorded_and_filtered_by_category(world, client_for):
    pw = idea_with_money(world)
    pilot = implemented_pilot(world, pw)
    client = client_for("employee")
    record_lesson(client, pilot)
    lessons = reverse("pilots:lessons")
    assert "Låt föräldrarna" in client.get(lessons + "?category=helped:leadership").content.decode()
    assert (
        "Låt föräldrarna" in client.get(lessons + "?category=hindered:technology").content.decode()
    )
    assert (
        "Låt föräldrarna"
        not in client.get(lessons + "?category=hindered:leadership").content.decode()
    )
    assert (
        "Låt föräldrarna"
        not in client.get(lessons + "?category=effect:efficiency").content.decode()
    )
    figures = selectors.pilot_figures(world.org.pk)
    assert figures.helped["leadership"] == 1 and figures.hindered["technology"] == 1
    assert figures.lessons_by_outcome == {"implemented": 1}
    # One record per idea: not offered again.
    assert not selectors.can_record_lesson(world.employee, pilot.idea)


def test_goal_page_and_lists_keep_their_query_count(world, client_for):
    pw = idea_with_money(world)
    pilot = plan_pilot(world, pw)
    goal = add_goal(world, pilot)
    client = client_for("employee")

    def grow(n: int) -> None:
        have = goal.measurements.count()
        for i in range(have, n):
            Measurement.objects.create(
                goal=goal, measured_on=goal.starts_on + timedelta(days=i), value=Decimal(i)
            )

    assert_constant_queries(lambda: client.get(reverse("pilots:goal", args=[goal.pk])), grow)
    assert_constant_queries(lambda: client.get(reverse("pilots:detail", args=[pilot.pk])), grow)
