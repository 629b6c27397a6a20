"""Bounded numbers for the API (issue 14.5): no integer reaches the database unchecked.

An id, limit or offset past what the database holds made every list answer 500 (SQLite raises
OverflowError beyond 2**63, PostgreSQL "out of range" beyond its column). Every integer in a
path, query or body is one of these types, so the OpenAPI document states the bounds and a
number outside them is a 422 before any query runs. vardag/api/tests/test_openapi.py fails on
an integer without both bounds.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination

MAX_INT = 2**31 - 1  # PostgreSQL `integer`, the smallest integer column behind these
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000

Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Int = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]


def path_id() -> Any:
    """`Id` for a path parameter of a paginated view (whose string annotations ninja resolves
    in the decorator's module, where `Id` is unknown): `forum_id: int = path_id()`."""
    return Path(..., ge=1, le=MAX_INT)


def query_id() -> Any:
    """An optional id in the query string of a paginated view:
    `forum_id: int | None = query_id()`."""
    return Query(None, ge=1, le=MAX_INT)


class Page(LimitOffsetPagination):
    """Limit/offset paging with both numbers bounded (ninja's own offset has no upper bound)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"1–{MAX_LIMIT}")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_limit", MAX_LIMIT)
        super().__init__(**kwargs)
