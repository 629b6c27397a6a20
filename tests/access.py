"""Collects every URL pattern and API route, and each app's access cases for them."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from vardag.core.testing import Case

# Routes outside any app namespace, reachable by anyone.
BUILTIN_PUBLIC = {
    "set_language": Case(
        method="post", public=True, is_page=False, expect=302, data={"language": "en"}
    ),
    "healthz": Case(public=True, is_page=False),
}
SKIPPED_NAMESPACES = {"api"}


@dataclass(frozen=True)
class Route:
    name: str
    has_params: bool


def _walk(patterns, prefix: str = "", params: bool = False):
    for entry in patterns:
        has_params = params or bool(entry.pattern.converters) or "<" in str(entry.pattern)
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in SKIPPED_NAMESPACES:
                continue
            new_prefix = f"{prefix}{namespace}:" if namespace else prefix
            yield from _walk(entry.url_patterns, new_prefix, has_params)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{prefix}{entry.name}", has_params)


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)
    return sorted(seen.values(), key=lambda r: r.name)


def all_api_routes() -> list[str]:
    from vardag.api.urls import api

    schema = api.get_openapi_schema()
    routes = []
    for path, methods in schema["paths"].items():
        for method in methods:
            routes.append(f"{method.upper()} {path}")
    return sorted(routes)


def _access_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("vardag."):
            continue
        name = f"{config.name}.tests.access"
        if importlib.util.find_spec(f"{config.name}.tests") and importlib.util.find_spec(name):
            yield config.label, importlib.import_module(name)


def url_cases_for(label: str, world) -> dict[str, Case]:
    for app_label, module in _access_modules():
        if app_label == label and hasattr(module, "url_cases"):
            return module.url_cases(world)
    return {}


def all_url_cases(world) -> dict[str, Case]:
    cases = dict(BUILTIN_PUBLIC)
    for _label, module in _access_modules():
        if hasattr(module, "url_cases"):
            cases.update(module.url_cases(world))
    return cases


def api_cases_of(label: str, world) -> dict[str, Case]:
    """One app's API cases (its routes are `/api/v1/<label>/...`)."""
    for app_label, module in _access_modules():
        if app_label == label and hasattr(module, "api_cases"):
            return module.api_cases(world)
    return {}


def all_api_cases(world) -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for _label, module in _access_modules():
        if hasattr(module, "api_cases"):
            cases.update(module.api_cases(world))
    return cases
