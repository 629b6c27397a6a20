"""Swedish search and similar ideas: inflected forms meet, on SQLite and PostgreSQL alike."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vardag.core import search
from vardag.ideas import selectors
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.tests.factories import make_idea

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("barnen", "barn"),
        ("barnet", "barn"),
        ("barnens", "barn"),
        ("skolans", "skola"),
        ("skolan", "skolor"),
        ("föräldrar", "förälder"),
        ("föräldern", "föräldrarna"),
        ("eleverna", "elev"),
        ("familjen", "familjer"),
        ("ungdomarnas", "ungdom"),
    ],
)
def test_inflected_forms_share_a_stem(a, b):
    assert search.stem(a) == search.stem(b)


def test_different_words_stay_apart():
    assert search.stem("barn") != search.stem("bad")
    assert search.stem("skola") != search.stem("skog")


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=20))
def test_stem_is_idempotent_prefix_and_never_too_short(word):
    stem = search.stem(word)
    assert word.startswith(stem[:3]) or len(word) <= 3
    assert len(stem) >= min(len(word), search.MIN_STEM)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("barnen", "Läxhjälp för barn i familjehem"),
        ("skolans", "Skola och socialtjänst i samma team"),
        ("föräldrarna", "Stöd till förälder efter orosanmälan"),
        ("familjehemmet", "Läxhjälp för barn i familjehem"),
    ],
)
def test_search_finds_inflected_forms(world, query, expected):
    plain = {"user_situation": "Väntan är lång.", "better_for_whom": "Tryggare vardag."}
    make_idea(world, title="Läxhjälp för barn i familjehem", summary="Stöd med läxor.", **plain)
    make_idea(world, title="Skola och socialtjänst i samma team", summary="Gemensamt.", **plain)
    make_idea(world, title="Stöd till förälder efter orosanmälan", summary="Ett samtal.", **plain)
    found = [i.title for i in IdeaFilterSet({"q": query}, actor=world.employee).narrowed()]
    assert expected in found
    assert len(found) == 1


def test_search_combines_words_and_is_scoped(world):
    make_idea(world, title="Läxhjälp för barn i familjehem")
    make_idea(world, title="Barn på fritids")
    both = IdeaFilterSet({"q": "barnen läxhjälpen"}, actor=world.employee).qs
    assert [i.title for i in both] == ["Läxhjälp för barn i familjehem"]
    assert not IdeaFilterSet({"q": "barn"}, actor=world.foreign).qs.exists()


def test_similar_ideas_while_writing(world):
    make_idea(world, title="Sms-påminnelse till föräldrar inför möten")
    make_idea(world, title="Nya scheman för lärarna")
    similar = selectors.similar_ideas(world.employee, "Påminnelser via sms till föräldern")
    assert [s["title"] for s in similar] == ["Sms-påminnelse till föräldrar inför möten"]
    assert selectors.similar_ideas(world.foreign, "Påminnelser via sms till föräldern") == []


def test_merge_keeps_history_and_moves_supporters(world):
    from vardag.ideas import services
    from vardag.ideas.models import IdeaState

    original = make_idea(world, title="Sms-påminnelse till föräldrar")
    duplicate = make_idea(world, title="Påminnelser via sms")
    services.support_toggle(actor=world.head, idea=duplicate)
    services.idea_merge(actor=world.manager, idea=duplicate, into=original)
    duplicate.refresh_from_db()
    assert duplicate.state == IdeaState.ARCHIVED and duplicate.merged_into == original
    assert original.supports.filter(user=world.head).exists()
    assert original.events.filter(kind="merged").exists()
    assert duplicate.events.filter(kind="merged").exists()
