"""Stages speak the interface's language: the built-in process models are kept in Swedish and in
English (like the questionnaires' `text_sv`/`text_en`), every place that names a stage shows the
name in the active language, and a stage an admin adds without an English name shows its Swedish
one (the tryout found "Utforska idé" on every English page)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from vardag.accounts.testing import api_client
from vardag.ideas import selectors, services
from vardag.ideas.filters import IdeaFilterSet
from vardag.ideas.models import Idea, ProcessModel, Stage
from vardag.ideas.presets import PRESETS, PRESETS_EN
from vardag.ideas.tests.factories import governance, make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def helsingborg(world):
    governance(world)
    return services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)


def _in_english(*people):
    for person in people:
        person.language = "en"
        person.save(update_fields=["language"])


def test_an_installed_preset_keeps_both_languages_stage_by_stage(helsingborg):
    stages = list(helsingborg.stages.order_by("order"))
    swedish, english = PRESETS["helsingborg"][2], PRESETS_EN["helsingborg"][2]
    assert [s.name for s in stages] == [row[0] for row in swedish]
    assert [s.name_en for s in stages] == [row[0] for row in english]
    assert [s.exit_criteria_en.splitlines() for s in stages] == [row[3] for row in english]
    first = stages[0]
    with translation.override("sv"):
        assert str(first) == "Utforska idé" and str(helsingborg) == "Helsingborgs fyra steg"
        assert first.question_list[0].startswith("Vilka användare berörs")
    with translation.override("en"):
        assert str(first) == "Explore the idea" and str(helsingborg) == "Helsingborg's four steps"
        assert first.local_description.startswith("Understand the need")
        assert first.question_list == list(english[0][2])
        assert first.criteria_list == list(english[0][3])


def test_the_idea_page_list_filter_and_board_name_stages_in_english(world, client_for, helsingborg):
    idea = make_idea(world)
    assert idea.stage.name == "Utforska idé"
    _in_english(world.manager)
    client = client_for("manager")
    detail = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Explore the idea" in detail and "Explore the set-up" in detail
    assert "Understand the need and the idea from the outside in" in detail
    assert "Utforska idé" not in detail and "Utforska upplägg" not in detail
    listed = client.get(reverse("ideas:list")).content.decode()
    assert "Explore the idea" in listed and "Utforska idé" not in listed
    board = client.get(reverse("ideas:board"), {"per": "fas"}).content.decode()
    assert "Develop a pilot" in board and "Utveckla pilot" not in board
    models = client.get(reverse("ideas:process_models")).content.decode()
    assert "Helsingborg&#x27;s four steps" in models
    assert "Skala" not in models.replace("Scale", "")
    with translation.override("en"):
        labels = [
            label for _pk, label in IdeaFilterSet(actor=world.manager).form["stage"].field.choices
        ][1:]
    assert labels[:4] == ["Explore the idea", "Explore the set-up", "Develop a pilot", "Scale"]


def test_the_same_pages_in_swedish_keep_the_swedish_names(world, client_for, helsingborg):
    idea = make_idea(world)
    client = client_for("manager")
    detail = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Utforska idé" in detail and "Explore the idea" not in detail


def test_the_api_labels_the_stage_in_the_users_language(world, helsingborg):
    idea = make_idea(world)
    swedish = api_client(world.manager).get(f"/api/v1/ideas/ideas/{idea.pk}").json()
    assert swedish["stage"] == "Utforska idé" and swedish["stage_id"] == idea.stage_id
    _in_english(world.manager)
    english = api_client(world.manager).get(f"/api/v1/ideas/ideas/{idea.pk}").json()
    assert english["stage"] == "Explore the idea" and english["stage_id"] == idea.stage_id
    rows = api_client(world.manager).get("/api/v1/ideas/ideas").json()["items"]
    assert [r["stage"] for r in rows if r["id"] == idea.pk] == ["Explore the idea"]


def test_an_admin_names_a_new_stage_in_english_or_leaves_it_swedish(world, client_for, helsingborg):
    _in_english(world.admin)
    client = client_for("admin")
    # The preset not installed yet is offered under its English name.
    offered = client.get(reverse("ideas:process_models")).content.decode()
    assert "SKR&#x27;s Innovation Guide" in offered and "SKR Innovationsguiden" not in offered
    url = reverse("ideas:stage_add", args=[helsingborg.pk])
    assert 'name="name_en"' in client.get(url).content.decode()
    client.post(url, {"name": "Sprida", "name_en": "Spread", "guiding_questions": "Vem mer?"})
    client.post(url, {"name": "Fira", "guiding_questions": "Vad lärde vi oss?"})
    celebrate, spread = Stage.objects.filter(process_model=helsingborg).order_by("-order")[:2]
    assert (spread.name, spread.name_en, celebrate.name, celebrate.name_en) == (
        "Sprida",
        "Spread",
        "Fira",
        "",
    )
    with translation.override("en"):
        assert (str(spread), str(celebrate)) == ("Spread", "Fira")
        # No English questions: the Swedish ones are shown rather than nothing.
        assert spread.question_list == ["Vem mer?"]
    edit = reverse("ideas:stage_edit", args=[celebrate.pk])
    client.post(edit, {"name": "Fira", "name_en": "Celebrate"})
    celebrate.refresh_from_db()
    assert celebrate.name_en == "Celebrate"


def test_the_data_migration_fills_english_only_where_the_swedish_text_is_the_presets(
    world, helsingborg
):
    # As stored before the migration: Swedish only; one stage renamed and one re-worded by an
    # admin, and a stage of the admin's own.
    Stage.objects.filter(process_model=helsingborg).update(
        name_en="", description_en="", guiding_questions_en="", exit_criteria_en=""
    )
    ProcessModel.objects.filter(pk=helsingborg.pk).update(name_en="", description_en="")
    Stage.objects.filter(process_model=helsingborg, order=4).update(name="Införa")
    Stage.objects.filter(process_model=helsingborg, order=3).update(description="Egen text.")
    Stage.objects.create(process_model=helsingborg, order=5, name="Sprida")
    migration = importlib.import_module("vardag.ideas.migrations.0012_stage_english")
    migration.fill_english(django_apps, None)
    stages = {s.order: s for s in helsingborg.stages.all()}
    assert stages[1].name_en == "Explore the idea"
    assert stages[1].description_en.startswith("Understand the need")
    assert stages[1].guiding_questions_en.splitlines() == PRESETS_EN["helsingborg"][2][0][2]
    assert stages[4].name_en == ""  # renamed by the admin: no English until she writes one
    assert stages[4].exit_criteria_en.startswith("The decision to scale up")  # still the preset's
    assert stages[3].name_en == "Develop a pilot" and stages[3].description_en == ""
    assert stages[5].name_en == ""
    helsingborg.refresh_from_db()
    assert helsingborg.name_en == "Helsingborg's four steps"
    # Run again: what is filled stays as it is.
    Stage.objects.filter(pk=stages[1].pk).update(name_en="Explore")
    migration.fill_english(django_apps, None)
    assert Stage.objects.get(pk=stages[1].pk).name_en == "Explore"


def test_board_columns_follow_the_language(world, helsingborg):
    make_idea(world)
    ideas = selectors.idea_list(world.manager)
    with translation.override("en"):
        labels = [label for _code, label, _ideas in selectors.board_by_stage(world.manager, ideas)]
    assert labels == ["Explore the idea", "Explore the set-up", "Develop a pilot", "Scale"]


def test_the_timeline_names_a_move_to_a_stage_in_english(world, client_for, helsingborg):
    idea = make_idea(world)
    first, second = list(helsingborg.stages.order_by("order"))[:2]
    Idea.objects.filter(pk=idea.pk).update(stage=second)
    idea.refresh_from_db()
    services.stage_set(actor=world.manager, idea=idea, stage=first)  # back: always allowed
    assert list(idea.events.filter(kind="stage").values_list("text", flat=True)) == ["Utforska idé"]
    _in_english(world.manager)
    page = client_for("manager").get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    timeline = page.split('class="timeline"')[1]
    assert "Explore the idea" in timeline and "Utforska idé" not in timeline


def test_moving_a_stage_names_it_in_english(world, client_for, helsingborg):
    """The tryout: "Move down" on "Explore the idea" said '“Utforska idé” is now stage 2.'"""
    _in_english(world.admin)
    client = client_for("admin")
    first = helsingborg.stages.get(order=1)
    url = reverse("ideas:stage_move", args=[first.pk])
    moved = client.post(url, {"position": 2}, follow=True).content.decode()
    assert "“Explore the idea” is now stage 2." in moved
    again = client.post(url, {"position": 2}, follow=True).content.decode()
    assert "“Explore the idea” is already stage 2." in again
    assert "Utforska idé" not in moved + again
