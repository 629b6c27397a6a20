"""The state machine of an idea (DOMAIN.md): which decision moves an idea from where to where."""

from __future__ import annotations

from dataclasses import dataclass

from vardag.forums.models import DecisionType
from vardag.ideas.models import IdeaState

ACTIVE_STATES = frozenset(
    {
        IdeaState.SUBMITTED,
        IdeaState.IN_PREPARATION,
        IdeaState.EXPLORING,
        IdeaState.DESIGN,
        IdeaState.PILOT,
        IdeaState.EVALUATING,
        IdeaState.SCALING,
    }
)
SAME = "same"
PREVIOUS = "previous"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str  # a state, SAME (forum changes only) or PREVIOUS (resume)


TRANSITIONS: dict[str, Transition] = {
    DecisionType.REGISTER: Transition(frozenset({IdeaState.SUBMITTED}), IdeaState.IN_PREPARATION),
    DecisionType.GRANT_TIME: Transition(frozenset({IdeaState.IN_PREPARATION}), IdeaState.EXPLORING),
    DecisionType.GRANT_MONEY: Transition(frozenset({IdeaState.EXPLORING}), IdeaState.DESIGN),
    DecisionType.START_PILOT: Transition(frozenset({IdeaState.DESIGN}), IdeaState.PILOT),
    DecisionType.EVALUATE: Transition(frozenset({IdeaState.PILOT}), IdeaState.EVALUATING),
    DecisionType.ITERATE: Transition(frozenset({IdeaState.EVALUATING}), IdeaState.PILOT),
    DecisionType.SCALE_UP: Transition(frozenset({IdeaState.EVALUATING}), IdeaState.SCALING),
    DecisionType.IMPLEMENTED: Transition(frozenset({IdeaState.SCALING}), IdeaState.IMPLEMENTED),
    DecisionType.ESCALATE: Transition(ACTIVE_STATES, SAME),
    DecisionType.TRANSFER: Transition(ACTIVE_STATES, SAME),
    DecisionType.ON_HOLD: Transition(ACTIVE_STATES, IdeaState.ON_HOLD),
    DecisionType.RESUME: Transition(frozenset({IdeaState.ON_HOLD}), PREVIOUS),
    DecisionType.ARCHIVE: Transition(
        ACTIVE_STATES | {IdeaState.ON_HOLD, IdeaState.IMPLEMENTED}, IdeaState.ARCHIVED
    ),
    # A decision looked at again on its review date (vardag.pilots): the outcome stands alone.
    DecisionType.REVIEW: Transition(
        ACTIVE_STATES | {IdeaState.ON_HOLD, IdeaState.IMPLEMENTED}, SAME
    ),
}

# The gate an idea in each state is waiting for (the guide's "next step").
NEXT_GATE: dict[str, str] = {
    IdeaState.DRAFT: DecisionType.REGISTER,
    IdeaState.SUBMITTED: DecisionType.REGISTER,
    IdeaState.IN_PREPARATION: DecisionType.GRANT_TIME,
    IdeaState.EXPLORING: DecisionType.GRANT_MONEY,
    IdeaState.DESIGN: DecisionType.START_PILOT,
    IdeaState.PILOT: DecisionType.EVALUATE,
    IdeaState.EVALUATING: DecisionType.SCALE_UP,
    IdeaState.SCALING: DecisionType.IMPLEMENTED,
    IdeaState.ON_HOLD: DecisionType.RESUME,
}


def allowed_decisions(state: str) -> list[str]:
    return [code for code, t in TRANSITIONS.items() if state in t.sources]


def target_state(decision_type: str, state: str, state_before_hold: str) -> str:
    transition = TRANSITIONS[decision_type]
    if transition.target == SAME:
        return state
    if transition.target == PREVIOUS:
        return state_before_hold or IdeaState.IN_PREPARATION
    return transition.target
