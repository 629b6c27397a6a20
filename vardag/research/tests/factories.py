"""Test data for research: a study with an activity, a source, codes, excerpts and a theme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vardag.research.models import (
    Activity,
    Code,
    Excerpt,
    Source,
    StickyNote,
    Study,
    StudyMember,
    Theme,
)

TEXT = (
    "Intervjuare: Hur upplever du tiden för utveckling?\n\n"
    "Person 1: Vi har aldrig tid att pröva nya idéer, allt går till det akuta.\n\n"
    "Person 1: Men min chef stöttar oss när vi väl föreslår något."
)


@dataclass
class StudyWorld:
    study: Study
    activity: Activity
    source: Source
    code: Code
    other_code: Code
    excerpt: Excerpt
    theme: Theme
    member: StudyMember


def make_study(owner: Any, *, coder: Any = None, title: str = "Tid för innovation") -> StudyWorld:
    study = Study.objects.create(organisation_id=owner.organisation_id, owner=owner, title=title)
    activity = Activity.objects.create(study=study, kind="focus_group", title="Fokusgrupp 1")
    StickyNote.objects.create(activity=activity, text="Mer tid för idéer", cluster="Tid")
    source = Source.objects.create(
        study=study, activity=activity, title="Intervju A", text=TEXT, speaker_role="employee"
    )
    code = Code.objects.create(study=study, name="Tid", colour="#5d4037")
    other = Code.objects.create(study=study, name="Ledningens stöd", colour="#1b5e20")
    excerpt = Excerpt.objects.create(source=source, code=code, coder=owner, start=61, end=95)
    theme = Theme.objects.create(study=study, name="Tidsbrist")
    theme.codes.add(code)
    member = StudyMember.objects.create(study=study, user=coder or owner, role="coder")
    return StudyWorld(study, activity, source, code, other, excerpt, theme, member)
