"""What django-ninja leaves out of the OpenAPI document: the error answers and the links.

Errors: every operation may answer what the API's exception handlers (`api.urls`) make of a
missing token (401), a role that does not allow it (403), an object that is not there or not
yours (404) and input the schema or a service refuses (422), and a NUL character anywhere in a
request is refused before any view (400; PostgreSQL cannot store one), each as `{"detail": ...,
"errors": [...]}`. The document says so, so a client (and schemathesis'
`status_code_conformance`) knows.

Links: django-ninja publishes none, so a client (or schemathesis' stateful run) cannot tell that
the `id` in what `POST /ideas/ideas` answers is the `idea_id` of `GET /ideas/ideas/{idea_id}`.
The routes say it by their shape: an operation whose path is another's path plus `/{x_id}`
takes the `id` of what the other one answers (the created object, or the first one of a list
or page), and the operations on `/x/{x_id}` and below it share `x_id` with each other. Any other
path parameter the target needs must be one the source already had. Where the target's body
requires a field the source's answer also has (the `version` an update must name), the link
passes that too.
"""

from __future__ import annotations

import copy
import re
import typing

Doc = dict[str, typing.Any]
PARAMETER = re.compile(r"\{([^}/]+)\}")
METHODS = ("get", "put", "post", "patch", "delete")


def _resolve(node: Doc, schemas: Doc) -> Doc:
    while "$ref" in node:
        node = schemas[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _answer(operation: Doc, schemas: Doc) -> tuple[typing.Any, str, Doc] | None:
    """The success status, a JSON pointer to the object with an `id` and that object's schema."""
    responses = operation.get("responses", {})
    for status in (201, "201", 200, "200"):  # ninja's keys are ints until written as JSON
        response = responses.get(status)
        content = (response or {}).get("content", {}).get("application/json")
        if not content:
            continue
        body = _resolve(content["schema"], schemas)
        pointer = ""
        if body.get("type") == "array":
            body, pointer = _resolve(body.get("items", {}), schemas), "/0"
        elif set(body.get("properties", {})) == {"items", "count"}:  # a page (core.api_types.Page)
            items = body["properties"]["items"]
            body, pointer = _resolve(items.get("items", {}), schemas), "/items/0"
        if "id" in body.get("properties", {}):
            return status, pointer, body
        return None
    return None


def _body_fields(operation: Doc, schemas: Doc) -> set[str]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return set()
    body = _resolve(content["schema"], schemas)
    return set(body.get("required", []))


def _parameters(source_path: str, target_path: str, pointer: str) -> dict[str, str] | None:
    """How the target's path parameters come from the source, or None when they cannot."""
    known = set(PARAMETER.findall(source_path))
    if target_path == source_path or target_path.startswith(source_path + "/"):
        rest = target_path[len(source_path) :]
        parameters: dict[str, str] = {}
        new = PARAMETER.findall(rest)
        created = re.match(r"/\{([^}/]+)\}(/|$)", rest)
        for name in new:
            if created and name == created.group(1) and name not in known:
                parameters[name] = f"$response.body#{pointer}/id"
            elif name not in known:
                return None
        for name in PARAMETER.findall(target_path):
            if name in known:
                parameters[name] = f"$request.path.{name}"
        if not parameters:
            return None
        return parameters
    return None


ERROR = "Error"
ERROR_SCHEMA: Doc = {
    "title": ERROR,
    "type": "object",
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "errors": {"title": "Errors", "type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}
ERRORS = {
    400: "Bad Request: a NUL character anywhere in the request (refused before any view)",
    401: "Unauthorized: no valid token or session",
    403: "Forbidden: the person's role does not allow it",
    404: "Not Found: no such object, or not one the person may see",
    422: "Unprocessable Content: the input is malformed or refused",
}


def complete(doc: Doc) -> Doc:
    """The document with its error answers and links added (in place)."""
    add_error_responses(doc)
    add_links(doc)
    return doc


def add_error_responses(doc: Doc) -> int:
    """Document the handlers' error answers on every operation that does not already."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR, copy.deepcopy(ERROR_SCHEMA))
    added = 0
    for item in doc["paths"].values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status in responses or str(status) in responses:
                    continue
                responses[status] = {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR}"}}
                    },
                }
                added += 1
    return added


def add_links(doc: Doc) -> int:
    """Add `links` to the success responses in an OpenAPI document; returns how many."""
    schemas = doc.get("components", {}).get("schemas", {})
    operations = [
        (path, method, operation)
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    added = 0
    for source_path, source_method, source in operations:
        answer = _answer(source, schemas)
        if answer is None:
            continue
        status, pointer, answered = answer
        links: Doc = {}
        for target_path, target_method, target in operations:
            if (target_path, target_method) == (source_path, source_method):
                continue
            parameters = _parameters(source_path, target_path, pointer)
            if parameters is None:
                continue
            link: Doc = {"operationId": target["operationId"], "parameters": parameters}
            passed = _body_fields(target, schemas) & set(answered.get("properties", {})) - {"id"}
            if passed:
                link["requestBody"] = {
                    name: f"$response.body#{pointer}/{name}" for name in sorted(passed)
                }
            links[target["operationId"]] = link
        if links:
            source["responses"][status]["links"] = links
            added += len(links)
    return added
