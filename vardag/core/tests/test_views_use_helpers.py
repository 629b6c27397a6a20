"""Issue 13 item 3: the ideas and organisation-admin views hand refusals to
`core.forms.save_or_errors` / `act_or_message` instead of catching ValidationError by hand
(one place decides where a refusal lands: a field, the form, or a message)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

VARDAG = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["ideas/views.py", "orgadmin/views.py"])
def test_no_view_catches_a_refusal_by_hand(module):
    tree = ast.parse((VARDAG / module).read_text(encoding="utf-8"))
    caught = [
        f"{module}:{handler.lineno}"
        for handler in ast.walk(tree)
        if isinstance(handler, ast.ExceptHandler)
        and handler.type is not None
        and any(
            name in ast.unparse(handler.type)
            for name in ("ValidationError", "ImportFileError", "TableError")
        )
    ]
    assert not caught
