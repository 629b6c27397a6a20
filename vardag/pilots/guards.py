"""The pilots' guards on the idea's state machine, registered into vardag.ideas.gates.

G3 (scale up) needs a complete implementation plan and an evaluation that recommends scaling up;
"införd" needs every receiving unit's takeover and the recorded follow-up; a review needs a
rationale. Ideas asks; pilots answers (ideas never imports pilots).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vardag.forums.models import DecisionType
from vardag.ideas.models import Idea
from vardag.pilots import selectors
from vardag.pilots.models import Pilot, Recommendation


def plan_messages(codes: list[str]) -> list[str]:
    messages = {
        "no_plan": _(
            "G3 kräver en införandeplan: mottagande enheter med linjeägare, driftmedel, rutiner "
            "som ändras, utbildning och ett datum för uppföljning."
        ),
        "no_units": _("Införandeplanen har ingen mottagande enhet."),
        "owner_not_manager": _(
            "Varje mottagande enhet behöver en linjeägare som är chef i den enheten."
        ),
        "no_routines": _("Skriv vilka rutiner och dokument som ändras."),
        "no_training": _("Skriv vilken utbildning som behövs."),
    }
    return [messages[c] for c in codes]


def _scale_up(pilot: Pilot | None) -> list[str]:
    if pilot is None:
        return [_("G3 kräver en pilot med effektmål och en utvärdering.")]
    problems = plan_messages(selectors.plan_problems(selectors.plan_of(pilot)))
    evaluation = selectors.latest_evaluation(pilot)
    if evaluation is None or evaluation.recommendation != Recommendation.SCALE_UP:
        problems.append(_("Den senaste utvärderingen av piloten rekommenderar inte uppskalning."))
    return problems


def _implemented(pilot: Pilot | None) -> list[str]:
    plan = selectors.plan_of(pilot) if pilot else None
    if plan is None:
        return [_("Idén kan inte bli införd utan införandeplan.")]
    problems = []
    waiting = [str(r.unit) for r in plan.receiving_units.all() if not r.is_taken_over]
    if waiting:
        problems.append(
            _("Idén kan inte bli införd förrän de mottagande enheterna har tagit över: %(units)s.")
            % {"units": ", ".join(waiting)}
        )
    if plan.followed_up_on is None:
        problems.append(
            _("Idén kan inte bli införd förrän uppföljningen (%(date)s) är gjord och registrerad.")
            % {"date": plan.follow_up_on}
        )
    return problems


def idea_gate_problems(idea: Idea, decision_type: str, **context: Any) -> list[str]:
    if decision_type == DecisionType.REVIEW:
        rationale = str(context.get("rationale", ""))
        return [] if rationale.strip() else [_("Skriv vad omprövningen kom fram till.")]
    if decision_type not in (DecisionType.SCALE_UP, DecisionType.IMPLEMENTED):
        return []
    pilot = Pilot.objects.filter(idea_id=idea.pk).first()
    if decision_type == DecisionType.SCALE_UP:
        return _scale_up(pilot)
    return _implemented(pilot)
