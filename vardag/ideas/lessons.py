"""Writes of the lessons library (lärdomar) outside an archive decision.

An archive decision writes its lesson itself (services.decision_record); a stopped pilot or an
implemented idea adds one here (vardag.pilots calls this for its structured lesson records).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vardag.core import audit
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.ideas.models import Idea, IdeaEvent, Lesson


@transaction.atomic
def lesson_add(*, actor: Actor, idea: Idea, text: str, is_published: bool = False) -> Lesson:
    require(idea.organisation_id == organisation_id(actor))
    if not text.strip():
        raise ValidationError({"text": _("Skriv vad ni har lärt er (lärdom).")})
    lesson = Lesson.objects.create(
        organisation_id=idea.organisation_id,
        idea=idea,
        text=text.strip(),
        is_published=is_published,
        created_by=actor,
    )
    IdeaEvent.objects.create(idea=idea, kind=IdeaEvent.Kind.COMMENT, actor=actor, text=lesson.text)
    audit.record(actor, "lesson.add", target=lesson, data={"idea": idea.pk})
    return lesson
