"""Reordering and deleting the stages of a process model (issue 4 item 3)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from vardag.core.models import AuditEvent
from vardag.ideas import process, services
from vardag.ideas.models import IdeaEvent, Stage
from vardag.ideas.tests.factories import make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(world):
    return services.process_model_install_for(world.org.pk, "helsingborg", make_default=True)


def _names(model):
    return list(model.stages.order_by("order").values_list("name", flat=True))


def _orders(model):
    return list(model.stages.order_by("order").values_list("order", flat=True))


def test_admin_moves_a_stage_up_and_down_without_javascript(world, client_for, model):
    before = _names(model)
    second = model.stages.get(order=2)
    admin = client_for("admin")
    page = admin.get(reverse("ideas:process_models")).content.decode()
    url = reverse("ideas:stage_move", args=[second.pk])
    # Each button names the position to move to: one step from where the page shows the stage.
    form = page[page.index(f'action="{url}"') :]
    assert 'name="position" value="1"' in form[: form.index("Flytta upp")]
    assert 'name="direction"' not in page
    response = admin.post(url, {"position": 1})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('ideas:process_models')}#pm-{model.pk}"
    assert _names(model) == [before[1], before[0], *before[2:]]
    admin.post(url, {"position": 2})
    assert _names(model) == before
    assert _orders(model) == list(range(1, len(before) + 1))
    assert AuditEvent.objects.filter(action="stage.move").count() == 2


def test_a_move_sent_again_moves_the_stage_once(world, client_for, model):
    """ "Flytta ner", the browser's Back, "Flytta ner" again (or a double click): the same
    position sent twice, the stage stays where the first one put it."""
    before = _names(model)
    first = model.stages.get(order=1)
    admin = client_for("admin")
    url = reverse("ideas:stage_move", args=[first.pk])
    admin.post(url, {"position": 2})
    again = admin.post(url, {"position": 2}, follow=True)
    assert _names(model) == [before[1], before[0], *before[2:]]
    first.refresh_from_db()
    assert first.order == 2
    assert f"”{first.name}” är redan fas 2." in again.content.decode()
    assert AuditEvent.objects.filter(action="stage.move").count() == 1


def test_a_stage_moves_to_any_position_and_the_others_close_up(world, model):
    names = _names(model)
    last = model.stages.order_by("order").last()
    with transaction.atomic():
        moved, did = process.stage_move(actor=world.admin, stage=last, position=1)
    assert did and moved.order == 1
    assert _names(model) == [names[-1], *names[:-1]]
    with transaction.atomic():
        process.stage_move(actor=world.admin, stage=last, position=len(names))
    assert _names(model) == names
    assert _orders(model) == list(range(1, len(names) + 1))


def test_a_position_outside_the_model_is_refused(world, model):
    first = model.stages.get(order=1)
    for position in (0, model.stages.count() + 1):
        with pytest.raises(ValidationError, match="Välj en plats"), transaction.atomic():
            process.stage_move(actor=world.admin, stage=first, position=position)


def test_delete_is_refused_while_ideas_are_in_the_stage(world, client_for, model):
    idea = make_idea(world)  # in the default model's first stage
    first = model.stages.get(order=1)
    assert idea.stage_id == first.pk
    url = reverse("ideas:stage_delete", args=[first.pk])
    page = client_for("admin").get(url).content.decode()
    assert "1 idé är i den här fasen" in page
    refused = client_for("admin").post(url, {})
    assert refused.status_code == 422
    assert "Välj vilken fas den ska flyttas till" in refused.content.decode()
    assert Stage.objects.filter(pk=first.pk).exists()


def test_delete_moves_the_ideas_with_a_timeline_event_and_keeps_the_order_dense(
    world, client_for, model
):
    ideas = [make_idea(world, title=f"Idé {n}") for n in range(3)]
    first, second = model.stages.get(order=1), model.stages.get(order=2)
    count = model.stages.count()
    response = client_for("admin").post(
        reverse("ideas:stage_delete", args=[first.pk]), {"move_to": second.pk}
    )
    assert response.status_code == 302
    assert not Stage.objects.filter(pk=first.pk).exists()
    assert _orders(model) == list(range(1, count))
    for idea in ideas:
        old_version = idea.version
        idea.refresh_from_db()
        assert idea.stage_id == second.pk and idea.version == old_version + 1
        event = IdeaEvent.objects.filter(idea=idea, kind=IdeaEvent.Kind.STAGE).get()
        assert second.name in event.text and first.name in event.text
    audit = AuditEvent.objects.get(action="stage.delete")
    assert audit.data["ideas_moved"] == 3 and audit.data["moved_to"] == second.pk


def test_ideas_cannot_move_to_a_stage_of_another_model(world, model):
    make_idea(world)
    other = services.process_model_install_for(world.org.pk, "skr", make_default=False)
    first = model.stages.get(order=1)
    with pytest.raises(ValidationError, match="samma processmodell"), transaction.atomic():
        process.stage_delete(actor=world.admin, stage=first, move_to=other.stages.first())


def test_a_model_keeps_at_least_one_stage(world, client_for, model):
    stages = list(model.stages.order_by("order"))
    for stage in stages[:-1]:
        with transaction.atomic():
            process.stage_delete(actor=world.admin, stage=stage)
    last = stages[-1]
    page = client_for("admin").get(reverse("ideas:stage_delete", args=[last.pk]))
    assert "minst en fas" in page.content.decode()
    with pytest.raises(ValidationError, match="minst en fas"), transaction.atomic():
        process.stage_delete(actor=world.admin, stage=last)
    assert list(model.stages.values_list("order", flat=True)) == [1]


def test_only_organisation_admins_reorder_and_delete(world, client_for, model):
    stage = model.stages.get(order=2)
    manager = client_for("manager")
    move = manager.post(reverse("ideas:stage_move", args=[stage.pk]), {"position": 1})
    assert move.status_code == 403
    assert manager.get(reverse("ideas:stage_delete", args=[stage.pk])).status_code == 403
    assert model.stages.get(order=2).pk == stage.pk
