from django import forms
from django.core.exceptions import ValidationError

from vardag.core.forms import save_or_errors


class _Form(forms.Form):
    title = forms.CharField()


def _valid_form() -> _Form:
    form = _Form({"title": "Läxhjälp"})
    assert form.is_valid()
    return form


def test_returns_what_the_service_returns() -> None:
    form = _valid_form()
    assert save_or_errors(form, lambda: 42) == 42
    assert not form.errors


def test_a_refusal_lands_on_the_form() -> None:
    form = _valid_form()

    def refuse() -> int:
        raise ValidationError("Beslutet ligger utanför mandatet.")

    assert save_or_errors(form, refuse) is None
    assert form.non_field_errors() == ["Beslutet ligger utanför mandatet."]


def test_a_refusal_for_a_field_lands_on_that_field() -> None:
    form = _valid_form()

    def refuse() -> int:
        raise ValidationError({"title": "Titeln finns redan."})

    assert save_or_errors(form, refuse) is None
    assert form.errors["title"] == ["Titeln finns redan."]
    assert "title" not in form.cleaned_data
