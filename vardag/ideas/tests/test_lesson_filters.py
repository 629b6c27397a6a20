"""The ideas' lessons page (/ideer/lardomar/) has filters like the pilots' lessons library,
defined once in a FilterSet (`ideas.filters.IdeaLessonFilterSet`, docs/decisions/0008; tryout
finding). The lessons have no API list in ideas, so the FilterSet is the page's alone."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from vardag.accounts.testing import form_names, ids_on_page
from vardag.ideas.filters import IdeaLessonFilterSet
from vardag.ideas.lessons import lesson_add
from vardag.ideas.models import Idea, Lesson
from vardag.ideas.tests.factories import make_idea

pytestmark = pytest.mark.django_db
URL = reverse("ideas:lessons")


def _lessons(world):
    in_unit = make_idea(world, title="Sms-påminnelse")  # the employee's unit (Mottagningsenheten)
    in_school = make_idea(world, title="Läxhjälp")
    Idea.objects.filter(pk=in_school.pk).update(unit=world.units["school"])  # set-up only
    return {
        "sms": lesson_add(actor=world.employee, idea=in_unit, text="Fråga föräldrarna först."),
        "room": lesson_add(
            actor=world.employee, idea=in_unit, text="Boka lokalen i god tid.", is_published=True
        ),
        "school": lesson_add(
            actor=world.employee, idea=in_school, text="Lärarna ville ha LOKALEN tidigt."
        ),
    }


def test_every_filter_is_on_the_page(world, client_for):
    html = client_for("employee").get(URL).content.decode()
    assert set(IdeaLessonFilterSet.base_filters) == {"q", "unit", "published"}
    assert set(IdeaLessonFilterSet.base_filters) <= form_names(html)
    assert 'aria-label="Filtrera lärdomar"' in html


def test_filters_give_the_rows_a_direct_query_gives(world, client_for):
    made = _lessons(world)
    administration = world.units["administration"]  # above Mottagningsenheten, not the school
    own = Lesson.objects.filter(organisation=world.org)
    cases = [
        ({}, own),
        ({"q": "lokalen"}, own.filter(text__icontains="lokalen")),
        ({"published": "on"}, own.filter(is_published=True)),
        ({"unit": administration.pk}, own.filter(idea__unit=world.units["unit"])),
        ({"unit": world.units["school"].pk, "q": "lokalen"}, own.filter(pk=made["school"].pk)),
        ({"unit": world.units["unit"].pk, "published": "on"}, own.filter(pk=made["room"].pk)),
    ]
    client = client_for("employee")
    for values, expected in cases:
        page = client.get(URL, values)
        ids = set(expected.values_list("pk", flat=True))
        assert set(ids_on_page(page)) == ids, values
        assert page.context["page"].paginator.count == len(ids), values
    assert len(ids_on_page(client.get(URL, {"q": "lokalen"}))) == 2


def test_a_wrong_value_is_a_message_by_its_field(world, client_for):
    other = world.units["other_unit"]  # another municipality's unit is not a choice
    page = client_for("employee").get(URL, {"unit": other.pk, "q": "x" * 101})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="id_unit_error"' in html and 'id="id_q_error"' in html
    english = client_for("employee")
    english.cookies["django_language"] = "en"
    html = english.get(URL, {"q": "zzz"}).content.decode()
    assert "No lessons match the filter." in html and "Filter lessons" in html


def test_paging_keeps_the_filters(world, client_for):
    idea = make_idea(world)
    for i in range(30):
        lesson_add(actor=world.employee, idea=idea, text=f"Lokalen {i}")
    lesson_add(actor=world.employee, idea=idea, text="Något annat")
    client = client_for("employee")
    first = client.get(URL, {"q": "lokalen"})
    links = re.findall(r'href="\?([^"]+)"', first.content.decode())
    assert links, "no link to the next page"
    nxt = unescape(links[-1])
    assert "q=lokalen" in nxt and "sida=2" in nxt
    second = client.get(f"{URL}?{nxt}")
    shown = set(ids_on_page(first)) | set(ids_on_page(second))
    expected = Lesson.objects.filter(organisation=world.org, text__icontains="lokalen")
    assert shown == set(expected.values_list("pk", flat=True)) and len(shown) == 30
