"""Guards that higher apps add to the idea's state machine, without ideas importing them.

A higher app (e.g. vardag.pilots: "G3 needs an implementation plan", "införd needs takeovers
and a follow-up") registers a function in its AppConfig.ready(). decision_record() asks every
registered guard, inside its transaction, before the mandate check; each returns the problems
in plain language (empty when the decision may be taken).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Guard = Callable[..., list[str]]

_guards: dict[str, Guard] = {}


def register(key: str, guard: Guard) -> None:
    """Add (or replace) the guard named `key`: guard(idea, decision_type, **context)."""
    _guards[key] = guard


def problems(idea: Any, decision_type: str, **context: Any) -> list[str]:
    found: list[str] = []
    for guard in _guards.values():
        found += guard(idea, decision_type, **context)
    return found
