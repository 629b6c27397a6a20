"""Writes of a process model's stages: reorder and delete (organisation admins).

The order of a model's stages stays dense (1, 2, 3 …) and unique (a database constraint). Every
change locks the process model's row first, so two changes of one model never interleave, and a
move names the position to move to: a doubled click (or the button sent again after the browser's
Back) finds the stage there already and leaves it, instead of moving it twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vardag.core import audit
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.ideas.models import Idea, IdeaEvent, ProcessModel, Stage


def _locked_model(actor: Actor, stage: Stage) -> tuple[ProcessModel, list[Stage]]:
    model = ProcessModel.objects.select_for_update().get(pk=stage.process_model_id)
    require(actor.is_org_admin and model.organisation_id == actor.organisation_id)
    return model, list(Stage.objects.filter(process_model=model).order_by("order", "pk"))


def _renumber(stages: list[Stage]) -> None:
    """Make the order 1, 2, 3 … again. Going upwards, each stage's new number is free: it was
    held by a stage already moved down or by the deleted one."""
    for number, stage in enumerate(stages, start=1):
        if stage.order != number:
            Stage.objects.filter(pk=stage.pk).update(order=number)
            stage.order = number


def ideas_in_stage(stage: Stage) -> int:
    """How many ideas (in any state) are in the stage."""
    return Idea.objects.filter(stage=stage).count()


@transaction.atomic
def stage_move(*, actor: Actor, stage: Stage, position: int) -> tuple[Stage, bool]:
    """Move a stage to `position` (1 = first), the others closing up around it. Returns the
    stage and whether it moved: a stage already there stays (a doubled click, or the button
    sent again after the browser's Back, moves it once)."""
    model, stages = _locked_model(actor, stage)
    current = next((s for s in stages if s.pk == stage.pk), None)
    if current is None:
        raise ValidationError(_("Fasen finns inte längre."))
    if not 1 <= position <= len(stages):
        raise ValidationError(_("Välj en plats mellan 1 och %(n)s.") % {"n": len(stages)})
    index, target = stages.index(current), position - 1
    if index == target:
        return current, False
    others = [s for s in stages if s.pk != current.pk]
    order = [*others[:target], current, *others[target:]]
    mine = current.order
    # Through a free number (0 is never a stage's order), so the unique order holds at each
    # step: moving down, the stages after it close up from the top; moving up, from the bottom.
    Stage.objects.filter(pk=current.pk).update(order=0)
    shifted = [(s, n) for n, s in enumerate(order, start=1) if s.pk != current.pk and s.order != n]
    shifted.sort(key=lambda pair: pair[1], reverse=target < index)
    for other, number in shifted:
        Stage.objects.filter(pk=other.pk).update(order=number)
    Stage.objects.filter(pk=current.pk).update(order=position)
    current.order = position
    audit.record(
        actor,
        "stage.move",
        target=current,
        data={"process_model": model.pk, "from": mine, "to": position},
    )
    return current, True


@transaction.atomic
def stage_delete(*, actor: Actor, stage: Stage, move_to: Stage | None = None) -> int:
    """Delete a stage; the ideas in it move to `move_to` (another stage of the same model), each
    with an event in its timeline. Refused while ideas are in it and no stage is chosen, and for
    a model's last stage. Returns how many ideas moved."""
    model, stages = _locked_model(actor, stage)
    current = next((s for s in stages if s.pk == stage.pk), None)
    if current is None:
        raise ValidationError(_("Fasen är redan borttagen."))
    if len(stages) == 1:
        raise ValidationError(
            _(
                "En processmodell behöver minst en fas. "
                "Lägg till en ny fas innan du tar bort den här."
            )
        )
    ids = list(Idea.objects.filter(stage=current).values_list("pk", flat=True))
    if move_to is not None and (move_to.process_model_id != model.pk or move_to.pk == current.pk):
        raise ValidationError({"move_to": _("Välj en annan fas i samma processmodell.")})
    if ids and move_to is None:
        raise ValidationError(
            {
                "move_to": ngettext(
                    "%(n)d idé är i fasen ”%(stage)s”. Välj vilken fas den ska flyttas till.",
                    "%(n)d idéer är i fasen ”%(stage)s”. Välj vilken fas de ska flyttas till.",
                    len(ids),
                )
                % {"n": len(ids), "stage": current.label}
            }
        )
    if ids and move_to is not None:
        Idea.objects.filter(pk__in=ids).update(
            stage=move_to, version=F("version") + 1, updated_at=timezone.now()
        )
        text = _("%(to)s (fasen ”%(from)s” togs bort)") % {"to": move_to.name, "from": current.name}
        IdeaEvent.objects.bulk_create(
            IdeaEvent(idea_id=pk, kind=IdeaEvent.Kind.STAGE, actor=actor, text=text) for pk in ids
        )
    audit.record(
        actor,
        "stage.delete",
        target=current,
        data={
            "process_model": model.pk,
            "name": current.name,
            "ideas_moved": len(ids),
            "moved_to": move_to.pk if move_to is not None else None,
        },
    )
    current.delete()
    _renumber([s for s in stages if s.pk != current.pk])
    return len(ids)
