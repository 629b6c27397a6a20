import pytest
from django.urls import reverse

from vardag.core.testing import assert_constant_queries
from vardag.ideas.tests.factories import make_idea

pytestmark = pytest.mark.django_db


def test_home_shows_my_ideas_with_state_and_not_others(world, client_for):
    make_idea(world, title="Digital väntrumsinformation")
    body = client_for("employee").get(reverse("shell:home")).content.decode()
    assert "Digital väntrumsinformation" in body
    assert "Vart går jag med min idé?" in body
    other = client_for("foreign").get(reverse("shell:home")).content.decode()
    assert "Digital väntrumsinformation" not in other


def test_home_query_count_is_constant(world, client_for):
    client = client_for("employee")

    def grow(n: int) -> None:
        from vardag.ideas.models import Idea

        while Idea.objects.filter(initiator=world.employee).count() < n:
            make_idea(world, title=f"Idé {Idea.objects.count()}", submit=False)

    assert_constant_queries(lambda: client.get(reverse("shell:home")), grow, large=12)
