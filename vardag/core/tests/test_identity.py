"""No personnummer or samordningsnummer stays in free text (issue 14, item 4).

The generated numbers are checked by the independent `personnummer` package (MIT), not by the
detector under test.
"""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from personnummer import personnummer

from vardag.core import identity, once
from vardag.core.privacy import contains_valid_personnummer

FREE_TEXT = [
    (model, field)
    for model, field in identity.vardag_text_fields()
    if field.attname in dict(identity.guarded_fields(model))
]


def _luhn(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


@st.composite
def identity_numbers(draw: st.DrawFn) -> str:
    """A valid personnummer or samordningsnummer, written in one of the accepted ways."""
    born = draw(st.dates(date(1901, 1, 1), date(2025, 12, 31)))
    coordination = draw(st.booleans())
    day = born.day + (60 if coordination else 0)
    serial = f"{draw(st.integers(1, 999)):03d}"  # 000 is never issued
    short = f"{born:%y%m}{day:02d}{serial}"
    number = f"{short}{_luhn(short)}"
    century = f"{born.year // 100}"
    old = date.today().year - born.year >= 100
    separator = "+" if old else "-"
    written = draw(
        st.sampled_from(
            [
                f"{number[:6]}{separator}{number[6:]}",
                f"{century}{number[:6]}-{number[6:]}",
                f"{century}{number}",
                *([] if old else [number]),
            ]
        )
    )
    assert personnummer.valid(written), written  # an independent check of the generator
    return written


def test_every_character_field_is_free_text_or_a_named_machine_value():
    """A new CharField, TextField or JSONField is guarded unless someone says why not."""
    labels = {f"{m._meta.label}.{f.name}" for m, f in identity.vardag_text_fields()}
    stale = set(identity.MACHINE_FIELDS) - labels
    assert not stale, f"MACHINE_FIELDS names fields that do not exist: {sorted(stale)}"
    for model, field in identity.vardag_text_fields():
        label = f"{model._meta.label}.{field.name}"
        guarded = field.attname in dict(identity.guarded_fields(model))
        exempt = label in identity.MACHINE_FIELDS or bool(field.choices)
        exempt = exempt or isinstance(field, models.SlugField)
        assert guarded != exempt, label
    # The fields the issue names are among the guarded ones, refused where people type them.
    refused = {
        f"{m._meta.label}.{name}"
        for m, _f in identity.vardag_text_fields()
        for name, policy in identity.guarded_fields(m)
        if policy == "refuse"
    }
    for label in (
        "ideas.Idea.title",
        "ideas.Idea.summary",
        "ideas.Feedback.body",
        "ideas.Comment.body",
        "meetings.AgendaItem.notes",
        "meetings.AgendaItem.description",
        "pilots.Pilot.hypothesis",
        "pilots.Evaluation.findings",
        "participation.ValueAssessment.child_view",
    ):
        assert label in refused, label
    assert len(FREE_TEXT) > 140


@hsettings(max_examples=400)
@given(
    target=st.sampled_from(FREE_TEXT),
    number=identity_numbers(),
    before=st.sampled_from(["", "Ring om ", "Barnet (", "Se ärende\n"]),
    after=st.sampled_from(["", " i morgon.", ")", "\nMvh"]),
)
def test_no_free_text_field_keeps_an_identity_number(target, number, before, after):
    model, field = target
    text = f"{before}{number}{after}"
    instance = model()
    value: object = {"text": text, "list": [text]} if isinstance(field, models.JSONField) else text
    setattr(instance, field.attname, value)
    policy = dict(identity.guarded_fields(model))[field.attname]
    try:
        pre_save.send(sender=model, instance=instance, raw=False, using="default")
    except ValidationError as exc:
        assert policy == "refuse"
        assert exc.error_dict[field.attname][0].code == identity.CODE
        return
    assert policy == "redact" or isinstance(field, models.JSONField)
    kept = getattr(instance, field.attname)
    assert not contains_valid_personnummer(str(kept))
    assert "[personnummer]" in str(kept) or "[samordningsnummer]" in str(kept)


@hsettings(max_examples=100)
@given(number=identity_numbers())
def test_every_form_text_field_refuses_it(number):
    class Any(forms.Form):
        text = forms.CharField(widget=forms.Textarea)
        line = forms.CharField(required=False)

    form = Any({"text": f"Gäller {number}.", "line": number})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["text"]] == [identity.CODE]
    assert [e.code for e in form.errors.as_data()["line"]] == [identity.CODE]


@pytest.mark.parametrize(
    "text",
    [
        "Ring 070-123 45 67 eller 08-508 000 00.",
        "Diarienummer KS 2024/1234, organisationsnummer 212000-0142.",
        "Budget 1 250 000 kr, 19 barn, möte 2025-03-14 kl. 13.00-15.30.",
        "850312-1235",  # wrong check digit: not a valid number, not refused here
    ],
)
def test_ordinary_numbers_pass(text):
    assert forms.CharField().clean(text) == text


def test_one_time_keys_never_look_like_identity_numbers():
    keys = {once.new_one_time_key() for _ in range(2000)}
    assert len(keys) == 2000
    assert not any(contains_valid_personnummer(k) for k in keys)
