"""Navigation built from a registry that each app contributes to in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


def _always(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url_name: str
    order: int = 100
    is_visible: Callable[[Any], bool] = field(default=_always)


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.key] = item


@dataclass(frozen=True)
class NavLink:
    key: str
    label: Any
    url: str
    is_current: bool


def links_for(user: Any, current_path: str) -> list[NavLink]:
    links = []
    for item in sorted(_registry.values(), key=lambda i: (i.order, i.key)):
        if not item.is_visible(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        is_current = current_path == url if url == "/" else current_path.startswith(url)
        links.append(NavLink(item.key, item.label, url, is_current))
    return links
