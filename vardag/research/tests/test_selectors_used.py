"""Every gatekeeper of the research app (`access_*` in selectors.py) is called by the code that
serves people (views, API, services, other apps): one left unused is dead code, and a view that
reads the same object by other means keeps a second access rule (tryout finding:
`access_memo` was defined and called nowhere)."""

from __future__ import annotations

import ast
from pathlib import Path

from vardag.research import selectors

CODE = Path(__file__).resolve().parents[2]  # vardag/


def _called_names() -> set[str]:
    names = set()
    for path in CODE.rglob("*.py"):
        if "tests" in path.parts or path == Path(selectors.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    return names


def test_every_access_selector_of_research_is_used_outside_its_module():
    gatekeepers = {name for name in vars(selectors) if name.startswith("access_")}
    gatekeepers = {n for n in gatekeepers if getattr(selectors, n).__module__ == selectors.__name__}
    assert {"access_study", "access_source", "access_code"} <= gatekeepers
    assert gatekeepers - _called_names() == set()
