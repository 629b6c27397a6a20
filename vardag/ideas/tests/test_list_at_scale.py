"""The idea list, board, API list and start page at municipal size: ideas are counted and sliced
in the database, and the per-row figures (support counts, unit, forum, …) are computed for the
rows shown only. The number of queries does not grow with the number of ideas."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vardag.core.testing import assert_constant_queries
from vardag.ideas.models import Follow, Idea, IdeaState, Support

pytestmark = pytest.mark.django_db

PAGES = [
    ("employee", "/ideer/"),
    ("employee", "/ideer/?state=submitted"),
    ("employee", "/ideer/?mine=1"),
    ("employee", "/ideer/tavla/"),
    ("employee", "/"),
    ("employee", "/api/v1/ideas/ideas?limit=25"),
]


def _grow(world):
    def grow(n: int) -> None:
        have = Idea.objects.filter(organisation=world.org).count()
        made = Idea.objects.bulk_create(
            Idea(
                organisation=world.org,
                title=f"Idé {i} om skolan",
                initiator=world.employee,
                unit=world.units["unit"],
                state=IdeaState.SUBMITTED if i % 3 else IdeaState.EXPLORING,
                search_text=" ide skol",
            )
            for i in range(have, n)
        )
        Support.objects.bulk_create(Support(idea=idea, user=world.manager) for idea in made)
        Follow.objects.bulk_create(Follow(idea=idea, user=world.employee) for idea in made)

    return grow


@pytest.mark.parametrize("persona,url", PAGES)
def test_idea_pages_need_the_same_queries_for_few_and_many_ideas(world, client_for, persona, url):
    client = client_for(persona)

    def fetch() -> None:
        assert client.get(url).status_code == 200

    assert_constant_queries(fetch, _grow(world), small=5, large=80)


ID_LIST = re.compile(r'"ideas_idea"\."id" IN \(((?:\d+(?:, )?)+)\)')


@pytest.mark.parametrize("url", ["/ideer/", "/ideer/tavla/", "/"])
def test_support_counts_are_computed_for_the_shown_rows_only(world, client_for, url):
    _grow(world)(60)
    client = client_for("employee")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    counting = [q["sql"] for q in ctx.captured_queries if "ideas_support" in q["sql"]]
    assert counting, "the page shows support counts"
    for sql in counting:
        # the query that counts supports names the shown ideas, never "all visible ideas"
        match = ID_LIST.search(sql)
        assert match, sql
        # every narrowing of the ideas is to listed ids, never to a subquery (the list's
        # annotation of the next agenda meeting has subqueries of its own, on agenda items)
        for narrowing in sql.split('"ideas_idea"."id" IN (')[1:]:
            assert not narrowing.lstrip().upper().startswith("SELECT"), sql


def test_the_list_shows_a_page_with_support_counts_and_the_total(world, client_for):
    _grow(world)(60)
    page = client_for("employee").get(reverse("ideas:list")).content.decode()
    assert "60 idéer" in page
    assert page.count('href="/ideer/') >= 25
    assert "<td>1</td>" in page  # every grown idea has one supporter


def test_the_board_leaves_out_drafts_and_archived_ideas(world, client_for):
    _grow(world)(6)
    Idea.objects.filter(title="Idé 0 om skolan").update(state=IdeaState.ARCHIVED)
    page = client_for("employee").get(reverse("ideas:board")).content.decode()
    assert "Idé 1 om skolan" in page and "Idé 0 om skolan" not in page
