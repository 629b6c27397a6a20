"""Support for Vardag's tests (imported only by tests, like django.test).

Access cases: every app lists, in `<app>/tests/access.py`, how to reach each of its URL patterns
and API routes as the owner of an object. The access-matrix test (tests/test_access_matrix.py)
then proves that the foreign persona gets 404 and the anonymous visitor a login redirect or 401,
and fails for any route that has no case.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Case:
    """How the access matrix reaches one URL pattern (or API route).

    kwargs: URL kwargs for an object owned by the world's first organisation.
    persona: the persona that may use it ("employee", "manager", "admin", "innovation_lead",
        "researcher", ...); see vardag.accounts.testing.World.
    method: "get" for pages, "post" for POST-only actions.
    foreign: "404" when the URL names an object (the foreign persona must get 404); "own" for
        pages without an object (lists), which the foreign persona sees with only its own data —
        `marker` (a text shown to the owner) must then not appear for the foreign persona.
    public: reachable without signing in (token links for participants and respondents).
    is_page: an HTML page the browser/axe tests should visit (GET cases only).
    expect: the owner's expected status (200 for pages; 302/303 after a POST action).
    data: POST data for the owner's request.
    foreign_data: POST data for the foreign persona's request when it must differ (a create
        without an object, where the same data would clash with the owner's, e.g. a username).
    bystander: how a plain employee of another unit in the SAME organisation fares: "refused"
        (403 or 404, nothing written; the API may also refuse with 422 and its reasons),
        "allowed" (not requested), or "own" (a list of one's own: it answers, without the
        owner's `marker`). Defaults to "refused" when
        the case's persona holds a role (anyone but "employee"), so a manager's, admin's or
        researcher's action offered to everyone fails the matrix unless the case says why not.
    """

    kwargs: dict[str, Any] = field(default_factory=dict)
    persona: str = "employee"
    method: Literal["get", "post"] = "get"
    foreign: Literal["404", "own"] = "404"
    marker: str = ""
    public: bool = False
    is_page: bool = True
    expect: int = 200
    data: dict[str, Any] = field(default_factory=dict)
    query: str = ""
    foreign_data: dict[str, Any] | None = None
    bystander: Literal["refused", "allowed", "own", "default"] = "default"

    @property
    def bystander_refused(self) -> bool:
        if self.public:
            return False
        if self.bystander == "default":
            return self.persona != "employee"
        return self.bystander == "refused"


# An access module exposes: def url_cases(world) -> dict[str, Case] and
# def api_cases(world) -> dict[str, Case] (keys like "GET /api/v1/ideas/{idea_id}").
CaseBuilder = Callable[[Any], dict[str, Case]]


def count_queries(fn: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def assert_constant_queries(
    fetch: Callable[[], Any], grow: Callable[[int], Any], *, small: int = 5, large: int = 50
) -> int:
    """Assert a page needs the same number of queries for `small` and `large` rows.

    `grow(n)` must add rows so that there are n in total; `fetch()` requests the page.
    """
    grow(small)
    fetch()  # warm caches (content types, sessions)
    few = count_queries(fetch)
    grow(large)
    many = count_queries(fetch)
    assert few == many, f"query count grows with data: {few} for {small} rows, {many} for {large}"
    return few


@contextlib.contextmanager
def rolled_back_after(django_db_blocker: Any) -> Iterator[None]:
    """Data made inside this block is shared by several tests and rolled back after the last.

    The block is an outer transaction; each test's own transaction (pytest-django's django_db)
    nests in it as a savepoint and is rolled back after the test, so every test starts from the
    shared data as it was made, as with Django's TestCase.setUpTestData."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
