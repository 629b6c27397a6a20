"""The idea in the portfolio: its stage, its publication and merging duplicates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.ideas import policy
from vardag.ideas.models import (
    Follow,
    Idea,
    IdeaEvent,
    IdeaState,
    Stage,
    Support,
)
from vardag.ideas.services.common import _event, settle_asked
from vardag.notifications.services import notify


@transaction.atomic
def stage_set(*, actor: Actor, idea: Idea, stage: Stage) -> Idea:
    require(policy.can_edit(actor, idea) and idea.state != IdeaState.DRAFT)
    if idea.process_model_id is None or stage.process_model_id != idea.process_model_id:
        raise ValidationError(_("Fasen hör inte till idéns processmodell."))
    refusal = policy.stage_refusal(idea, stage)
    if refusal:
        raise ValidationError(refusal)
    if stage.pk != idea.stage_id:
        idea.stage = stage
        idea.version += 1
        idea.save(update_fields=["stage", "version", "updated_at"])
        _event(idea, IdeaEvent.Kind.STAGE, actor, stage.name)
        audit.record(actor, "idea.stage", target=idea, data={"stage": stage.pk})
    return idea


@transaction.atomic
def idea_publish(*, actor: Actor, idea: Idea, is_published: bool) -> Idea:
    """Show or hide the idea in the organisation's open portfolio (managers and admins)."""
    require(policy.can_publish(actor, idea))
    idea.is_published = is_published
    idea.save(update_fields=["is_published", "updated_at"])
    audit.record(actor, "idea.publish", target=idea, data={"published": is_published})
    return idea


@transaction.atomic
def idea_merge(*, actor: Actor, idea: Idea, into: Idea, rationale: str = "") -> Idea:
    """Merge a duplicate into another idea: supporters and followers move, history is kept."""
    require(idea.organisation_id == actor.organisation_id == into.organisation_id)
    require(actor.is_manager or actor.is_org_admin or actor.is_innovation_staff)
    if not policy.can_merge(actor, idea):
        raise ValidationError(_("Idén kan inte slås samman i sin nuvarande status."))
    if idea.pk == into.pk or into.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        raise ValidationError(_("Välj en annan, aktiv idé att slå samman med."))
    if idea.state in (IdeaState.DRAFT, IdeaState.ARCHIVED):
        raise ValidationError(_("Idén kan inte slås samman i sin nuvarande status."))
    for model in (Support, Follow):
        # mypy joins Support and Follow to type[Model], which has neither `objects` nor `user_id`.
        for row in model.objects.filter(idea=idea):  # type: ignore[attr-defined]  # see above
            model.objects.get_or_create(idea=into, user_id=row.user_id)  # type: ignore[attr-defined]  # see above
    left = idea.state
    idea.merged_into = into
    idea.state = IdeaState.ARCHIVED
    idea.archive_reason = rationale or _("Sammanslagen med ”%(title)s”.") % {"title": into.title}
    idea.feedback_due_on = None
    idea.version += 1
    idea.save()
    _event(idea, IdeaEvent.Kind.MERGED, actor, into.title)
    _event(into, IdeaEvent.Kind.MERGED, actor, idea.title)
    audit.record(actor, "idea.merge", target=idea, data={"into": into.pk})
    merged = {"title": into.title, "name": actor, "date": timezone.localdate()}
    settle_asked(
        actor,
        idea,
        left,
        lambda: _("Idén slogs samman med ”%(title)s” av %(name)s (%(date)s).") % merged,
    )
    notify(
        actor=actor,
        recipients=[idea.initiator],
        kind="idea.merged",
        subject=lambda: _("Din idé har slagits samman"),
        body=lambda: (
            _("”%(a)s” behandlas nu tillsammans med ”%(b)s”.") % {"a": idea.title, "b": into.title}
        ),
        url=reverse("ideas:detail", args=[into.pk]),
    )
    return idea
