"""The user-perspective evidence a money or scale-up gate asks for (DOMAIN.md: G2 and G3 guards).

The evidence itself lives in vardag.participation (user groups, insights in the user's own voice,
value assessments with legal basis, Lundy checklist for children); ideas asks what is missing.
"""

from __future__ import annotations

from vardag.core.actors import Actor
from vardag.forums.models import DecisionType
from vardag.ideas.models import Idea
from vardag.participation.selectors import Requirements, evidence_for

GATE_REQUIREMENTS: dict[str, Requirements] = {
    DecisionType.GRANT_MONEY: Requirements(
        min_user_groups=1,
        min_user_voice_insights=1,
        needs_value_assessment_with_legal_basis=True,
        needs_lundy_when_children=True,
    ),
    DecisionType.SCALE_UP: Requirements(
        min_user_groups=1, needs_value_assessment_with_legal_basis=True
    ),
}


def gate_gaps(actor: Actor, idea: Idea, decision_type: str | None) -> list[str] | None:
    """What the gate still lacks (empty when complete); None for gates that ask for nothing."""
    requirements = GATE_REQUIREMENTS.get(decision_type or "")
    if requirements is None or idea.organisation_id != getattr(actor, "organisation_id", None):
        return None
    also = [("ideas.challenge", idea.challenge_id)] if idea.challenge_id else []
    evidence = evidence_for(actor, subject_type="ideas.idea", subject_id=idea.pk, also=also)
    return [str(gap) for gap in evidence.missing(requirements)]
