"""Participation around an idea: comments, support, following, attachments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vardag.core import audit, once
from vardag.core.access import require
from vardag.core.actors import Actor
from vardag.ideas import policy
from vardag.ideas.models import (
    Comment,
    Follow,
    Idea,
    IdeaAttachment,
    IdeaEvent,
    IdeaState,
    Support,
)
from vardag.ideas.services.common import _event
from vardag.ideas.uploads import check_upload


@transaction.atomic
def comment_add(*, actor: Actor, idea: Idea, body: str, request_key: str = "") -> Comment:
    """A comment on the idea's timeline; a repeat with the same `request_key` (double click,
    retry) returns the first comment and notifies nobody again."""
    if idea.state == IdeaState.DRAFT and idea.initiator_id != actor.pk:
        raise ValidationError(_("Utkast kan inte kommenteras."))
    if not body.strip():
        raise ValidationError(_("Skriv en kommentar."))
    comment, created = once.create_once(
        Comment,
        request_key,
        lambda: Comment.objects.create(
            idea=idea, author=actor, body=body.strip(), request_key=request_key[:64]
        ),
        idea=idea,
    )
    if not created:
        return comment
    _event(idea, IdeaEvent.Kind.COMMENT, actor, comment.body)
    audit.record(actor, "idea.comment", target=idea, data={"comment": comment.pk})
    return comment


@transaction.atomic
def support_toggle(*, actor: Actor, idea: Idea, wanted: bool | None = None) -> bool:
    """Support an idea, or take one's support back (always possible once given).

    With `wanted` (what the button showed: support or take back) a repeated press changes
    nothing, so a double click does not undo itself."""
    require(idea.state != IdeaState.DRAFT)
    if wanted is not None and wanted == Support.objects.filter(idea=idea, user=actor).exists():
        return wanted
    deleted, _rows = Support.objects.filter(idea=idea, user=actor).delete()
    if not deleted:
        if not policy.can_support(actor, idea):
            raise ValidationError(_("Du kan inte stödja din egen idé eller en avslutad idé."))
        Support.objects.create(idea=idea, user=actor)
    audit.record(actor, "idea.support" if not deleted else "idea.unsupport", target=idea)
    return not deleted


@transaction.atomic
def follow_toggle(*, actor: Actor, idea: Idea, wanted: bool | None = None) -> bool:
    """Follow or stop following; with `wanted` a repeated press changes nothing."""
    if wanted is not None and wanted == Follow.objects.filter(idea=idea, user=actor).exists():
        return wanted
    deleted, _rows = Follow.objects.filter(idea=idea, user=actor).delete()
    if not deleted:
        Follow.objects.create(idea=idea, user=actor)
    audit.record(actor, "idea.follow" if not deleted else "idea.unfollow", target=idea)
    return not deleted


@transaction.atomic
def attachment_add(*, actor: Actor, idea: Idea, upload: Any) -> IdeaAttachment:
    require(policy.can_edit(actor, idea))
    content_type = check_upload(upload)
    attachment = IdeaAttachment(
        idea=idea,
        name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _event(idea, IdeaEvent.Kind.ATTACHMENT, actor, attachment.name)
    audit.record(actor, "idea.attachment", target=idea, data={"name": attachment.name})
    return attachment
