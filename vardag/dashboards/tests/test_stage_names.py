"""The overview counts ideas per stage under the stage's name in the interface's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from vardag.dashboards import selectors as dashboards
from vardag.ideas import services
from vardag.ideas.tests.factories import governance, make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def helsingborg(world):
    governance(world)
    return services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)


def test_the_overview_counts_ideas_per_stage_under_the_english_name(world, helsingborg):
    make_idea(world)
    with translation.override("en"):
        rows = dashboards.overview(world.head).portfolio.by_stage
        assert [(r.label, r.n) for r in rows] == [("Explore the idea", 1)]
    with translation.override("sv"):
        rows = dashboards.overview(world.head).portfolio.by_stage
        assert [(r.label, r.n) for r in rows] == [("Utforska idé", 1)]
