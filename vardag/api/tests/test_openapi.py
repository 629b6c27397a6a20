"""The OpenAPI document is right, and no input the schema allows makes the API answer 500.

Issue 14, items 5 and 8. Schemathesis (set up in `vardag.api.testing`) generates requests from
the document for every operation (derandomised, three examples each) with the token of one of
the two organisations' admins, and every check it has must hold: no 500, every status code and
answer documented, auth enforced, invalid input refused. Then a stateful run chains operations
by the document's links with the same checks; tests/test_demo.py runs it again over the demo
with both municipalities' tokens.
"""

from __future__ import annotations

import typing
import zlib

import pytest
from hypothesis import HealthCheck, settings
from pydantic import BaseModel

from vardag.api import schema_names
from vardag.api.testing import in_the_test_transaction, run_stateful, schema, sign_in
from vardag.api.urls import api
from vardag.core.api_types import MAX_INT, MAX_LIMIT

DOC = api.get_openapi_schema(path_prefix="/api/v1/")


def test_every_schema_name_stands_for_one_class():
    assert schema_names.collisions(api) == {}


def _body_model(operation: typing.Any) -> type[BaseModel] | None:
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", "") == "body":
            fields = list(model.model_fields.values())
            if len(fields) == 1 and isinstance(fields[0].annotation, type):
                return fields[0].annotation
    return None


def test_each_operation_documents_its_own_body():
    """The questionnaire item PUT was documented with the meeting agenda's body."""
    routers = [entry[1] for entry in api._routers]
    for router in routers:
        routers += [entry[1] for entry in router._routers if entry[1] not in routers]
    checked = 0
    for method, path, op_doc in _operations():
        request_body = op_doc.get("requestBody")
        if not request_body or "application/json" not in request_body["content"]:
            continue
        ref = request_body["content"]["application/json"]["schema"].get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        operation = _operation_for(routers, method, op_doc["operationId"])
        model = _body_model(operation)
        assert model is not None and model.__name__ == name, (method, path, name)
        documented = set(DOC["components"]["schemas"][name]["properties"])
        assert documented == {f.alias or n for n, f in model.model_fields.items()}, (path, name)
        checked += 1
    assert checked > 30


def _operations() -> list[tuple[str, str, dict]]:
    return [(m, p, op) for p, item in DOC["paths"].items() for m, op in item.items()]


def _operation_for(routers: list, method: str, operation_id: str) -> typing.Any:
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.operation_id == operation_id or (
                    method.upper() in operation.methods
                    and api.get_openapi_operation_id(operation) == operation_id
                ):
                    return operation
    raise LookupError(operation_id)


def test_every_integer_is_bounded():
    """A huge limit, offset or id is a 422, never a 500 from the database."""
    unbounded: list[str] = []

    def walk(node: typing.Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer" and not (
                ("maximum" in node or "exclusiveMaximum" in node)
                and ("minimum" in node or "exclusiveMinimum" in node)
            ):
                unbounded.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for method, path, op_doc in _operations():
        for parameter in op_doc.get("parameters", []):
            walk(parameter["schema"], f"{method} {path} {parameter['name']}")
    for name, component in DOC["components"]["schemas"].items():
        if not name.endswith("Out"):  # what the API answers is not input
            walk(component, name)
    assert unbounded == []


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker) -> typing.Iterator[tuple[str, str]]:
    """Both organisations' admins' tokens in a world made once for the module, rolled back."""
    from vardag.accounts import services as account_services
    from vardag.accounts.testing import make_world
    from vardag.core.testing import rolled_back_after

    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            world = make_world()
            secrets = tuple(
                account_services.token_create(actor=person, name="schemathesis")[1]
                for person in (world.admin, world.foreign)
            )
        yield secrets


def test_every_operation_documents_the_error_answers_it_can_give():
    """What the exception handlers in api.urls (and the NUL refusal) answer is in the document,
    with a schema the real answers match (schemathesis' response_schema_conformance)."""
    for method, path, op_doc in _operations():
        for status in (400, 401, 403, 404, 422):
            assert status in op_doc["responses"] or str(status) in op_doc["responses"], (
                method,
                path,
                status,
            )
    assert DOC["components"]["schemas"]["Error"]["required"] == ["detail"]
    # A route's own answer for a status is kept (the research API's 422 with ErrorOut).
    codes = DOC["paths"]["/api/v1/research/studies/{study_id}/codes"]["post"]["responses"]
    assert codes[422]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def _links() -> list[tuple[str, str, dict]]:
    return [
        (f"{method} {path}", name, link)
        for method, path, op_doc in _operations()
        for response in op_doc["responses"].values()
        for name, link in response.get("links", {}).items()
    ]


def test_links_follow_the_routes():
    by_id = {op["operationId"]: (m, p, op) for m, p, op in _operations()}
    links = {(source, name): link for source, name, link in _links()}
    assert len(links) > 100
    # What POST /ideas/ideas creates is read, updated (with its version) and decided on.
    created = {
        name: link for (source, name), link in links.items() if source == "post /api/v1/ideas/ideas"
    }
    assert created["vardag_ideas_api_get_idea"]["parameters"] == {"idea_id": "$response.body#/id"}
    assert created["vardag_ideas_api_update_idea"]["requestBody"] == {
        "version": "$response.body#/version"
    }
    assert "vardag_ideas_api_record_decision" in created
    # Every idea of a page leads to it; a proposed agenda item keeps its meeting.
    listed = links[("get /api/v1/ideas/ideas", "vardag_ideas_api_get_idea")]
    assert listed["parameters"] == {"idea_id": "$response.body#/items/0/id"}
    proposed = [
        link
        for (source, _), link in links.items()
        if source == "post /api/v1/meetings/meetings/{meeting_id}/items"
    ]
    assert {
        "meeting_id": "$request.path.meeting_id",
        "item_id": "$response.body#/id",
    } in [link["parameters"] for link in proposed]
    # Each link names an operation and gives exactly its path parameters.
    for (source, _name), link in links.items():
        _method, path, target = by_id[link["operationId"]]
        wanted = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
        assert set(link["parameters"]) == wanted, (source, link)
        for expression in link["parameters"].values():
            if expression.startswith("$request.path."):
                assert "{" + expression.removeprefix("$request.path.") + "}" in source


def test_huge_numbers_are_refused_not_crashed(tokens, db, client):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens[0]}"}
    huge = 10**30
    for url in (
        f"/api/v1/units?limit={huge}",
        f"/api/v1/units?offset={huge}",
        f"/api/v1/units?limit={MAX_LIMIT + 1}",
        f"/api/v1/ideas/ideas/{huge}",
        f"/api/v1/participation/insights/{huge}",
        f"/api/v1/participation/value-assessments/{MAX_INT + 1}",
    ):
        assert client.get(url, **auth).status_code == 422, url
    assert client.get(f"/api/v1/units?limit={MAX_LIMIT}", **auth).status_code == 200
    assert client.get(f"/api/v1/ideas/ideas/{MAX_INT}", **auth).status_code == 404


@pytest.fixture(name="in_the_test_transaction")
def _in_the_test_transaction() -> typing.Iterator[None]:
    with in_the_test_transaction():
        yield


@pytest.fixture
def signed_in(request, tokens) -> None:
    """The admin of one of the two organisations, fixed per operation (before generation, which
    is when schemathesis sets the credentials)."""
    sign_in(tokens[zlib.crc32(request.node.name.encode()) % 2])


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_passes_every_check(case, signed_in, in_the_test_transaction):
    """No input the schema allows makes a 500, and every other check schemathesis has holds
    (the documented status codes and answers, auth enforced, invalid input refused ...)."""
    case.call_and_validate()


@pytest.mark.django_db
def test_chained_operations_never_fail_a_check(tokens):
    """The stateful run: schemathesis follows the document's links (`api.document`, and those it
    infers itself), so what one call creates or lists, the next reads, updates, decides on.
    Every check schemathesis has is on. Scenarios alternate between the two organisations."""
    print(run_stateful(tokens, scenarios=60, steps=15))
