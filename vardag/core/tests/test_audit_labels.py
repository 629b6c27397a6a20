"""Every action key the code records has a label in the one registry (`core.audit_labels`), and
the labels and the stored change data read as words in Swedish and English."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
from django.utils import translation

from vardag.core.audit_labels import (
    ACTION_LABELS,
    TASK_LABELS,
    action_choices,
    action_label,
    changes,
)
from vardag.core.models import Unit

CODE = Path(__file__).resolve().parents[2]  # vardag/


class Unresolved(Exception):
    pass


def _enclosing(tree: ast.Module, node: ast.AST) -> ast.FunctionDef | None:
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and any(n is node for n in ast.walk(fn)):
            inner = [f for f in ast.walk(fn) if isinstance(f, ast.FunctionDef) and f is not fn]
            if not any(any(n is node for n in ast.walk(f)) for f in inner):
                return fn
    return None


def _values(tree: ast.Module, fn: ast.FunctionDef | None, expr: ast.AST) -> set[str]:
    """The strings an action argument can be: literals, both sides of `a if c else b`, names
    assigned in the function, a parameter (from every call of the function in the module) and
    f-strings of those."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return _values(tree, fn, expr.body) | _values(tree, fn, expr.orelse)
    if isinstance(expr, ast.JoinedStr):
        parts = [
            {p.value} if isinstance(p, ast.Constant) else _values(tree, fn, p.value)
            for p in expr.values
            if isinstance(p, ast.Constant | ast.FormattedValue)
        ]
        return {"".join(combo) for combo in itertools.product(*parts)}
    if isinstance(expr, ast.Name) and fn is not None:
        assigned = [
            n.value
            for n in ast.walk(fn)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in n.targets)
        ]
        if assigned:
            return set().union(*(_values(tree, fn, v) for v in assigned))
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if expr.id in params:
            return _from_calls(tree, fn, params.index(expr.id))
    raise Unresolved(ast.unparse(expr))


def _from_calls(tree: ast.Module, fn: ast.FunctionDef, index: int) -> set[str]:
    found: set[str] = set()
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == fn.name
            and len(call.args) > index
        ):
            found |= _values(tree, _enclosing(tree, call), call.args[index])
    if not found:
        raise Unresolved(f"{fn.name}() is never called with its action")
    return found


def recorded_keys() -> tuple[set[str], list[str]]:
    """(every action key the code records through `audit.record`, the calls not understood)."""
    keys: set[str] = set()
    unresolved: list[str] = []
    for path in sorted(CODE.rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        source = path.read_text(encoding="utf-8")
        if "record(" not in source:
            continue
        tree = ast.parse(source)
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "record"
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "audit"
            ):
                continue
            where = f"{path.relative_to(CODE.parent)}:{call.lineno}"
            action = call.args[1] if len(call.args) > 1 else None
            if action is None:
                unresolved.append(where)
                continue
            try:
                keys |= _values(tree, _enclosing(tree, call), action)
            except Unresolved as e:
                unresolved.append(f"{where} ({e})")
    return keys, unresolved


def test_every_recorded_action_key_has_a_label():
    keys, unresolved = recorded_keys()
    assert not unresolved, (
        f"action keys this test cannot read (write them as literals): {unresolved}"
    )
    assert len(keys) > 150  # the walk found the code base's calls
    assert {"unit.renamed", "idea.unfollow", "questionnaire.item_moved", "task.lost"} <= keys
    missing = sorted(keys - set(ACTION_LABELS))
    assert not missing, f"add a label to core.audit_labels.ACTION_LABELS for: {missing}"


def test_the_walk_reads_literals_branches_names_and_helpers():
    tree = ast.parse(
        "def helper(actor, action):\n"
        "    audit.record(actor, f'thing.{action}')\n"
        "def write(actor, gone):\n"
        "    helper(actor, 'made')\n"
        "    action = 'thing.moved'\n"
        "    audit.record(actor, 'thing.a' if gone else 'thing.b')\n"
        "    audit.record(actor, action)\n"
    )
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "audit.record"
    ]
    found = set().union(*(_values(tree, _enclosing(tree, c), c.args[1]) for c in calls))
    assert found == {"thing.made", "thing.a", "thing.b", "thing.moved"}


@pytest.mark.parametrize(
    ("language", "known", "unknown"),
    [
        ("sv", "Enheten bytte namn", "Övrig händelse (idea decided old)"),
        ("en", "The unit was renamed", "Other event (idea decided old)"),
    ],
)
def test_labels_and_the_fallback_in_both_languages(language, known, unknown):
    with translation.override(language):
        assert action_label("unit.renamed") == known
        assert action_label("idea.decided_old") == unknown
        assert action_label("").startswith(unknown.split("(")[0])
        choices = action_choices(["unit.renamed", "idea.decided_old", "unit.renamed"])
        assert sorted(choices) == sorted([("unit.renamed", known), ("idea.decided_old", unknown)])
        assert [label for _key, label in choices] == sorted(
            (label for _key, label in choices), key=str.casefold
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ["Namn: Mottagningen → Mottagningsenheten", "Typ: Enhet → Skola", "Kod: – → A1"]),
        ("en", ["Name: Mottagningen → Mottagningsenheten", "Type: Unit → School", "Code: – → A1"]),
    ],
)
def test_change_data_reads_field_old_new_with_verbose_names(language, expected):
    data = {
        "name": ["Mottagningen", "Mottagningsenheten"],
        "kind": ["unit", "school"],
        "code": ["", "A1"],
    }
    with translation.override(language):
        lines = [f"{c.label}: {c.old} → {c.new}" for c in changes(Unit, data)]
        assert lines == expected
        created = changes(Unit, {"parent": 7, "kind": "unit"}, names={7: "Socialförvaltningen"})
        assert [(c.label, c.old, c.new) for c in created][1][2] == str(
            dict(Unit.Kind.choices)["unit"]
        )
        assert created[0].new == "Socialförvaltningen" and created[0].old is None


def _task_paths() -> set[str]:
    """Every background task the code defines (a function decorated with `task(...)`), as its
    `Task.module_path`."""
    found = set()
    for path in sorted(CODE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(CODE.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "task"
                for d in node.decorator_list
            ):
                found.add(f"{module}.{node.name}")
    return found


def test_every_background_task_has_a_label_of_what_it_does():
    tasks = _task_paths()
    assert "vardag.orgadmin.tasks.apply_hr_import" in tasks and len(tasks) >= 7
    assert tasks - set(TASK_LABELS) == set()
    assert set(TASK_LABELS) - tasks == set(), "a label for a task that is gone"


# Kinds whose English word is the Swedish one.
SAME_WORD_KINDS = {"organisation", "person", "persona", "memo", "pilot", "partner", "iteration"}


def test_every_kind_of_object_has_its_own_words_in_swedish_and_english():
    """An event's object kind is its model's verbose name: each of the project's models names
    one in Swedish (not Django's default from the class name, "contribution") and the English
    page reads it translated."""
    from django.apps import apps

    from vardag.core.audit_labels import kind_label

    unnamed, untranslated = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("vardag."):
            continue
        label = model._meta.label_lower
        if "verbose_name" not in model._meta.original_attrs:
            unnamed.append(label)
            continue
        with translation.override("sv"):
            swedish = kind_label(label)
        with translation.override("en"):
            english = kind_label(label)
        if swedish == english and swedish.casefold() not in SAME_WORD_KINDS:
            untranslated.append((label, swedish))
    assert unnamed == []
    assert untranslated == []
