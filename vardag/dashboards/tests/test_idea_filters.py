"""The overview's figures count with the idea list's own filters (ideas.filters.IdeaFilterSet),
with the same data as the link each figure prints (docs/decisions/0008)."""

from __future__ import annotations

from django.urls import reverse

from vardag.dashboards.scope import overview_scope
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.tests.test_filters import scene


def test_the_overview_figures_count_with_the_same_filters_as_their_links(world, client_for):
    """The overview hands its scope to the FilterSet; the link it prints is the same data."""
    ideas = scene(world)
    scope = overview_scope(world.people["admin"], unit_id=world.units["administration"].pk)
    counted = IdeaFilterSet(scope.idea_data(), actor=world.people["admin"]).narrowed()
    assert {i.pk for i in counted} == {ideas["school"].pk, ideas["family"].pk}
    assert "under=on" in scope.ideas_query() and "submitted=on" in scope.ideas_query()
    page = client_for("admin").get(f"{reverse('ideas:list')}?{scope.ideas_query()}")
    assert sorted(i.pk for i in page.context["page"].object_list) == sorted(i.pk for i in counted)
