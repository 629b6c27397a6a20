"""The insight library finds Swedish word forms on SQLite and PostgreSQL alike."""

import pytest

from vardag.participation.filters import InsightFilterSet
from vardag.participation.tests.factories import make_insight

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("Skolan ringer inte hem.", "skola"),
        ("Skolor samarbetar sällan.", "skolan"),
        ("Barnet vill bli lyssnat på.", "barn"),
        ("Barnen saknar en vuxen.", "barnet"),
        ("Föräldrar får inget besked.", "förälder"),
        ("Föräldern ringer ofta.", "föräldrar"),
        ("Frånvaron ökar i årskurs två.", "frånvaro"),
        ("Morgnarna är svårast.", "morgnar"),
    ],
)
def test_word_forms_meet(world, stored, query):
    insight = make_insight(world, statement=stored)
    found = InsightFilterSet({"q": query}, actor=world.employee).qs
    assert list(found) == [insight]


def test_all_words_must_match_and_others_are_left_out(world):
    make_insight(world, statement="Skolan ringer inte hem.")
    other = make_insight(world, statement="Socialtjänsten ringer hem.")
    found = InsightFilterSet({"q": "ringer social"}, actor=world.employee).qs
    assert list(found) == [other]


def test_search_stays_in_the_organisation(world):
    make_insight(world, statement="Skolan ringer inte hem.")
    assert not InsightFilterSet({"q": "skola"}, actor=world.foreign).qs
