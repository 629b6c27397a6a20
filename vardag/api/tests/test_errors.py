"""A 422 speaks the request's language: the summary and every error's `msg` (the tryout found
pydantic's English details under a Swedish summary); `loc` and `type` stay machine-readable."""

from __future__ import annotations

from typing import Literal

import pytest
from django.utils import translation
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticError

from vardag.accounts.testing import api_client
from vardag.api.errors import MESSAGES, translated_errors

IDEAS = "/api/v1/ideas/ideas"
BAD_IDEA = {
    "title": "x" * 201,
    "asks_hours": -1,
    "asks_amount_sek": "många",
    "affected_unit_ids": "inte en lista",
}


def _errors(response) -> dict[str, dict]:
    assert response.status_code == 422, response.content
    return {e["loc"][-1]: e for e in response.json()["errors"]}


@pytest.mark.django_db
def test_422_details_are_swedish_for_a_swedish_user(world):
    response = api_client(world.employee).post(IDEAS, BAD_IDEA, content_type="application/json")
    body = response.json()
    assert body["detail"] == "Felaktig begäran."
    errors = _errors(response)
    assert errors["unit_id"]["type"] == "missing"
    assert errors["unit_id"]["loc"] == ["body", "payload", "unit_id"]
    assert errors["unit_id"]["msg"] == "Fältet måste fyllas i."
    assert errors["title"]["type"] == "string_too_long"
    assert errors["title"]["msg"] == "Texten får ha högst 200 tecken."
    assert errors["title"]["ctx"] == {"max_length": 200}
    assert errors["asks_hours"]["msg"] == "Värdet ska vara minst 0."
    assert errors["asks_amount_sek"]["type"] == "int_parsing"
    assert errors["asks_amount_sek"]["msg"].startswith("Värdet ska vara ett heltal")
    assert errors["affected_unit_ids"]["msg"] == "Värdet ska vara en lista."
    assert response["Content-Language"] == "sv"


@pytest.mark.django_db
def test_422_details_are_english_for_an_english_user(world):
    world.employee.language = "en"
    world.employee.save(update_fields=["language"])
    response = api_client(world.employee).post(IDEAS, BAD_IDEA, content_type="application/json")
    assert response.json()["detail"] == "Invalid request."
    errors = _errors(response)
    # The same machine-readable part as in Swedish; only the words change.
    assert errors["unit_id"]["type"] == "missing"
    assert errors["unit_id"]["loc"] == ["body", "payload", "unit_id"]
    assert errors["unit_id"]["msg"] == "Field required."
    assert errors["title"]["msg"] == "String should have at most 200 characters."
    assert errors["asks_hours"]["msg"] == "Input should be greater than or equal to 0."
    assert errors["asks_amount_sek"]["msg"].startswith("Input should be a valid integer")
    assert response["Content-Language"] == "en"
    # A refusal of the service, after the token named the person, is in her language too.
    refused = api_client(world.employee).get("/api/v1/ideas/ideas/999999")
    assert refused.status_code == 404 and refused.json()["detail"] == "Not found."


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused_in_the_users_language(world):
    client = api_client(world.employee)
    sv = client.post(IDEAS, "{inte json", content_type="application/json")
    assert sv.status_code == 400
    assert sv.json()["detail"].startswith("Begärans innehåll går inte att läsa")
    world.employee.language = "en"
    world.employee.save(update_fields=["language"])
    en = api_client(world.employee).post(IDEAS, "{inte json", content_type="application/json")
    assert en.json()["detail"] == "The request body cannot be read: it is not valid JSON."


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    position: Literal["supports", "conditions", "opposes"]
    publish: bool
    code: str = Field(min_length=2)
    count: int = Field(gt=0, lt=10)
    tags: list[str] = Field(max_length=1)
    day: str = ""

    @field_validator("day")
    @classmethod
    def _weekday(cls, value: str) -> str:
        if value not in ("", "måndag"):
            raise ValueError(str(translation.gettext("Fältet måste fyllas i.")))
        return value


def _sample_errors() -> list[dict]:
    with pytest.raises(PydanticError) as caught:
        _Sample.model_validate(
            {
                "position": "maybe",
                "publish": "kanske",
                "code": "x",
                "count": 10,
                "tags": ["a", "b"],
                "colour": "blue",
                "day": "söndag",
            }
        )
    return caught.value.errors(include_url=False)


def test_pydantics_common_error_types_are_worded_in_both_languages():
    raw = _sample_errors()
    ours = next(e for e in raw if e["type"] == "value_error")
    assert ours["msg"] == "Value error, Fältet måste fyllas i."
    assert translated_errors([ours])[0]["msg"] == "Fältet måste fyllas i."
    raw = [e for e in raw if e["type"] != "value_error"]
    types = {e["type"] for e in raw}
    assert types == {
        "literal_error",
        "bool_parsing",
        "string_too_short",
        "less_than",
        "too_long",
        "extra_forbidden",
    }
    assert types <= set(MESSAGES)
    with translation.override("sv"):
        sv = {e["type"]: e["msg"] for e in translated_errors(raw)}
    with translation.override("en"):
        en = {e["type"]: e["msg"] for e in translated_errors(raw)}
    assert sv["literal_error"] == "Värdet ska vara ett av 'supports', 'conditions' eller 'opposes'."
    assert en["literal_error"] == "Input should be one of 'supports', 'conditions' or 'opposes'."
    assert sv["string_too_short"] == "Texten ska ha minst 2 tecken."
    assert en["string_too_short"] == "String should have at least 2 characters."
    assert sv["less_than"] == "Värdet ska vara mindre än 10."
    assert en["too_long"] == "Should have at most 1 items, not 2."
    assert sv["extra_forbidden"].startswith("Fältet finns inte här")
    assert en["bool_parsing"].startswith("Input should be a valid boolean")
    # Every message differs between the languages, and none is pydantic's own text in Swedish.
    assert all(sv[t] != en[t] for t in types)
    assert not set(sv.values()) & {e["msg"] for e in raw}
    # loc, type and ctx are passed on untouched.
    for before, after in zip(raw, translated_errors(raw), strict=True):
        assert {k: v for k, v in after.items() if k != "msg"} == {
            k: v for k, v in before.items() if k != "msg"
        }


def test_every_listed_message_formats_with_pydantics_context():
    """Each template names only context values pydantic gives for its type."""
    contexts = {
        "string_too_short": {"min_length": 1},
        "string_too_long": {"max_length": 1},
        "string_pattern_mismatch": {"pattern": "^a$"},
        "too_short": {"field_type": "List", "min_length": 1, "actual_length": 0},
        "too_long": {"field_type": "List", "max_length": 1, "actual_length": 2},
        "greater_than": {"gt": 0},
        "greater_than_equal": {"ge": 0},
        "less_than": {"lt": 0},
        "less_than_equal": {"le": 0},
        "multiple_of": {"multiple_of": 2},
        "enum": {"expected": "'a' or 'b'"},
        "literal_error": {"expected": "'a' or 'b'"},
        "json_invalid": {"error": "EOF while parsing"},
    }
    for language in ("sv", "en"):
        with translation.override(language):
            for kind in MESSAGES:
                error = {
                    "type": kind,
                    "loc": ("body",),
                    "msg": "pydantic",
                    "ctx": contexts.get(kind),
                }
                text = translated_errors([error])[0]["msg"]
                assert text and text != "pydantic" and "%(" not in text, (language, kind)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "expected"), [("en", "Input"), ("sv", "Värdet"), ("", "Värdet")]
)
def test_an_api_clients_accept_language_chooses_the_answers_language(world, header, expected):
    """The tryout asked for English with a Swedish person's token and got Swedish: a program's
    Accept-Language decides (pages still follow the person's choice); without it, the person's."""
    client = api_client(world.employee)  # a Swedish-speaking person
    extra = {"HTTP_ACCEPT_LANGUAGE": f"{header},sv;q=0.5"} if header else {}
    response = client.get(f"{IDEAS}?limit=abc", **extra)
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"].startswith(expected), response.json()


@pytest.mark.django_db
def test_a_missing_key_is_refused_in_the_clients_language():
    from django.test import Client

    english = Client().get(IDEAS, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    swedish = Client().get(IDEAS)
    assert english.status_code == swedish.status_code == 401
    assert english.json()["detail"] != swedish.json()["detail"]
    assert swedish.json()["detail"].startswith("Inloggning krävs")
