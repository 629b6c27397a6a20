"""Drafts that are never lost: saving a draft while it is written, listing and deleting one's own.

The idea form saves a draft on the server while the employee types (the autosave endpoint) and
with a "Spara utkast" button without JavaScript. The first save of a new idea carries a key made
by the form (`draft_key`); a retried or doubled first save finds the draft it already made instead
of making a second one (a unique constraint per initiator holds even for simultaneous requests).
Later saves go through services.idea_update and its version check: a save based on an old version
is refused (StaleEdit) and the text stays with the writer.

Writes (`idea_draft_save`, `idea_draft_delete`) and the one read (`draft_list`) of drafts live
here, apart from the long services module.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.ideas import services
from vardag.ideas.models import Idea, IdeaState

TITLE_LENGTH = 80


def draft_title(title: str, content: dict[str, Any]) -> str:
    """The title to save: the one written, else the start of the first text written."""
    if title.strip():
        return title.strip()
    for name in ("summary", *services.CANVAS_FIELDS):
        text = " ".join(str(content.get(name) or "").split())
        if text:
            if len(text) <= TITLE_LENGTH:
                return text
            return text[:TITLE_LENGTH].rsplit(" ", 1)[0] + " …"
    return _("Utkast utan rubrik")


def has_derived_title(idea: Idea) -> bool:
    """Whether a draft's title was made from its text (the writer has not written one)."""
    content = {name: getattr(idea, name) for name in ("summary", *services.CANVAS_FIELDS)}
    return idea.state == IdeaState.DRAFT and idea.title == draft_title("", content)


def _default_unit(actor: Actor) -> Unit:
    unit = Unit.objects.filter(pk__in=actor.unit_ids, organisation_id=organisation_id(actor))
    found = unit.order_by("name").first()
    if found is None:
        raise ValidationError(_("Välj din enhet."))
    return found


@transaction.atomic
def idea_draft_save(
    *,
    actor: Actor,
    idea: Idea | None,
    draft_key: str = "",
    version: int | None = None,
    title: str = "",
    unit: Unit | None = None,
    affected_units: Iterable[Unit] = (),
    **content: Any,
) -> Idea:
    """Save a draft without the requirements of submission.

    `idea` None: a new idea, identified by `draft_key`; the first save creates the draft, a
    repeated one (same key) updates it as if based on the first version. Otherwise the draft is
    updated when `version` is still its version (else services.StaleEdit).
    """
    title = draft_title(title, content)
    affected_units = list(affected_units)
    if idea is None:
        key = draft_key.strip()[:64]
        if not key:
            raise ValidationError(_("Utkastet saknar sin nyckel. Ladda om sidan."))
        idea = Idea.objects.filter(initiator=actor, draft_key=key).first()
        if idea is not None and idea.state != IdeaState.DRAFT:
            if _holds(idea, title, unit, affected_units, content):
                return idea  # the submitted form sent again: already saved, and submitted
            # The key of an earlier form that has been submitted since (a browser's copy of the
            # "new idea" page, a Back button): this text is a new idea, under a key of its own.
            key, idea = uuid.uuid4().hex, None
        if idea is None:
            created = _create(actor, key, title, unit, affected_units, content)
            if created is not None:
                return created
            idea = Idea.objects.get(initiator=actor, draft_key=key)
        version = version or 1
    require(idea.initiator_id == actor.pk)
    idea = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    if idea.state != IdeaState.DRAFT:
        raise ValidationError(_("Idén är redan inlämnad. Spara ändringarna med knappen."))
    if version != idea.version and _holds(idea, title, unit, affected_units, content):
        # The same text sent again (a retry, a doubled request): already saved, not a conflict.
        return idea
    return services.idea_update(
        actor=actor,
        idea=idea,
        version=version or 0,
        title=title,
        unit=unit,
        affected_units=affected_units,
        **content,
    )


def is_resubmission(actor: Actor, idea: Idea, draft_key: str, data: dict[str, Any]) -> bool:
    """Whether `data`, sent with `draft_key` to submit `idea`, is the form that submitted it sent
    again (Back and "Lämna in idén" once more, a retry): its key and exactly its text."""
    if idea.initiator_id != actor.pk or idea.state == IdeaState.DRAFT or not idea.draft_key:
        return False
    if draft_key.strip()[:64] != idea.draft_key:
        return False
    content = dict(data)
    title = draft_title(content.pop("title", "") or "", content)
    unit = content.pop("unit", None)
    affected = list(content.pop("affected_units", None) or [])
    return _holds(idea, title, unit, affected, content)


def _holds(
    idea: Idea, title: str, unit: Unit | None, affected: list[Unit], content: dict[str, Any]
) -> bool:
    """Whether the draft already holds exactly this text."""
    if idea.title != title or (unit is not None and unit.pk != idea.unit_id):
        return False
    if {u.pk for u in affected} != set(idea.affected_units.values_list("pk", flat=True)):
        return False
    return all(getattr(idea, k) == v for k, v in content.items() if k in services.CONTENT_FIELDS)


def _create(
    actor: Actor,
    key: str,
    title: str,
    unit: Unit | None,
    affected_units: Iterable[Unit],
    content: dict[str, Any],
) -> Idea | None:
    """Create the draft under `key`; None when a simultaneous request made it first."""
    try:
        with transaction.atomic():
            idea = services.idea_create(
                actor=actor,
                title=title,
                unit=unit or _default_unit(actor),
                affected_units=affected_units,
                **content,
            )
            Idea.objects.filter(pk=idea.pk).update(draft_key=key)
    except IntegrityError:
        return None
    idea.draft_key = key
    return idea


@transaction.atomic
def idea_draft_delete(*, actor: Actor, idea: Idea) -> str:
    """The initiator deletes their own draft, attachments included (returns its title).

    Submitted ideas are never deleted: they are withdrawn or archived with a reason."""
    idea = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    require(idea.initiator_id == actor.pk)
    if idea.state != IdeaState.DRAFT:
        raise ValidationError(
            _("Bara utkast kan tas bort. En inlämnad idé kan du ta tillbaka i stället.")
        )
    files = [(a.file.storage, a.file.name) for a in idea.attachments.all() if a.file.name]
    audit.record(
        actor,
        "idea.draft_delete",
        target=idea,
        data={"title": idea.title, "attachments": len(files)},
    )
    idea.delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return idea.title


def draft_list(actor: Actor) -> QuerySet[Idea]:
    """The actor's own drafts, last saved first ("Mina utkast")."""
    return (
        Idea.objects.filter(
            organisation_id=organisation_id(actor), initiator_id=actor.pk, state=IdeaState.DRAFT
        )
        .select_related("unit")
        .order_by("-updated_at", "-id")
    )
