"""The psychometrics package stays pure: no Django, nothing from the rest of Vardag."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_package_never_imports_django_or_other_vardag_modules() -> None:
    for path in PACKAGE.rglob("*.py"):
        for module in _imported_modules(path):
            assert module.split(".")[0] != "django", f"{path} imports {module}"
            if module.startswith("vardag"):
                assert module.startswith("vardag.psychometrics"), f"{path} imports {module}"
