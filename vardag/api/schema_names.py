"""Which Python class stands behind each schema name in the OpenAPI document.

Ninja names a component after its class (`ItemOut`), so two classes with one name in different
apps become one component and an operation is documented with the other's body. `collisions()`
finds them; vardag/api/tests/test_openapi.py keeps the document free of them.
"""

from __future__ import annotations

import enum
import typing
from collections import defaultdict
from typing import Any

from ninja import NinjaAPI
from pydantic import BaseModel


def _walk(annotation: Any, found: dict[str, set[type]], seen: set[Any]) -> None:
    if annotation in seen:
        return
    seen.add(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation.__module__ != "abc":  # ninja's per-operation wrappers are flattened
            found[annotation.__name__].add(annotation)
        for field in annotation.model_fields.values():
            _walk(field.annotation, found, seen)
        return
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found[annotation.__name__].add(annotation)
        return
    for arg in typing.get_args(annotation):
        _walk(arg, found, seen)


def schema_classes(api: NinjaAPI) -> dict[str, set[type]]:
    """Component name -> the classes that would be documented under it."""
    found: dict[str, set[type]] = defaultdict(set)
    seen: set[Any] = set()
    routers = [entry[1] for entry in api._routers]
    for router in routers:  # with the routers mounted inside routers
        routers += [entry[1] for entry in router._routers if entry[1] not in routers]
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    _walk(model, found, seen)
    return found


def collisions(api: NinjaAPI) -> dict[str, list[str]]:
    return {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in schema_classes(api).items()
        if len(classes) > 1
    }
