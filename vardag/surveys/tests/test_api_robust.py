"""The survey section PUT answers 422 for bad input, never 500 (issue 14, item 5)."""

from __future__ import annotations

import pytest

from vardag.surveys.tests.test_builder import _api, _small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        {"title_sv": "Ny rubrik"},
        {"title_sv": "Villkor", "condition_item_code": "t1", "condition_value": "5"},
        {"title_sv": "Okänt", "condition_item_code": "finns-inte", "condition_value": "1"},
        {"title_sv": "Tomt värde", "condition_item_code": "t1", "condition_value": ""},
        {"title_sv": "Eget", "condition_item_code": "used", "condition_value": "1"},
        {"title_sv": "x", "condition_item_code": "", "condition_value": "1"},
        {"title_sv": ""},
        {},
    ],
)
def test_section_put_answers_without_a_server_error(world, body):
    call = _api(world)
    q = _small(world)
    sections = call("GET", f"/questionnaires/{q.pk}/builder").json()["sections"]
    for section in sections:
        response = call("PUT", f"/questionnaires/{q.pk}/sections/{section['id']}", body)
        assert response.status_code in (200, 422), (section, body, response.content)


def test_section_put_on_an_answered_or_foreign_questionnaire(world):
    from vardag.surveys.tests.test_builder import _answer

    call = _api(world)
    q, other = _small(world), _small(world)
    old = call("GET", f"/questionnaires/{q.pk}/builder").json()["sections"]
    _answer(q)  # the next edit makes a new version
    first = call("PUT", f"/questionnaires/{q.pk}/sections/{old[0]['id']}", {"title_sv": "Ny"})
    assert first.status_code == 200, first.content
    again = call("PUT", f"/questionnaires/{q.pk}/sections/{old[0]['id']}", {"title_sv": "Igen"})
    assert again.status_code in (200, 404, 422), again.content
    foreign = call("PUT", f"/questionnaires/{other.pk}/sections/{old[1]['id']}", {"title_sv": "x"})
    assert foreign.status_code in (404, 422), foreign.content
    for huge in (2**31, 2**63, 10**30):
        response = call("PUT", f"/questionnaires/{q.pk}/sections/{huge}", {"title_sv": "x"})
        assert response.status_code == 422, response.content
