"""The demo writes most of its questionnaire answers in bulk (surveys/demo._write_answers); they
must be the rows the answering services leave, so the demo's results show what real answers
would show."""

from __future__ import annotations

import numpy as np
import pytest
from django.forms.models import model_to_dict

from vardag.surveys import services
from vardag.surveys.demo import _answer_through_services, _answers, _write_answers
from vardag.surveys.models import (
    Answer,
    Audience,
    Invitation,
    Response,
    Section,
    Version,
    token_hash,
)
from vardag.surveys.tests.factories import conditions_round

pytestmark = pytest.mark.django_db


def _rows(response: Response) -> tuple[dict, list[dict]]:
    fields = model_to_dict(response, exclude=["id"])
    answers = [
        model_to_dict(answer, exclude=["id", "response"])
        for answer in Answer.objects.filter(response=response).order_by("item_id")
    ]
    return fields, answers


def test_bulk_answers_are_the_rows_the_services_write(world):
    round_ = conditions_round(world)
    services.round_open(actor=world.innovation_lead, round_=round_)
    unit = world.units["school"]
    by_services, in_bulk = services.round_links_generate(
        actor=world.innovation_lead, round_=round_, unit=unit, audience=Audience.EMPLOYEE, count=2
    )
    sections = list(Section.objects.filter(version=round_.version).prefetch_related("items"))
    items = [item for section in sections for item in section.items.all()]
    # The same answers both ways, with an open comment the services redact.
    data = _answers(items, np.random.default_rng(7), trait=3.2)
    open_items = [item.code for item in items if item.kind == "open"]
    assert open_items, "the instrument has an open question"
    data[open_items[0]] = "Ring Anna på 070-123 45 67 om det här."

    _answer_through_services(by_services, items, data, pages=len(sections))
    _write_answers(round_, [(in_bulk, data)], items, pages=len(sections))

    first, second = Response.objects.filter(round=round_).order_by("id")
    assert _rows(first) == _rows(second)
    assert first.submitted_on is not None and first.draft_key is None
    assert "070-123 45 67" not in Answer.objects.get(response=second, item__code=open_items[0]).text
    hashes = [token_hash(link.token, "invitation") for link in (by_services, in_bulk)]
    assert Invitation.objects.filter(token_hash__in=hashes, is_used=True).count() == 2
    assert Version.objects.get(pk=round_.version_id).frozen_at is not None


def test_bulk_answers_refuse_a_used_link(world):
    round_ = conditions_round(world)
    services.round_open(actor=world.innovation_lead, round_=round_)
    (link,) = services.round_links_generate(
        actor=world.innovation_lead,
        round_=round_,
        unit=world.units["school"],
        audience=Audience.EMPLOYEE,
        count=1,
    )
    sections = list(Section.objects.filter(version=round_.version).prefetch_related("items"))
    items = [item for section in sections for item in section.items.all()]
    data = _answers(items, np.random.default_rng(1), trait=3)
    _answer_through_services(link, items, data, pages=len(sections))
    with pytest.raises(AssertionError, match="already used"):
        _write_answers(round_, [(link, data)], items, pages=len(sections))
    assert Response.objects.filter(round=round_).count() == 1
