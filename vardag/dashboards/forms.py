"""The overview's filters: scope (a unit the person may see) and period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.dashboards.scope import unit_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "\u2003" * getattr(obj, "depth", 0) + obj.name


def _unit_field(label: Any, *, required: bool = False, empty: Any = None) -> UnitField:
    return UnitField(
        label=label, required=required, queryset=Unit.objects.none(), empty_label=empty
    )


class OverviewForm(forms.Form):
    unit = _unit_field(_("Enhet (med enheterna under)"), empty=_("Hela organisationen"))
    since = forms.DateField(label=_("Från"), required=False, widget=DATE)
    until = forms.DateField(label=_("Till"), required=False, widget=DATE)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = unit_choices(actor)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        if not actor.has_role("admin", "innovation_lead"):
            field.empty_label = None
        # The iterator first: setting the queryset renders the widget's choices with it.
        field.iterator = _ordered(self.units)  # type: ignore[assignment]  # Django takes an iterator class here
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in self.units])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("Slutdatum kan inte vara före startdatum."))
        return data

    def values(self) -> dict[str, Any]:
        """unit_id, since and until for the selectors (empty when the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "unit_id": d["unit"].pk if d.get("unit") else None,
            "since": d.get("since"),
            "until": d.get("until"),
        }


def _ordered(units: list[Unit]) -> type:
    """Choices in tree order, indented by depth (the form's queryset is unordered)."""

    class Iterator(forms.models.ModelChoiceIterator):
        def __iter__(self):  # type: ignore[no-untyped-def]  # yields Django's choice pairs
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for unit in units:
                yield self.choice(unit)

    return Iterator


class CompareForm(forms.Form):
    a = _unit_field(_("Första enheten"), required=True)
    b = _unit_field(_("Andra enheten"), required=True)
    since = forms.DateField(label=_("Från"), required=False, widget=DATE)
    until = forms.DateField(label=_("Till"), required=False, widget=DATE)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = unit_choices(actor)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.empty_label = None
            field.iterator = _ordered(units)  # type: ignore[assignment]  # Django takes an iterator class here
            field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class ReportForm(OverviewForm):
    """The committee report: an administration (or any unit the person may see) and a period."""
