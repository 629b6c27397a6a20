"""Schemathesis over the API with every check, for tests (vardag/api/tests, tests/test_demo.py)."""

from __future__ import annotations

import time
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize
from schemathesis.config import SchemathesisConfig


class _Bearer:
    """The run's credentials: a real token, so schemathesis counts them as given (and its
    `ignored_auth` check probes each operation without them and with a wrong one)."""

    token = ""

    def get(self, case: typing.Any, ctx: typing.Any) -> str:
        return _Bearer.token

    def set(self, case: typing.Any, data: str, ctx: typing.Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def sign_in(token: str) -> None:
    """The token the next generated cases carry."""
    _Bearer.token = token


# Every check, and fuzzing only: the coverage phase's boundary cases are what test_openapi's
# test_every_integer_is_bounded and test_huge_numbers_are_refused_not_crashed check directly, so
# the run stays short. One check is told the API's contract: a request the schema allows may
# still be refused with 422 when it names an object that is not there (an unknown filter or body
# id) or asks what a service refuses in the object's present state (submitting twice); the
# document says so (`api.document.ERRORS`). Without it `positive_data_acceptance` would expect
# such a request to succeed; it still fails on any other 4xx (400, 405, 415). And no NUL in
# generated strings: every request with one is refused with 400 before any view
# (tests/test_nul_input.py), as the document says, so a string with NUL is not valid input.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "generation": {"allow-x00": False},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            }
        },
    }
)
# The credentials are not cached, so each scenario can switch organisation.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)
schema.auth(refresh_interval=None)(_Bearer)


@contextmanager
def in_the_test_transaction() -> Iterator[None]:
    """Schemathesis calls the WSGI application directly, whose request signals would run Django's
    close_old_connections: inside the test's transaction (autocommit off) that closes the real
    PostgreSQL connection. Django's own test client leaves them out for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


Check = Callable[[typing.Any, typing.Any, typing.Any], typing.Any]


def run_stateful(
    tokens: Sequence[str], *, scenarios: int, steps: int, checks: Sequence[Check] = ()
) -> str:
    """Run `scenarios` chains of up to `steps` calls, each as one of `tokens`, with every check
    and `checks`; raise on the first failure; say what was run."""
    calls: list[tuple[str, int]] = []

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        """Each scenario signs in as one of `tokens` (drawn, so a scenario replays the same) and
        is rolled back at its end, so every scenario starts from the same data."""

        def setup(self) -> None:
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()

        @initialize(index=st.integers(min_value=0, max_value=len(tokens) - 1))
        def sign_in(self, index: int) -> None:
            _Bearer.token = tokens[index]

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)
            super().teardown()

        def after_call(self, response: typing.Any, case: typing.Any) -> None:
            super().after_call(response, case)
            calls.append((case.operation.label, response.status_code))

        def validate_response(
            self,
            response: typing.Any,
            case: typing.Any,
            additional_checks: typing.Any = None,
            **kwargs: typing.Any,
        ) -> None:
            super().validate_response(
                response, case, additional_checks=[*(additional_checks or ()), *checks], **kwargs
            )

    started = time.monotonic()
    with in_the_test_transaction():
        Machine.run(
            settings=settings(
                max_examples=scenarios,
                stateful_step_count=steps,
                derandomize=True,
                phases=[Phase.generate],
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
        )
    transitions = schema.statistic.transitions
    succeeded = [label for label, status in calls if 200 <= status < 300]
    return (
        f"stateful: {transitions.total} links, {scenarios} scenarios, {len(calls)} calls to"
        f" {len({label for label, _ in calls})} operations ({len(succeeded)} 2xx, from"
        f" {len(set(succeeded))}) in {time.monotonic() - started:.1f} s"
    )
