import pytest
from django import forms
from django.core.exceptions import ValidationError

from vardag.core.forms import act_or_message, save_or_errors

pytestmark = pytest.mark.django_db


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


def test_a_refusal_for_a_field_the_form_lacks_lands_on_the_form() -> None:
    form = _valid_form()

    def refuse() -> int:
        raise ValidationError({"due_on": "Datumet har redan varit.", "title": "För kort."})

    assert save_or_errors(form, refuse) is None
    assert form.non_field_errors() == ["Datumet har redan varit."]
    assert form.errors["title"] == ["För kort."]


def test_a_refusal_halfway_leaves_nothing_written(world) -> None:
    from vardag.core.models import Unit

    form = _valid_form()

    def write_then_refuse() -> None:
        Unit.objects.filter(pk=world.units["unit"].pk).update(name="Ändrad")
        raise ValidationError("Nej.")

    save_or_errors(form, write_then_refuse)
    assert Unit.objects.get(pk=world.units["unit"].pk).name != "Ändrad"


def test_a_button_tells_how_it_went(rf) -> None:
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]

    assert act_or_message(request, lambda: 3, lambda n: f"{n} punkter lades till.") == 3

    def refuse() -> int:
        raise ValidationError("Mötet är redan justerat.")

    assert act_or_message(request, refuse, "Klart.") is None
    shown = [(m.level_tag, str(m)) for m in get_messages(request)]
    assert shown == [("success", "3 punkter lades till."), ("error", "Mötet är redan justerat.")]
